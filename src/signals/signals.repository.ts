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

export interface NewAlertRow {
  alertId: string;
  source: string;
  signalId: string;
  type: string;
  score: number;
  village: string;
  township: string;
  suggestedKind: string;
  verifyDueAt: string;
  knownCaseId: string | null;
}

/**
 * Alerts for signals inserted in the same transaction (so none exists yet). No ON CONFLICT: under
 * row-level security it would also have to pass the read policy, and a source system reads no alert.
 */
export async function insertAlerts(tx: Queryable, rows: readonly NewAlertRow[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.query(
    `INSERT INTO alerts (alert_id, source, signal_id, type, score, village, township, suggested_kind, verify_due_at, known_case_id)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::int[], $6::char(12)[], $7::char(12)[], $8::text[], $9::timestamptz[], $10::uuid[])`,
    [
      rows.map((r) => r.alertId),
      rows.map((r) => r.source),
      rows.map((r) => r.signalId),
      rows.map((r) => r.type),
      rows.map((r) => r.score),
      rows.map((r) => r.village),
      rows.map((r) => r.township),
      rows.map((r) => r.suggestedKind),
      rows.map((r) => r.verifyDueAt),
      rows.map((r) => r.knownCaseId),
    ],
  );
}

export interface AlertRow {
  alertId: string;
  source: string;
  signalId: string;
  type: string;
  score: number;
  village: string;
  township: string;
  suggestedKind: string;
  verifyDueAt: string;
  status: 'open' | 'dismissed' | 'case_opened';
  knownCaseId: string | null;
  openedCaseId: string | null;
  createdAt: string;
  subjectSealed: Buffer;
}

const ALERT_COLUMNS = `a.alert_id, a.source, a.signal_id, a.type, a.score, a.village, a.township, a.suggested_kind, a.verify_due_at,
  a.status, a.known_case_id, a.opened_case_id, a.created_at, s.subject_sealed`;

type AlertSql = {
  alert_id: string;
  source: string;
  signal_id: string;
  type: string;
  score: number;
  village: string;
  township: string;
  suggested_kind: string;
  verify_due_at: Date;
  status: AlertRow['status'];
  known_case_id: string | null;
  opened_case_id: string | null;
  created_at: Date;
  subject_sealed: Buffer;
};

const alertOf = (r: AlertSql): AlertRow => ({
  alertId: r.alert_id,
  source: r.source,
  signalId: r.signal_id,
  type: r.type,
  score: r.score,
  village: r.village,
  township: r.township,
  suggestedKind: r.suggested_kind,
  verifyDueAt: r.verify_due_at.toISOString(),
  status: r.status,
  knownCaseId: r.known_case_id,
  openedCaseId: r.opened_case_id,
  createdAt: r.created_at.toISOString(),
  subjectSealed: r.subject_sealed,
});

/** The alert queue in scope (row-level security), soonest deadline first. */
export async function alertsInScope(db: Queryable, status: AlertRow['status'], limit: number): Promise<AlertRow[]> {
  const rows = await rowsOf<AlertSql>(
    db,
    `SELECT ${ALERT_COLUMNS} FROM alerts a JOIN signals s ON s.source = a.source AND s.signal_id = a.signal_id
      WHERE a.status = $1 ORDER BY a.verify_due_at, a.alert_id LIMIT $2`,
    [status, limit],
  );
  return rows.map(alertOf);
}

/** One alert in scope, locked for the caller's transaction. */
export async function alertForUpdate(tx: Queryable, alertId: string): Promise<AlertRow | null> {
  const [row] = await rowsOf<AlertSql>(
    tx,
    `SELECT ${ALERT_COLUMNS} FROM alerts a JOIN signals s ON s.source = a.source AND s.signal_id = a.signal_id
      WHERE a.alert_id = $1 FOR UPDATE OF a`,
    [alertId],
  );
  return row ? alertOf(row) : null;
}

export async function resolveAlert(
  tx: Queryable,
  alertId: string,
  outcome: { status: 'dismissed' | 'case_opened'; by: string; reasonSealed?: Buffer | null; openedCaseId?: string | null },
): Promise<void> {
  await tx.query(
    `UPDATE alerts SET status = $2, resolved_by = $3, resolved_at = now(), reason_sealed = $4, opened_case_id = $5 WHERE alert_id = $1`,
    [alertId, outcome.status, outcome.by, outcome.reasonSealed ?? null, outcome.openedCaseId ?? null],
  );
}
