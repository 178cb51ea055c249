import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { AppConfig } from '../config/config';

// Personal data that comes with a signal (the subject's name and ID number) and what people write
// about an alert (a dismissal's reason) are sealed at rest with AES-256-GCM under the active
// PII_KEYS key, bound by their additional data to the row they belong to. Format:
// key id length (1 byte) ‖ key id ‖ iv (12) ‖ tag (16) ‖ ciphertext.

export interface SignalSubject {
  name: string | null;
  idNumber: string | null;
}

export class SignalCipher {
  constructor(private readonly pii: AppConfig['pii']) {}

  seal(aad: string, plaintext: string): Buffer {
    const keyId = this.pii.activeKeyId;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.pii.keys[keyId], iv);
    cipher.setAAD(Buffer.from(aad));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const id = Buffer.from(keyId, 'utf8');
    return Buffer.concat([Buffer.from([id.length]), id, iv, cipher.getAuthTag(), body]);
  }

  open(aad: string, sealed: Buffer): string {
    const idLength = sealed[0];
    const keyId = sealed.subarray(1, 1 + idLength).toString('utf8');
    const key = this.pii.keys[keyId];
    if (!key) throw new Error(`no key ${keyId} configured`);
    const rest = sealed.subarray(1 + idLength);
    const decipher = createDecipheriv('aes-256-gcm', key, rest.subarray(0, 12));
    decipher.setAAD(Buffer.from(aad));
    decipher.setAuthTag(rest.subarray(12, 28));
    return Buffer.concat([decipher.update(rest.subarray(28)), decipher.final()]).toString('utf8');
  }

  sealSubject(source: string, signalId: string, subject: SignalSubject): Buffer {
    return this.seal(`signal|${source}|${signalId}`, JSON.stringify(subject));
  }

  openSubject(source: string, signalId: string, sealed: Buffer): SignalSubject {
    return JSON.parse(this.open(`signal|${source}|${signalId}`, sealed)) as SignalSubject;
  }
}
