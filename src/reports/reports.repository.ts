import { rowsOf, type Queryable } from '../persistence/queryable';

// Mandated reports (migration 1765500000002): the receipt and the case it opened; read back by
// the reporter only as codes through casework_report_status.

export interface NewReport {
  reportId: string;
  receiptNumber: string;
  reporter: string;
  reporterDivision: string;
  caseId: string;
  village: string;
  risk: string;
}

export async function insertReport(db: Queryable, r: NewReport): Promise<void> {
  await db.query(
    `INSERT INTO mandated_reports (report_id, receipt_number, reporter, reporter_division, case_id, village, risk)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [r.reportId, r.receiptNumber, r.reporter, r.reporterDivision, r.caseId, r.village, r.risk],
  );
}

export interface ReportStatusRow {
  receiptNumber: string;
  filedAt: string;
  caseStatus: string | null;
  decisionOutcome: string | null;
  closedAt: string | null;
}

/** The reporter's own reports (one, by receipt, or the latest 200): status codes only. */
export async function reportStatusesOf(db: Queryable, reporter: string, receipt: string | null): Promise<ReportStatusRow[]> {
  const rows = await rowsOf<{
    receipt_number: string;
    filed_at: Date;
    case_status: string | null;
    decision_outcome: string | null;
    closed_at: string | null;
  }>(db, 'SELECT receipt_number, filed_at, case_status, decision_outcome, closed_at FROM casework_report_status($1, $2)', [reporter, receipt]);
  return rows.map((r) => ({
    receiptNumber: r.receipt_number,
    filedAt: r.filed_at.toISOString(),
    caseStatus: r.case_status,
    decisionOutcome: r.decision_outcome,
    closedAt: r.closed_at,
  }));
}
