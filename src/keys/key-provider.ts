import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

// Key-encryption keys (KEKs): each case's data key is stored only wrapped by one of them, named by
// its key id. The application never sees a KEK in the database, and a KEK never encrypts data.
//
// The seam for a KMS or Vault is this interface. An adapter implements `wrap`/`unwrap` with the
// service's own calls and keeps `currentKeyId` in step with the service's current key version:
//   - HashiCorp Vault Transit: wrap = POST /v1/transit/encrypt/<name> {plaintext: base64(dataKey),
//     context: base64(context)} (a derived key), the answer's "vault:vN:…" is `wrapped` and the key
//     id is `vault:<name>:vN`; unwrap = POST /v1/transit/decrypt/<name>. Rotation = transit/keys/
//     <name>/rotate; retiring = raising min_decryption_version once `npm run keys:rewrap` reports 0.
//   - A cloud KMS (Alibaba Cloud KMS, Tencent Cloud KMS — data stays in China): wrap = Encrypt with
//     the context as EncryptionContext, unwrap = Decrypt; the key id is the key's ARN/id + version.
// Both keep the KEK inside the service; only wrapped data keys and key ids reach PostgreSQL. The
// local provider below is for development, tests and deployments that keep KEKs in files or the
// environment (CASE_KEYS / CASE_KEYS_FILE, see src/config/config.ts).

export interface KeyProvider {
  /** The KEK new data keys are wrapped with, and that the rewrap job moves every data key to. */
  readonly currentKeyId: string;
  /** Whether this provider can unwrap data keys wrapped with `keyId`. */
  holds(keyId: string): boolean;
  wrap(dataKey: Buffer, context: string): Promise<{ keyId: string; wrapped: Buffer }>;
  /** Throws when the key is not held or the wrapped key (or its context) was changed. */
  unwrap(keyId: string, wrapped: Buffer, context: string): Promise<Buffer>;
}

export interface KeyRing {
  /** key id → 32-byte AES key. */
  keys: Record<string, Buffer>;
  activeKeyId: string;
}

export class KeyUnavailableError extends Error {
  override name = 'KeyUnavailableError';
}

const IV = 12;
const TAG = 16;

/** KEKs held in this process (from the environment or a file): AES-256-GCM key wrapping. */
export class LocalKeyProvider implements KeyProvider {
  constructor(private readonly ring: KeyRing) {
    if (!ring.keys[ring.activeKeyId]) throw new Error(`the current key ${ring.activeKeyId} is not in the key ring`);
  }

  get currentKeyId(): string {
    return this.ring.activeKeyId;
  }

  holds(keyId: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.ring.keys, keyId);
  }

  wrap(dataKey: Buffer, context: string): Promise<{ keyId: string; wrapped: Buffer }> {
    return new Promise((resolve) => {
      const keyId = this.ring.activeKeyId;
      const iv = randomBytes(IV);
      const cipher = createCipheriv('aes-256-gcm', this.ring.keys[keyId], iv);
      cipher.setAAD(aad(keyId, context));
      const body = Buffer.concat([cipher.update(dataKey), cipher.final()]);
      resolve({ keyId, wrapped: Buffer.concat([iv, cipher.getAuthTag(), body]) });
    });
  }

  unwrap(keyId: string, wrapped: Buffer, context: string): Promise<Buffer> {
    return new Promise((resolve) => {
      if (!this.holds(keyId)) throw new KeyUnavailableError(`key-encryption key ${keyId} is not configured`);
      const decipher = createDecipheriv('aes-256-gcm', this.ring.keys[keyId], wrapped.subarray(0, IV));
      decipher.setAAD(aad(keyId, context));
      decipher.setAuthTag(wrapped.subarray(IV, IV + TAG));
      resolve(Buffer.concat([decipher.update(wrapped.subarray(IV + TAG)), decipher.final()]));
    });
  }
}

/** Binds a wrapped key to the KEK that wrapped it and to what it is for (the case). */
function aad(keyId: string, context: string): Buffer {
  return Buffer.from(`casework-kek|${keyId}|${context}`, 'utf8');
}
