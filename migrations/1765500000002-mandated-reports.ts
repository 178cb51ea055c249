import { MigrationInterface, QueryRunner } from 'typeorm';

// 强制报告 (issue 14, 未成年人保护法 art. 11): a mandated reporter's report and the case it opened,
// under a receipt number. The reporter reads back only the status and outcome of its own reports,
// through one SECURITY DEFINER function that answers codes, never the case's content.
export class MandatedReports1765500000002 implements MigrationInterface {
  name = 'MandatedReports1765500000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE mandated_reports (
        report_id       uuid        NOT NULL,
        receipt_number  text        NOT NULL,
        reporter        text        NOT NULL,
        reporter_division char(12)  NOT NULL,
        case_id         uuid        NOT NULL,
        village         char(12)    NOT NULL,
        risk            text        NOT NULL,
        filed_at        timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT mandated_reports_pk PRIMARY KEY (report_id),
        CONSTRAINT mandated_reports_receipt_uq UNIQUE (receipt_number)
      )`);
    await q.query(`CREATE INDEX mandated_reports_reporter_ix ON mandated_reports (reporter, filed_at DESC)`);
    await q.query(`GRANT SELECT, INSERT ON mandated_reports TO casework_api`);
    await q.query(`
      CREATE FUNCTION casework_report_status(who text, receipt text)
      RETURNS TABLE (receipt_number text, filed_at timestamptz, case_status text, decision_outcome text, closed_at text)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
        SELECT r.receipt_number, r.filed_at, c.status, c.state->'decision'->>'outcome', c.state->>'closedAt'
          FROM mandated_reports r LEFT JOIN cases c ON c.case_id = r.case_id
         WHERE r.reporter = who AND (receipt IS NULL OR r.receipt_number = receipt)
         ORDER BY r.filed_at DESC
         LIMIT 200
      $$`);
    await q.query(`REVOKE ALL ON FUNCTION casework_report_status(text, text) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION casework_report_status(text, text) TO casework_api`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS casework_report_status(text, text)`);
    await q.query(`DROP TABLE IF EXISTS mandated_reports`);
  }
}
