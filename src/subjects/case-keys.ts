import { Logger } from '@nestjs/common';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { LocalKeyProvider, type KeyProvider, type KeyRing } from '../keys/key-provider';
import type { Queryable } from '../persistence/queryable';
import { caseKeyCreatedUnlessPresent, caseKeyOf, caseKeysOf, destroyCaseKey, insertCaseKey } from './case-keys.repository';

// Envelope encryption, one data key per case: the case's narratives (in its events and read model)
// and its subject are encrypted with the case's own AES-256-GCM key; that key is stored only
// wrapped by a key-encryption key from the KeyProvider. Destroying the one wrapped copy destroys
// everything encrypted under it (crypto-shredding), even in the append-only event log.

/** Prefix of a sealed narrative: `enc:1:` + base64(iv ‖ tag ‖ ciphertext). */
export const SEALED_PREFIX = 'enc:1:';
const IV = 12;
const TAG = 16;

/** A sealed value that does not open: the case's key is not the one it was sealed with, or it was changed. */
export class SealedValueError extends Error {
  override name = 'SealedValueError';
}

/** Encryption under one case's data key. */
export interface CaseCipher {
  readonly caseId: string;
  sealText(text: string): string;
  /** The plaintext of a sealed value; a value that is not sealed (written before issue 12) is returned as it is. */
  openText(value: string): string;
  sealBytes(purpose: string, data: Buffer): Buffer;
  openBytes(purpose: string, data: Buffer): Buffer;
}

/** Nest injection token of the CaseCrypto in use. */
export const CASE_CRYPTO = Symbol('CASE_CRYPTO');

/** A case's key for reading: a cipher, or why there is none. Cases with no key row (older cases) are absent. */
export type CaseKeyLookup = CaseCipher | 'destroyed' | 'unavailable';

/** What the rest of the system asks of the case keys (the API, the worker's append, the readers). */
export interface CaseCrypto {
  /** A new case's data key (the API, before the case's workflow starts). */
  create(tx: Queryable, caseId: string): Promise<CaseCipher>;
  /** The case's key for writing, made if the case has none yet; 'destroyed' once shredded. */
  forWriting(tx: Queryable, caseId: string): Promise<CaseCipher | 'destroyed'>;
  forReading(db: Queryable, caseIds: readonly string[]): Promise<Map<string, CaseKeyLookup>>;
  /** Crypto-shredding, in the caller's transaction. */
  destroy(tx: Queryable, caseId: string): Promise<void>;
}

export function isSealed(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(SEALED_PREFIX);
}

/** AES-256-GCM under one case's key; the additional data binds each value to the case and its purpose. */
export class AesCaseCipher implements CaseCipher {
  constructor(
    readonly caseId: string,
    private readonly key: Buffer,
  ) {}

  sealText(text: string): string {
    return SEALED_PREFIX + this.seal(`narrative|${this.caseId}`, Buffer.from(text, 'utf8')).toString('base64');
  }

  openText(value: string): string {
    if (!isSealed(value)) return value;
    return this.open(`narrative|${this.caseId}`, Buffer.from(value.slice(SEALED_PREFIX.length), 'base64')).toString('utf8');
  }

  sealBytes(purpose: string, data: Buffer): Buffer {
    return this.seal(`${purpose}|${this.caseId}`, data);
  }

  openBytes(purpose: string, data: Buffer): Buffer {
    return this.open(`${purpose}|${this.caseId}`, data);
  }

  private seal(aad: string, plaintext: Buffer): Buffer {
    const iv = randomBytes(IV);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }

  private open(aad: string, sealed: Buffer): Buffer {
    if (sealed.length < IV + TAG) throw new SealedValueError('sealed value is truncated');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, sealed.subarray(0, IV));
      decipher.setAAD(Buffer.from(aad, 'utf8'));
      decipher.setAuthTag(sealed.subarray(IV, IV + TAG));
      return Buffer.concat([decipher.update(sealed.subarray(IV + TAG)), decipher.final()]);
    } catch {
      throw new SealedValueError('sealed value failed authentication');
    }
  }
}

const CACHE_SIZE = 10_000;
const contextOf = (caseId: string) => `case:${caseId}`;

/** Per-case data keys in `case_keys`, wrapped by the provider's key-encryption keys. */
export class CaseKeys implements CaseCrypto {
  private readonly log = new Logger('case-keys');
  /** Unwrapped keys by their wrapped form: a rewrapped or destroyed key is simply not found again. */
  private readonly unwrapped = new Map<string, Buffer>();

  constructor(private readonly provider: KeyProvider) {}

  async create(tx: Queryable, caseId: string): Promise<CaseCipher> {
    const key = randomBytes(32);
    const { keyId, wrapped } = await this.provider.wrap(key, contextOf(caseId));
    await insertCaseKey(tx, { caseId, kekId: keyId, wrapped });
    return new AesCaseCipher(caseId, key);
  }

  async forWriting(tx: Queryable, caseId: string): Promise<CaseCipher | 'destroyed'> {
    let stored = await caseKeyOf(tx, caseId);
    if (stored === null) {
      // A case opened without the API (a harness, a replayed start): its key is made here, once.
      const { keyId, wrapped } = await this.provider.wrap(randomBytes(32), contextOf(caseId));
      stored = await caseKeyCreatedUnlessPresent(tx, { caseId, kekId: keyId, wrapped });
    }
    if (stored.wrapped === null) return 'destroyed';
    return new AesCaseCipher(caseId, await this.unwrap(stored.caseId, stored.kekId, stored.wrapped));
  }

  async forReading(db: Queryable, caseIds: readonly string[]): Promise<Map<string, CaseKeyLookup>> {
    const out = new Map<string, CaseKeyLookup>();
    for (const row of await caseKeysOf(db, [...new Set(caseIds)])) {
      if (row.wrapped === null) {
        out.set(row.caseId, 'destroyed');
        continue;
      }
      try {
        out.set(row.caseId, new AesCaseCipher(row.caseId, await this.unwrap(row.caseId, row.kekId, row.wrapped)));
      } catch (e) {
        // One case this process cannot unwrap (a KEK not configured here, a damaged row) must not
        // take a whole list down: its data shows as unavailable; the reason goes to the log.
        this.log.warn({ msg: 'case key not unwrappable', caseId: row.caseId, kekId: row.kekId, error: (e as Error).name });
        out.set(row.caseId, 'unavailable');
      }
    }
    return out;
  }

  async destroy(tx: Queryable, caseId: string): Promise<void> {
    await destroyCaseKey(tx, caseId);
  }

  private async unwrap(caseId: string, kekId: string, wrapped: Buffer): Promise<Buffer> {
    const cacheKey = `${caseId}|${kekId}|${wrapped.toString('base64')}`;
    const cached = this.unwrapped.get(cacheKey);
    if (cached) return cached;
    const key = await this.provider.unwrap(kekId, wrapped, contextOf(caseId));
    if (this.unwrapped.size >= CACHE_SIZE) this.unwrapped.delete(this.unwrapped.keys().next().value as string);
    this.unwrapped.set(cacheKey, key);
    return key;
  }
}

/** The context a case's data key is wrapped under (the rewrap job wraps it again under the same). */
export const caseKeyContext = contextOf;

/** The case keys of a configuration: the local provider over its key ring (a KMS adapter would go here). */
export function caseKeysFrom(ring: KeyRing): CaseKeys {
  return new CaseKeys(new LocalKeyProvider(ring));
}
