import { rowsOf, type Queryable } from '../persistence/queryable';

// Signals and alerts (migration 1765500000001). Bulk statements: a batch of 10,000 signals is a
// handful of round trips, not 10,000.

export interface NewSignalRow {
  source: string;
  signalId: string;
  type: string;
  occurredAt: string;
  division: string;
  blindIndex: Buffer | null;
  subjectSealed: Buffer;
  score: number;
  submittedBy: string;
}

/** Insert the signals not stored yet; answers the keys of those inserted now (a resend inserts none). */
export async function insertNewSignals(tx: Queryable, rows: readonly NewSignalRow[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const inserted = await rowsOf<{ source: string; signal_id: string }>(
    tx,
    `INSERT INTO signals (source, signal_id, type, occurred_at, division, blind_index, subject_sealed, score, submitted_by)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::char(12)[], $6::bytea[], $7::bytea[], $8::int[], $9::text[])
     ON CONFLICT (source, signal_id) DO NOTHING
     RETURNING source, signal_id`,
    [
      rows.map((r) => r.source),
      rows.map((r) => r.signalId),
      rows.map((r) => r.type),
      rows.map((r) => r.occurredAt),
      rows.map((r) => r.division),
      rows.map((r) => r.blindIndex),
      rows.map((r) => r.subjectSealed),
      rows.map((r) => r.score),
      rows.map((r) => r.submittedBy),
    ],
  );
  return new Set(inserted.map((r) => signalKey(r.source, r.signal_id)));
}

export const signalKey = (source: string, signalId: string) => `${source}\u0000${signalId}`;

export interface PersonCase {
  blindIndex: Buffer;
  caseId: string;
  status: string;
  origin: string;
  holder: string;
  openedAt: string;
}

/** The cases (any scope) of the people with these blind indexes: the one question asked across scopes. */
export async function casesOfPersons(db: Queryable, blindIndexes: readonly Buffer[]): Promise<PersonCase[]> {
  if (blindIndexes.length === 0) return [];
  const rows = await rowsOf<{ blind_index: Buffer; case_id: string; status: string; origin: string; holder: string; opened_at: Date }>(
    db,
    'SELECT blind_index, case_id, status, origin, holder, opened_at FROM casework_cases_of_persons($1::bytea[])',
    [blindIndexes],
  );
  return rows.map((r) => ({
    blindIndex: r.blind_index,
    caseId: r.case_id,
    status: r.status,
    origin: r.origin,
    holder: r.holder,
    openedAt: r.opened_at.toISOString(),
  }));
}

export async function markSignalsMatched(tx: Queryable, matches: readonly { source: string; signalId: string; caseId: string }[]): Promise<void> {
  if (matches.length === 0) return;
  await tx.query(
    `UPDATE signals s SET matched_case_id = m.case_id
       FROM unnest($1::text[], $2::text[], $3::uuid[]) AS m(source, signal_id, case_id)
      WHERE s.source = m.source AND s.signal_id = m.signal_id`,
    [matches.map((m) => m.source), matches.map((m) => m.signalId), matches.map((m) => m.caseId)],
  );
}

/** Signals matched to an open case and not yet recorded on it (a resend retries them). */
export async function unrecordedCaseSignals(
  db: Queryable,
  keys: readonly { source: string; signalId: string }[],
): Promise<{ source: string; signalId: string; type: string; score: number; caseId: string }[]> {
  if (keys.length === 0) return [];
  const rows = await rowsOf<{ source: string; signal_id: string; type: string; score: number; matched_case_id: string }>(
    db,
    `SELECT s.source, s.signal_id, s.type, s.score, s.matched_case_id FROM signals s
       JOIN unnest($1::text[], $2::text[]) AS k(source, signal_id) ON k.source = s.source AND k.signal_id = s.signal_id
      WHERE s.matched_case_id IS NOT NULL AND s.recorded_on_case_at IS NULL`,
    [keys.map((k) => k.source), keys.map((k) => k.signalId)],
  );
  return rows.map((r) => ({ source: r.source, signalId: r.signal_id, type: r.type, score: r.score, caseId: r.matched_case_id }));
}

export async function markSignalRecorded(db: Queryable, source: string, signalId: string): Promise<void> {
  await db.query('UPDATE signals SET recorded_on_case_at = now() WHERE source = $1 AND signal_id = $2', [source, signalId]);
}
