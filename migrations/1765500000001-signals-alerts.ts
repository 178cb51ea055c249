import { MigrationInterface, QueryRunner } from 'typeorm';

// Signals in and alerts (issue 14). A signal is kept once per (source, signal_id) — a resent batch
// adds nothing — with its subject sealed (never a plaintext name or ID number) and the keyed blind
// index that matched it. An alert is for the village and township of the subject's address; the
// API sees alerts only in its scope (row-level security, as cases), so a caseworker elsewhere
// never sees one. Matching crosses scopes through one SECURITY DEFINER function that answers only
// the cases of the given blind indexes.
const SCOPE = `nullif(current_setting('casework.scope', true), '')`;
const inScope = (column: string) => `(${column} BETWEEN rpad(${SCOPE}, 12, '0') AND rpad(${SCOPE}, 12, '9'))`;

export class SignalsAlerts1765500000001 implements MigrationInterface {
  name = 'SignalsAlerts1765500000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE signals (
        source          text        NOT NULL,
        signal_id       text        NOT NULL,
        type            text        NOT NULL,
        occurred_at     timestamptz NOT NULL,
        division        char(12)    NOT NULL,
        blind_index     bytea,
        subject_sealed  bytea       NOT NULL,
        score           integer     NOT NULL,
        matched_case_id uuid,
        submitted_by    text        NOT NULL,
        received_at     timestamptz NOT NULL DEFAULT now(),
        recorded_on_case_at timestamptz,
        CONSTRAINT signals_pk PRIMARY KEY (source, signal_id)
      )`);
    await q.query(
      `CREATE INDEX signals_unrecorded_ix ON signals (matched_case_id) WHERE matched_case_id IS NOT NULL AND recorded_on_case_at IS NULL`,
    );
    await q.query(`
      CREATE TABLE alerts (
        alert_id        uuid        NOT NULL,
        source          text        NOT NULL,
        signal_id       text        NOT NULL,
        type            text        NOT NULL,
        score           integer     NOT NULL,
        village         char(12)    NOT NULL,
        township        char(12)    NOT NULL,
        suggested_kind  text        NOT NULL,
        verify_due_at   timestamptz NOT NULL,
        status          text        NOT NULL DEFAULT 'open',
        known_case_id   uuid,
        opened_case_id  uuid,
        resolved_by     text,
        resolved_at     timestamptz,
        reason_sealed   bytea,
        created_at      timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT alerts_pk PRIMARY KEY (alert_id),
        CONSTRAINT alerts_signal_uq UNIQUE (source, signal_id),
        CONSTRAINT alerts_signal_fk FOREIGN KEY (source, signal_id) REFERENCES signals (source, signal_id),
        CONSTRAINT alerts_status_ck CHECK (status IN ('open', 'dismissed', 'case_opened'))
      )`);
    await q.query(`CREATE INDEX alerts_queue_ix ON alerts (village, status, verify_due_at)`);
    await q.query(`CREATE INDEX alerts_township_ix ON alerts (township, status)`);
    await q.query(`GRANT SELECT, INSERT, UPDATE ON signals, alerts TO casework_api`);
    await q.query(`ALTER TABLE alerts ENABLE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY alerts_in_scope ON alerts FOR SELECT TO casework_api USING (${inScope('village')} OR ${inScope('township')})`);
    await q.query(
      `CREATE POLICY alerts_worked_in_scope ON alerts FOR UPDATE TO casework_api USING (${inScope('village')} OR ${inScope('township')})`,
    );
    // A source system raises alerts wherever its signals' subjects live, without seeing them.
    await q.query(`CREATE POLICY alerts_raised ON alerts FOR INSERT TO casework_api WITH CHECK (true)`);
    await q.query(`
      CREATE FUNCTION casework_cases_of_persons(persons bytea[])
      RETURNS TABLE (blind_index bytea, case_id uuid, status text, origin char(12), holder char(12), opened_at timestamptz)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
        SELECT s.blind_index, c.case_id, c.status, c.origin, c.holder, c.opened_at
          FROM subjects s JOIN cases c ON c.case_id = s.case_id
         WHERE s.blind_index = ANY(persons)
      $$`);
    await q.query(`REVOKE ALL ON FUNCTION casework_cases_of_persons(bytea[]) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION casework_cases_of_persons(bytea[]) TO casework_api`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS casework_cases_of_persons(bytea[])`);
    await q.query(`DROP TABLE IF EXISTS alerts`);
    await q.query(`DROP TABLE IF EXISTS signals`);
  }
}
