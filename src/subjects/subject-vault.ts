import { Logger } from '@nestjs/common';
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import type { AppConfig } from '../config/config';
import type { Queryable } from '../persistence/queryable';
import { activeCaseOfPerson, insertSubject, lockPersonByBlindIndex, subjectCiphertexts } from './subjects.repository';

// Personal data of a case's subject lives only here: encrypted with AES-256-GCM (authenticated),
// bound to its row by the AAD, with the key id stored for rotation. A keyed blind index (HMAC)
// finds the same person across cases without decrypting anything.

export interface HouseholdMember {
  name: string;
  relation: string;
  idNumber?: string;
}

export interface SubjectData {
  name: string;
  idNumber: string;
  birthDate: string;
  sex: 'male' | 'female';
  addressDivision: string | null;
  household: HouseholdMember[];
}

export class SubjectVault {
  private readonly log = new Logger('subjects');

  constructor(private readonly pii: AppConfig['pii']) {}

  blindIndex(idNumber: string): Buffer {
    return createHmac('sha256', this.pii.blindIndexKey).update(`id-number:${idNumber.toUpperCase()}`).digest();
  }

  encrypt(subjectRef: string, data: SubjectData): { keyId: string; ciphertext: Buffer } {
    const keyId = this.pii.activeKeyId;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.pii.keys[keyId], iv);
    cipher.setAAD(Buffer.from(`${subjectRef}|${keyId}`));
    const body = Buffer.concat([cipher.update(JSON.stringify(data), 'utf8'), cipher.final()]);
    return { keyId, ciphertext: Buffer.concat([iv, cipher.getAuthTag(), body]) };
  }

  decrypt(subjectRef: string, keyId: string, ciphertext: Buffer): SubjectData {
    const key = this.pii.keys[keyId];
    if (!key) throw new Error(`no key ${keyId} configured to decrypt subject data`);
    const decipher = createDecipheriv('aes-256-gcm', key, ciphertext.subarray(0, 12));
    decipher.setAAD(Buffer.from(`${subjectRef}|${keyId}`));
    decipher.setAuthTag(ciphertext.subarray(12, 28));
    return JSON.parse(Buffer.concat([decipher.update(ciphertext.subarray(28)), decipher.final()]).toString('utf8')) as SubjectData;
  }

  async store(tx: Queryable, subjectRef: string, data: SubjectData, recordedFor: { caseId: string; kind: string }): Promise<void> {
    const { keyId, ciphertext } = this.encrypt(subjectRef, data);
    await insertSubject(tx, { subjectRef, keyId, ciphertext, blindIndex: this.blindIndex(data.idNumber), ...recordedFor });
  }

  /**
   * Another case of this kind for the same person that is not closed (or still being opened).
   * The caller holds a lock on the person (lockPerson) so two openings cannot both pass.
   */
  activeCaseOf(tx: Queryable, idNumber: string, kind: string, exceptCaseId: string): Promise<{ caseId: string; caseNumber: string | null } | null> {
    return activeCaseOfPerson(tx, this.blindIndex(idNumber), kind, exceptCaseId);
  }

  /** Serialise openings for one person (by blind index) until the transaction ends. */
  lockPerson(tx: Queryable, idNumber: string): Promise<void> {
    return lockPersonByBlindIndex(tx, this.blindIndex(idNumber));
  }

  async load(db: Queryable, subjectRefs: string[]): Promise<Map<string, SubjectData>> {
    if (subjectRefs.length === 0) return new Map();
    const out = new Map<string, SubjectData>();
    for (const r of await subjectCiphertexts(db, subjectRefs)) {
      try {
        out.set(r.subjectRef, this.decrypt(r.subjectRef, r.keyId, r.ciphertext));
      } catch (e) {
        // One subject this process cannot decrypt (a key not configured here, a damaged row) must
        // not take a whole list down: that case shows no subject; the reason goes to the log.
        this.log.warn({ msg: 'subject not decryptable', subjectRef: r.subjectRef, keyId: r.keyId, error: (e as Error).name });
      }
    }
    return out;
  }
}
