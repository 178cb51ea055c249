import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { METADATA_ENCODING_KEY, type Payload, type PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { AppConfig } from '../config/config';

// Everything the API and the worker hand to Temporal — workflow inputs, Update arguments and
// results, activity inputs, failure messages and stack traces — is encrypted before it leaves the
// process, so Temporal's database and UI hold ciphertext only (SPEC §4: children's and households'
// data). AES-256-GCM authenticates as well as hides: a changed byte fails to decrypt instead of
// decoding into something else.

export const ENCRYPTED_ENCODING = 'binary/encrypted';
/** Which key encrypted the payload, so older keys keep decrypting after a rotation. */
export const KEY_ID_METADATA_KEY = 'encryption-key-id';

const ProtoPayload = temporal.api.common.v1.Payload;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export type PayloadKeyRing = Pick<AppConfig['payloadCodec'], 'keys' | 'activeKeyId'>;

/** A payload that cannot be decrypted. The message names the reason, never the content. */
export class PayloadDecryptionError extends Error {
  override name = 'PayloadDecryptionError';
}

export class PayloadEncryptionCodec implements PayloadCodec {
  constructor(private readonly ring: PayloadKeyRing) {
    if (!ring.keys[ring.activeKeyId]) throw new Error(`the active payload key ${ring.activeKeyId} is not in the key ring`);
  }

  // Synchronous work behind the codec's async interface: a failure rejects, it never throws.
  encode(payloads: Payload[]): Promise<Payload[]> {
    return new Promise((resolve) => resolve(payloads.map((payload) => this.encrypt(payload))));
  }

  decode(payloads: Payload[]): Promise<Payload[]> {
    return new Promise((resolve) => resolve(payloads.map((payload) => this.decrypt(payload))));
  }

  private encrypt(payload: Payload): Payload {
    const keyId = this.ring.activeKeyId;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.ring.keys[keyId], iv);
    cipher.setAAD(aad(keyId));
    // The whole payload, metadata included, is sealed: its protobuf encoding is the plaintext,
    // as in Temporal's own encryption samples.
    const plaintext = ProtoPayload.encode(payload).finish();
    const sealed = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return {
      metadata: { [METADATA_ENCODING_KEY]: utf8(ENCRYPTED_ENCODING), [KEY_ID_METADATA_KEY]: utf8(keyId) },
      data: Buffer.concat([iv, cipher.getAuthTag(), sealed]),
    };
  }

  private decrypt(payload: Payload): Payload {
    // Payloads written before the codec was switched on stay readable; everything new is sealed.
    if (text(payload.metadata?.[METADATA_ENCODING_KEY]) !== ENCRYPTED_ENCODING) return payload;
    const keyId = text(payload.metadata?.[KEY_ID_METADATA_KEY]);
    if (keyId === null) throw new PayloadDecryptionError('encrypted payload names no key');
    const key = this.ring.keys[keyId];
    if (!key) throw new PayloadDecryptionError(`payload key ${keyId} is not configured`);
    const data = payload.data ?? new Uint8Array();
    if (data.length < IV_BYTES + TAG_BYTES) throw new PayloadDecryptionError('encrypted payload is truncated');
    let plaintext: Buffer;
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
      decipher.setAAD(aad(keyId));
      decipher.setAuthTag(data.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      plaintext = Buffer.concat([decipher.update(data.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
    } catch {
      throw new PayloadDecryptionError('encrypted payload failed authentication');
    }
    const { metadata, data: inner } = ProtoPayload.decode(plaintext);
    return { metadata, data: inner };
  }
}

/** Binds the ciphertext to its key id: relabelling a payload with another key fails authentication. */
function aad(keyId: string): Buffer {
  return Buffer.from(`${ENCRYPTED_ENCODING}|${keyId}`, 'utf8');
}

function utf8(value: string): Uint8Array {
  return Buffer.from(value, 'utf8');
}

function text(value: Uint8Array | null | undefined): string | null {
  return value ? Buffer.from(value).toString('utf8') : null;
}
