import { MigrationInterface, QueryRunner } from 'typeorm';

// Signed checkpoints of the event log (issue 5): per checkpoint, the head (seq, hash) of every
// case, signed with the operator's Ed25519 key. Append-only like the log it anchors.
export class CaseCheckpoints1764500000000 implements MigrationInterface {
  name = 'CaseCheckpoints1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE case_checkpoints (
        checkpoint_id  uuid        NOT NULL,
        created_at     timestamptz NOT NULL,
        case_count     integer     NOT NULL,
        heads_digest   char(64)    NOT NULL,
        heads          jsonb       NOT NULL,
        public_key     text        NOT NULL,
        signature      text        NOT NULL,
        CONSTRAINT case_checkpoints_pk PRIMARY KEY (checkpoint_id),
        CONSTRAINT case_checkpoints_count_ck CHECK (case_count >= 0)
      )`);
    await q.query(`CREATE INDEX case_checkpoints_created_ix ON case_checkpoints (created_at DESC)`);
    await q.query(`
      CREATE FUNCTION case_checkpoints_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'case_checkpoints is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER case_checkpoints_no_update_delete BEFORE UPDATE OR DELETE ON case_checkpoints
      FOR EACH ROW EXECUTE FUNCTION case_checkpoints_append_only()`);
    await q.query(`
      CREATE TRIGGER case_checkpoints_no_truncate BEFORE TRUNCATE ON case_checkpoints
      FOR EACH STATEMENT EXECUTE FUNCTION case_checkpoints_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS case_checkpoints`);
    await q.query(`DROP FUNCTION IF EXISTS case_checkpoints_append_only()`);
  }
}
