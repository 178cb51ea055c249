import type { EntityManager } from 'typeorm';
import { nextDeadline, type CaseState, type Family } from '../domain';
import type { AllocateCaseNumberInput, AppendEventsInput } from '../temporal/activities';
import { eventHash, GENESIS_HASH } from './event-chain';
import { rowsOf, type Queryable } from './queryable';

// The write side of a case: its number, its hash-chained events and the read-model row, written
// only by the workflow's (local) activities. Each write is idempotent, so retries are safe.

const FAMILY_PREFIX: Record<Family, string> = { minor_protection: 'MP', hardship: 'HS' };

/** The case's number, allocated once per case from a per-county, per-year counter. */
export async function allocateCaseNumberIn(tx: Queryable, { caseId, family, county, year }: AllocateCaseNumberInput): Promise<string> {
  const prefix = `${FAMILY_PREFIX[family]}-${county}`;
  const existing = await rowsOf<{ case_number: string }>(tx, 'SELECT case_number FROM case_numbers WHERE case_id = $1', [caseId]);
  if (existing.length) return existing[0].case_number;
  const [{ last }] = await rowsOf<{ last: number }>(
    tx,
    `INSERT INTO case_number_counters (prefix, year, last) VALUES ($1, $2, 1)
     ON CONFLICT (prefix, year) DO UPDATE SET last = case_number_counters.last + 1
     RETURNING last`,
    [prefix, year],
  );
  const caseNumber = `${prefix}-${year}-${String(last).padStart(6, '0')}`;
  await tx.query('INSERT INTO case_numbers (case_id, prefix, year, seq, case_number) VALUES ($1, $2, $3, $4, $5)', [
    caseId,
    prefix,
    year,
    last,
    caseNumber,
  ]);
  return caseNumber;
}

/** The per-case write lock (until the transaction ends): appends and rebuilds of one case take turns. */
export async function lockCaseWritesIn(tx: Queryable, caseId: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [caseId]);
}

/** Append a batch of events to the chain and upsert the read model, in the caller's transaction. */
export async function appendEventsIn(
  tx: EntityManager,
  { caseId, firstSeq, events, policyVersion, state, commandKey }: AppendEventsInput,
): Promise<void> {
  // One writer per case; the lock only guards against an attempt that timed out but still runs.
  await lockCaseWritesIn(tx, caseId);
  const [{ max }] = await rowsOf<{ max: number | null }>(tx, 'SELECT max(seq) AS max FROM case_events WHERE case_id = $1', [caseId]);
  const stored = max ?? 0;
  const lastSeq = firstSeq + events.length - 1;
  if (stored >= lastSeq) return; // a retry of a batch that already committed
  if (stored !== firstSeq - 1) throw new Error(`case ${caseId}: expected stored seq ${firstSeq - 1}, found ${stored}`);

  let prevHash = GENESIS_HASH;
  if (stored > 0) {
    const [row] = await rowsOf<{ hash: string }>(tx, 'SELECT hash FROM case_events WHERE case_id = $1 AND seq = $2', [caseId, stored]);
    prevHash = row.hash;
  }
  for (const [i, event] of events.entries()) {
    const seq = firstSeq + i;
    const hash = eventHash(prevHash, { caseId, seq, type: event.type, data: event.data, actor: event.actor, occurredAt: event.at, policyVersion });
    await tx.query(
      `INSERT INTO case_events (case_id, seq, type, data, actor, occurred_at, policy_version, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [caseId, seq, event.type, JSON.stringify(event.data), event.actor, event.at, policyVersion, prevHash, hash],
    );
    prevHash = hash;
  }
  await upsertCaseRowIn(tx, state);
  // A retry of this command, even in a later run of the workflow, is answered with this version.
  if (commandKey) {
    await tx.query('UPDATE command_keys SET version = $3 WHERE principal = $1 AND key = $2 AND case_id = $4 AND version IS NULL', [
      commandKey.principal,
      commandKey.key,
      state.version,
      caseId,
    ]);
  }
}

/**
 * The read-model row of a case from its state. `onlyNewer` (the workflow's writes): a retried,
 * older batch never overwrites a newer row; false (a rebuild from the event log): the fold wins.
 */
export async function upsertCaseRowIn(tx: Queryable, state: CaseState, onlyNewer = true): Promise<void> {
  await tx.query(
    `INSERT INTO cases (case_id, case_number, family, kind, status, level, origin, holder, risk, overdue, deadline,
                        version, policy_version, subject_ref, opened_at, updated_at, state, transfer_to)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
     ON CONFLICT (case_id) DO UPDATE SET
       status = EXCLUDED.status, level = EXCLUDED.level, holder = EXCLUDED.holder, risk = EXCLUDED.risk,
       overdue = EXCLUDED.overdue, deadline = EXCLUDED.deadline, version = EXCLUDED.version,
       updated_at = EXCLUDED.updated_at, state = EXCLUDED.state, transfer_to = EXCLUDED.transfer_to
     ${onlyNewer ? 'WHERE cases.version < EXCLUDED.version' : ''}`,
    [
      state.caseId,
      state.caseNumber,
      state.family,
      state.kind,
      state.status,
      state.level,
      state.origin,
      state.holder,
      state.risk,
      state.overdue,
      nextDeadline(state),
      state.version,
      state.policyVersion,
      state.subjectRef,
      state.openedAt,
      state.updatedAt,
      JSON.stringify(state),
      state.pendingTransfer?.to ?? null,
    ],
  );
}

/** Every case that has events, in id order (a rebuild walks them). */
export async function caseIdsWithEvents(db: Queryable): Promise<string[]> {
  const rows = await rowsOf<{ case_id: string }>(db, 'SELECT DISTINCT case_id FROM case_events ORDER BY case_id');
  return rows.map((r) => r.case_id);
}

/** Read-model rows that no event backs (a rebuild removes them). */
export async function deleteCaseRowsWithoutEventsIn(tx: Queryable): Promise<number> {
  const rows = await rowsOf<{ case_id: string }>(
    tx,
    'DELETE FROM cases c WHERE NOT EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.case_id) RETURNING case_id',
  );
  return rows.length;
}
