import { MigrationInterface, QueryRunner } from 'typeorm';

// Envelope encryption (issue 12): one data key per case, stored only wrapped by a key-encryption
// key named by its id. The API writes a new case's key before the case exists (as it writes the
// subject) and reads the keys of cases in its scope; destroying a key (crypto-shredding) keeps the
// row with no key in it. Progress of key-rotation runs, for operators. The retention sweep finds
// closed cases by the closure time in their state. Schema only: 1765300000001 backfills closedAt.
export class CaseKeys1765300000000 implements MigrationInterface {
  name = 'CaseKeys1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE case_keys (
        case_id       uuid        NOT NULL,
        kek_id        text        NOT NULL,
        wrapped_key   bytea,
        created_at    timestamptz NOT NULL DEFAULT now(),
        rewrapped_at  timestamptz,
        destroyed_at  timestamptz,
        CONSTRAINT case_keys_pk PRIMARY KEY (case_id),
        CONSTRAINT case_keys_destroyed_ck CHECK ((wrapped_key IS NULL) = (destroyed_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX case_keys_kek_ix ON case_keys (kek_id) WHERE wrapped_key IS NOT NULL`);
    await q.query(`GRANT SELECT, INSERT ON case_keys TO casework_api`);
    await q.query(`ALTER TABLE case_keys ENABLE ROW LEVEL SECURITY`);
    await q.query(`
      CREATE POLICY case_keys_in_scope ON case_keys FOR SELECT TO casework_api
      USING (EXISTS (SELECT 1 FROM cases c WHERE c.case_id = case_keys.case_id))`);
    await q.query(`CREATE POLICY case_keys_recorded ON case_keys FOR INSERT TO casework_api WITH CHECK (wrapped_key IS NOT NULL)`);

    await q.query(`
      CREATE TABLE key_rewrap_runs (
        run_id       uuid        NOT NULL,
        target_kek   text        NOT NULL,
        started_at   timestamptz NOT NULL DEFAULT now(),
        updated_at   timestamptz NOT NULL DEFAULT now(),
        finished_at  timestamptz,
        rewrapped    integer     NOT NULL DEFAULT 0,
        failed       integer     NOT NULL DEFAULT 0,
        remaining    integer     NOT NULL,
        last_case_id uuid,
        CONSTRAINT key_rewrap_runs_pk PRIMARY KEY (run_id)
      )`);

    await q.query(`CREATE INDEX cases_closed_at_ix ON cases ((state->>'closedAt')) WHERE status = 'closed'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS cases_closed_at_ix`);
    await q.query(`DROP TABLE IF EXISTS key_rewrap_runs`);
    await q.query(`DROP TABLE IF EXISTS case_keys`);
  }
}
