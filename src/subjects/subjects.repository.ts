import { rowsOf, type Queryable } from '../persistence/queryable';

// Encrypted personal data of case subjects (table `subjects`). Nothing here sees plaintext: rows
// hold ciphertext and a keyed blind index; SubjectVault encrypts and decrypts.

export interface SubjectCiphertext {
  subjectRef: string;
  keyId: string;
  ciphertext: Buffer;
  /** The case it was recorded for (null in rows from before that link existed). */
  caseId?: string | null;
}

export async function insertSubject(tx: Queryable, row: SubjectCiphertext & { blindIndex: Buffer; caseId: string; kind: string }): Promise<void> {
  await tx.query(
    // subject_ref is always fresh. (No ON CONFLICT: under row-level security it would also have
    // to pass the read policy, and a new subject has no case yet.)
    `INSERT INTO subjects (subject_ref, key_id, ciphertext, blind_index, case_id, kind) VALUES ($1, $2, $3, $4, $5, $6)`,
    [row.subjectRef, row.keyId, row.ciphertext, row.blindIndex, row.caseId, row.kind],
  );
}

/**
 * Another case of this kind for the person with this blind index that is not closed (or still
 * being opened). A SECURITY DEFINER function: the API role sees cases only in scope, but a
 * duplicate may be anywhere, and the function reveals nothing beyond the case number.
 */
export async function activeCaseOfPerson(
  tx: Queryable,
  blindIndex: Buffer,
  kind: string,
  exceptCaseId: string,
): Promise<{ caseId: string; caseNumber: string | null } | null> {
  const rows = await rowsOf<{ case_id: string; case_number: string | null }>(
    tx,
    'SELECT case_id, case_number FROM casework_active_case_of($1, $2, $3)',
    [blindIndex, kind, exceptCaseId],
  );
  return rows[0] ? { caseId: rows[0].case_id, caseNumber: rows[0].case_number } : null;
}

/** Serialise openings for one person (by blind index) until the transaction ends. */
export async function lockPersonByBlindIndex(tx: Queryable, blindIndex: Buffer): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 2))', [blindIndex.toString('hex')]);
}

export async function subjectCiphertexts(db: Queryable, subjectRefs: readonly string[]): Promise<SubjectCiphertext[]> {
  const rows = await rowsOf<{ subject_ref: string; key_id: string; ciphertext: Buffer; case_id: string | null }>(
    db,
    'SELECT subject_ref, key_id, ciphertext, case_id FROM subjects WHERE subject_ref = ANY($1::uuid[])',
    [subjectRefs],
  );
  return rows.map((r) => ({ subjectRef: r.subject_ref, keyId: r.key_id, ciphertext: r.ciphertext, caseId: r.case_id }));
}

/** Shredding: the subject of a case, its blind index with it (no later case finds the person through it). */
export async function deleteSubjectsOfCase(tx: Queryable, caseId: string): Promise<void> {
  await tx.query('DELETE FROM subjects WHERE case_id = $1', [caseId]);
}

/**
 * Subjects recorded by an opening that never produced a case (the workflow never ran, or failed),
 * older than `before`: with their data keys and idempotency records, so a late retry cannot point a
 * new case at a deleted subject. Returns how many subjects went.
 */
export async function purgeOrphanSubjects(
  tx: Queryable,
  before: string,
  limit: number,
  onlyCaseIds: readonly string[] | null = null,
): Promise<number> {
  const rows = await rowsOf<{ case_id: string | null; subject_ref: string }>(
    tx,
    // A CTE, so the driver answers the deleted rows themselves (a bare DELETE answers [rows, count]).
    `WITH gone AS (
       DELETE FROM subjects s
        WHERE s.subject_ref IN (
          SELECT x.subject_ref FROM subjects x
           WHERE x.created_at < $1
             AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.subject_ref = x.subject_ref)
             AND NOT EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = x.case_id)
             AND ($3::uuid[] IS NULL OR x.case_id = ANY($3::uuid[]))
           LIMIT $2)
        RETURNING s.case_id, s.subject_ref)
     SELECT case_id, subject_ref FROM gone`,
    [before, limit, onlyCaseIds],
  );
  const caseIds = rows.map((r) => r.case_id).filter((c): c is string => c !== null);
  if (caseIds.length) {
    await tx.query('DELETE FROM case_keys WHERE case_id = ANY($1::uuid[])', [caseIds]);
    await tx.query('DELETE FROM idempotency_keys WHERE case_id = ANY($1::uuid[])', [caseIds]);
  }
  return rows.length;
}
