import type { CaseEvent } from '../domain';
import { rowsOf, type Queryable } from '../persistence/queryable';
import type { ChainRow } from './chain-verification';

// Reading the hash-chained event log. Rows come back exactly as hashed: occurred_at as the ISO
// string the workflow produced (millisecond precision), data as the JSON it wrote.

export interface EventLogRow extends ChainRow {
  recordedAt: string;
}

interface RawEventRow {
  case_id: string;
  seq: number;
  type: string;
  data: unknown;
  actor: string;
  occurred_at: Date;
  policy_version: string;
  prev_hash: string;
  hash: string;
  recorded_at: Date;
}

export const EVENT_COLUMNS = 'case_id, seq, type, data, actor, occurred_at, policy_version, prev_hash, hash, recorded_at';

export function toEventLogRow(r: RawEventRow): EventLogRow {
  return {
    caseId: r.case_id,
    seq: r.seq,
    type: r.type,
    data: r.data,
    actor: r.actor,
    occurredAt: r.occurred_at.toISOString(),
    policyVersion: r.policy_version,
    prevHash: r.prev_hash,
    hash: r.hash,
    recordedAt: r.recorded_at.toISOString(),
  };
}

/** The event the core folds, rebuilt from a stored row. */
export function toCaseEvent(row: ChainRow): CaseEvent {
  return { type: row.type, at: row.occurredAt, actor: row.actor, data: row.data } as CaseEvent;
}

/** A page of one case's events after `afterSeq`, in seq order. */
export async function readEvents(db: Queryable, caseId: string, afterSeq = 0, limit?: number): Promise<EventLogRow[]> {
  const rows = await rowsOf<RawEventRow>(
    db,
    `SELECT ${EVENT_COLUMNS} FROM case_events WHERE case_id = $1 AND seq > $2 ORDER BY seq${limit === undefined ? '' : ' LIMIT $3'}`,
    limit === undefined ? [caseId, afterSeq] : [caseId, afterSeq, limit],
  );
  return rows.map(toEventLogRow);
}

/** All events of several cases, ordered by case then seq (one export batch). */
export async function readEventsOfCases(db: Queryable, caseIds: readonly string[]): Promise<EventLogRow[]> {
  const rows = await rowsOf<RawEventRow>(db, `SELECT ${EVENT_COLUMNS} FROM case_events WHERE case_id = ANY($1::uuid[]) ORDER BY case_id, seq`, [
    caseIds,
  ]);
  return rows.map(toEventLogRow);
}
