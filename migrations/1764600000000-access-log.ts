import { MigrationInterface, QueryRunner } from 'typeorm';

// Who saw a child's or a household's data, and when: one row per read of a case or decode of
// Temporal payloads, so access to sensitive personal information (PIPL art. 28, 51) can be
// audited. Append-only like the event log: a record of access that can be edited proves nothing.
export class AccessLog1764600000000 implements MigrationInterface {
  name = 'AccessLog1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE access_log (
        entry_id      bigint      GENERATED ALWAYS AS IDENTITY,
        at            timestamptz NOT NULL DEFAULT now(),
        principal_id  text        NOT NULL,
        roles         text[]      NOT NULL,
        division      char(12)    NOT NULL,
        action        text        NOT NULL,
        case_id       uuid,
        request_id    text,
        detail        jsonb       NOT NULL DEFAULT '{}'::jsonb,
        CONSTRAINT access_log_pk PRIMARY KEY (entry_id)
      )`);
    await q.query(`CREATE INDEX access_log_case_ix ON access_log (case_id, at DESC) WHERE case_id IS NOT NULL`);
    await q.query(`CREATE INDEX access_log_principal_ix ON access_log (principal_id, at DESC)`);
    await q.query(`CREATE INDEX access_log_at_ix ON access_log (at DESC, entry_id DESC)`);
    await q.query(`
      CREATE FUNCTION access_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'access_log is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER access_log_no_update_delete BEFORE UPDATE OR DELETE ON access_log
      FOR EACH ROW EXECUTE FUNCTION access_log_append_only()`);
    await q.query(`
      CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON access_log
      FOR EACH STATEMENT EXECUTE FUNCTION access_log_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS access_log`);
    await q.query(`DROP FUNCTION IF EXISTS access_log_append_only()`);
  }
}
