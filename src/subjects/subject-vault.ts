import { Logger } from '@nestjs/common';
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import type { AppConfig } from '../config/config';
import type { Queryable } from '../persistence/queryable';
import type { CaseCipher, CaseKeyLookup } from './case-keys';
import { activeCaseOfPerson, insertSubject, lockPersonByBlindIndex, subjectCiphertexts } from './subjects.repository';

// Personal data of a case's subject lives only here: encrypted with AES-256-GCM (authenticated)
// under the case's own data key (src/subjects/case-keys.ts; key id `case`), bound to its row by the
// additional data, so destroying the case's key destroys it too. Subjects stored before issue 12
// carry the id of a PII_KEYS key and still decrypt with it. A keyed blind index (HMAC) finds the
// same person across cases without decrypting anything.

/** key_id of a subject encrypted under its case's data key. */
export const CASE_KEY_ID = 'case';

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

  /** Under a PII_KEYS key: how subjects were stored before issue 12 (kept for tests of old rows). */
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

  async store(tx: Queryable, subjectRef: string, data: SubjectData, recordedFor: { caseId: string; kind: string }, key: CaseCipher): Promise<void> {
    const ciphertext = key.sealBytes(`subject|${subjectRef}`, Buffer.from(JSON.stringify(data), 'utf8'));
    await insertSubject(tx, { subjectRef, keyId: CASE_KEY_ID, ciphertext, blindIndex: this.blindIndex(data.idNumber), ...recordedFor });
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

  /** The subjects that can be decrypted, by reference; `keys` are their cases' keys (CaseCrypto.forReading). */
  async load(db: Queryable, subjectRefs: string[], keys: ReadonlyMap<string, CaseKeyLookup>): Promise<Map<string, SubjectData>> {
    if (subjectRefs.length === 0) return new Map();
    const out = new Map<string, SubjectData>();
    for (const r of await subjectCiphertexts(db, subjectRefs)) {
      try {
        if (r.keyId === CASE_KEY_ID) {
          const key = r.caseId ? keys.get(r.caseId) : undefined;
          if (typeof key !== 'object') throw new Error(`case key ${key ?? 'missing'}`);
          out.set(r.subjectRef, JSON.parse(key.openBytes(`subject|${r.subjectRef}`, r.ciphertext).toString('utf8')) as SubjectData);
        } else out.set(r.subjectRef, this.decrypt(r.subjectRef, r.keyId, r.ciphertext));
      } catch (e) {
        // One subject this process cannot decrypt (a key not configured here, a damaged row) must
        // not take a whole list down: that case shows no subject; the reason goes to the log.
        this.log.warn({ msg: 'subject not decryptable', subjectRef: r.subjectRef, keyId: r.keyId, error: (e as Error).name });
      }
    }
    return out;
  }
}
