import { rowsOf, type Queryable } from '../persistence/queryable';

// Each case's data key, stored only wrapped by a key-encryption key (table `case_keys`). A
// destroyed key keeps its row (wrapped_key NULL, destroyed_at set), so it is never made again.

export interface WrappedCaseKey {
  caseId: string;
  kekId: string;
  /** null once destroyed. */
  wrapped: Buffer | null;
}

interface Row {
  case_id: string;
  kek_id: string;
  wrapped_key: Buffer | null;
}

const toKey = (r: Row): WrappedCaseKey => ({ caseId: r.case_id, kekId: r.kek_id, wrapped: r.wrapped_key });

/** A new case's key (the API, before the case exists; no ON CONFLICT under row-level security). */
export async function insertCaseKey(tx: Queryable, key: { caseId: string; kekId: string; wrapped: Buffer }): Promise<void> {
  await tx.query('INSERT INTO case_keys (case_id, kek_id, wrapped_key) VALUES ($1, $2, $3)', [key.caseId, key.kekId, key.wrapped]);
}

/** The worker's get-or-create: inserts unless the case has a key (or had one), then reads it back. */
export async function caseKeyCreatedUnlessPresent(tx: Queryable, key: { caseId: string; kekId: string; wrapped: Buffer }): Promise<WrappedCaseKey> {
  await tx.query('INSERT INTO case_keys (case_id, kek_id, wrapped_key) VALUES ($1, $2, $3) ON CONFLICT (case_id) DO NOTHING', [
    key.caseId,
    key.kekId,
    key.wrapped,
  ]);
  const [row] = await rowsOf<Row>(tx, 'SELECT case_id, kek_id, wrapped_key FROM case_keys WHERE case_id = $1', [key.caseId]);
  return toKey(row);
}

export async function caseKeyOf(db: Queryable, caseId: string): Promise<WrappedCaseKey | null> {
  const [row] = await rowsOf<Row>(db, 'SELECT case_id, kek_id, wrapped_key FROM case_keys WHERE case_id = $1', [caseId]);
  return row ? toKey(row) : null;
}

export async function caseKeysOf(db: Queryable, caseIds: readonly string[]): Promise<WrappedCaseKey[]> {
  if (caseIds.length === 0) return [];
  const rows = await rowsOf<Row>(db, 'SELECT case_id, kek_id, wrapped_key FROM case_keys WHERE case_id = ANY($1::uuid[])', [caseIds]);
  return rows.map(toKey);
}

/** Crypto-shredding: the only copy of the data key is gone. */
export async function destroyCaseKey(tx: Queryable, caseId: string): Promise<void> {
  await tx.query('UPDATE case_keys SET wrapped_key = NULL, destroyed_at = now() WHERE case_id = $1 AND wrapped_key IS NOT NULL', [caseId]);
}

/**
 * The next batch of live keys after `afterCaseId` wrapped by one of `fromKekIds` (any but `target`
 * when null), in case order, locked for this transaction (a concurrent run skips them).
 */
export async function caseKeysToRewrap(
  tx: Queryable,
  q: { target: string; fromKekIds: readonly string[] | null; afterCaseId: string | null; limit: number },
): Promise<WrappedCaseKey[]> {
  const rows = await rowsOf<Row>(
    tx,
    `SELECT case_id, kek_id, wrapped_key FROM case_keys
      WHERE wrapped_key IS NOT NULL AND kek_id <> $1
        AND ($2::text[] IS NULL OR kek_id = ANY($2::text[]))
        AND ($3::uuid IS NULL OR case_id > $3::uuid)
      ORDER BY case_id LIMIT $4 FOR UPDATE SKIP LOCKED`,
    [q.target, q.fromKekIds, q.afterCaseId, q.limit],
  );
  return rows.map(toKey);
}

/** How many live keys a run will have to move. */
export async function caseKeysToRewrapCount(db: Queryable, target: string, fromKekIds: readonly string[] | null): Promise<number> {
  const [{ n }] = await rowsOf<{ n: number }>(
    db,
    `SELECT count(*)::int AS n FROM case_keys WHERE wrapped_key IS NOT NULL AND kek_id <> $1 AND ($2::text[] IS NULL OR kek_id = ANY($2::text[]))`,
    [target, fromKekIds],
  );
  return n;
}

export async function storeRewrappedKey(tx: Queryable, key: { caseId: string; kekId: string; wrapped: Buffer }): Promise<void> {
  await tx.query('UPDATE case_keys SET kek_id = $2, wrapped_key = $3, rewrapped_at = now() WHERE case_id = $1 AND wrapped_key IS NOT NULL', [
    key.caseId,
    key.kekId,
    key.wrapped,
  ]);
}

/** Live data keys per key-encryption key: a KEK with none left can be retired. */
export async function liveKeysByKek(db: Queryable): Promise<Record<string, number>> {
  const rows = await rowsOf<{ kek_id: string; n: number }>(
    db,
    'SELECT kek_id, count(*)::int AS n FROM case_keys WHERE wrapped_key IS NOT NULL GROUP BY kek_id ORDER BY kek_id',
  );
  return Object.fromEntries(rows.map((r) => [r.kek_id, r.n]));
}

// ── Progress of rewrap runs (table `key_rewrap_runs`) ─────────────────────────────────────────

export interface RewrapRun {
  runId: string;
  targetKekId: string;
  startedAt: string;
  updatedAt: string;
  finishedAt: string | null;
  rewrapped: number;
  /** Keys the run could not unwrap (a KEK not held here, a damaged row): they stay as they were. */
  failed: number;
  remaining: number;
}

interface RunRow {
  run_id: string;
  target_kek: string;
  started_at: Date;
  updated_at: Date;
  finished_at: Date | null;
  rewrapped: number;
  failed: number;
  remaining: number;
}

const toRun = (r: RunRow): RewrapRun => ({
  runId: r.run_id,
  targetKekId: r.target_kek,
  startedAt: r.started_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
  finishedAt: r.finished_at?.toISOString() ?? null,
  rewrapped: r.rewrapped,
  failed: r.failed,
  remaining: r.remaining,
});

export async function startRewrapRun(db: Queryable, runId: string, targetKekId: string, remaining: number): Promise<void> {
  await db.query('INSERT INTO key_rewrap_runs (run_id, target_kek, remaining) VALUES ($1, $2, $3)', [runId, targetKekId, remaining]);
}

export async function recordRewrapProgress(
  tx: Queryable,
  runId: string,
  p: { rewrapped: number; failed: number; lastCaseId: string | null; finished: boolean },
): Promise<void> {
  await tx.query(
    `UPDATE key_rewrap_runs SET rewrapped = rewrapped + $2, failed = failed + $3, updated_at = now(),
            remaining = CASE WHEN $5 THEN 0 ELSE greatest(remaining - $2 - $3, 0) END,
            last_case_id = coalesce($4::uuid, last_case_id),
            finished_at = CASE WHEN $5 THEN now() ELSE finished_at END
      WHERE run_id = $1`,
    [runId, p.rewrapped, p.failed, p.lastCaseId, p.finished],
  );
}

export async function rewrapRunsNewestFirst(db: Queryable, limit: number): Promise<RewrapRun[]> {
  const rows = await rowsOf<RunRow>(
    db,
    'SELECT run_id, target_kek, started_at, updated_at, finished_at, rewrapped, failed, remaining FROM key_rewrap_runs ORDER BY started_at DESC LIMIT $1',
    [limit],
  );
  return rows.map(toRun);
}
