import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { AppConfig } from '../config/config';

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

  async store(tx: EntityManager, subjectRef: string, data: SubjectData, recordedFor: { caseId: string; kind: string }): Promise<void> {
    const { keyId, ciphertext } = this.encrypt(subjectRef, data);
    await tx.query(
      // subject_ref is always fresh. (No ON CONFLICT: under row-level security it would also have
      // to pass the read policy, and a new subject has no case yet.)
      `INSERT INTO subjects (subject_ref, key_id, ciphertext, blind_index, case_id, kind) VALUES ($1, $2, $3, $4, $5, $6)`,
      [subjectRef, keyId, ciphertext, this.blindIndex(data.idNumber), recordedFor.caseId, recordedFor.kind],
    );
  }

  /**
   * Another case of this kind for the same person that is not closed (or still being opened).
   * The caller holds a lock on the person (lockPerson) so two openings cannot both pass.
   */
  async activeCaseOf(
    tx: EntityManager,
    idNumber: string,
    kind: string,
    exceptCaseId: string,
  ): Promise<{ caseId: string; caseNumber: string | null } | null> {
    // A SECURITY DEFINER function: the API role sees cases only in scope, but a duplicate may
    // be anywhere, and the function reveals nothing beyond the case number.
    const rows: { case_id: string; case_number: string | null }[] = await tx.query(
      'SELECT case_id, case_number FROM casework_active_case_of($1, $2, $3)',
      [this.blindIndex(idNumber), kind, exceptCaseId],
    );
    return rows[0] ? { caseId: rows[0].case_id, caseNumber: rows[0].case_number } : null;
  }

  /** Serialise openings for one person (by blind index) until the transaction ends. */
  async lockPerson(tx: EntityManager, idNumber: string): Promise<void> {
    await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 2))', [this.blindIndex(idNumber).toString('hex')]);
  }

  async load(db: EntityManager, subjectRefs: string[]): Promise<Map<string, SubjectData>> {
    if (subjectRefs.length === 0) return new Map();
    const rows: { subject_ref: string; key_id: string; ciphertext: Buffer }[] = await db.query(
      'SELECT subject_ref, key_id, ciphertext FROM subjects WHERE subject_ref = ANY($1::uuid[])',
      [subjectRefs],
    );
    return new Map(rows.map((r) => [r.subject_ref, this.decrypt(r.subject_ref, r.key_id, r.ciphertext)]));
  }
}
