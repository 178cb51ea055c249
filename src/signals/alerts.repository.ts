import { rowsOf, type Queryable } from '../persistence/queryable';

// Alerts (migration 1765500000001): raised by the signal intake for a village and township, read
// and worked in scope (row-level security).

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

/** An alert as stored: what the intake inserted, and how it has been worked since. */
export interface AlertRow extends NewAlertRow {
  status: 'open' | 'dismissed' | 'case_opened';
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
