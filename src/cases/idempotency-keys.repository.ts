import { rowsOf, type Queryable } from '../persistence/queryable';

// Idempotency keys of case openings: the first request's case and subject, by (principal, key).
// Both kinds of key are serialised per (principal, key) by lockIdempotencyKey.

export interface RememberedOpening {
  requestHash: string;
  caseId: string;
  subjectRef: string;
}

/** Serialise requests with the same key until the transaction ends. */
export async function lockIdempotencyKey(tx: Queryable, principal: string, key: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 1))', [`${principal}|${key}`]);
}

export async function openingByKey(tx: Queryable, principal: string, key: string): Promise<RememberedOpening | null> {
  const rows = await rowsOf<{ request_hash: string; case_id: string; subject_ref: string }>(
    tx,
    'SELECT request_hash, case_id, subject_ref FROM idempotency_keys WHERE principal = $1 AND key = $2',
    [principal, key],
  );
  const r = rows[0];
  return r ? { requestHash: r.request_hash, caseId: r.case_id, subjectRef: r.subject_ref } : null;
}

export async function rememberOpening(tx: Queryable, principal: string, key: string, opening: RememberedOpening): Promise<void> {
  await tx.query('INSERT INTO idempotency_keys (principal, key, request_hash, case_id, subject_ref) VALUES ($1, $2, $3, $4, $5)', [
    principal,
    key,
    opening.requestHash,
    opening.caseId,
    opening.subjectRef,
  ]);
}

// Idempotency keys of commands on a case: the first request's case and fingerprint, and the
// version it produced once its events landed (set by the workflow's append, same transaction).

export interface RememberedCommand {
  caseId: string;
  requestHash: string;
  /** The case's version right after the command's events; null until they are stored. */
  version: number | null;
}

export async function commandByKey(tx: Queryable, principal: string, key: string): Promise<RememberedCommand | null> {
  const rows = await rowsOf<{ case_id: string; request_hash: string; version: number | null }>(
    tx,
    'SELECT case_id, request_hash, version FROM command_keys WHERE principal = $1 AND key = $2',
    [principal, key],
  );
  const r = rows[0];
  return r ? { caseId: r.case_id, requestHash: r.request_hash, version: r.version } : null;
}

export async function rememberCommand(
  tx: Queryable,
  principal: string,
  key: string,
  command: { caseId: string; requestHash: string },
): Promise<void> {
  await tx.query('INSERT INTO command_keys (principal, key, case_id, request_hash) VALUES ($1, $2, $3, $4)', [
    principal,
    key,
    command.caseId,
    command.requestHash,
  ]);
}
