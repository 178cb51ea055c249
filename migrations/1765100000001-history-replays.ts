import { MigrationInterface, QueryRunner } from 'typeorm';

// Replays of Temporal histories (issue 11): per workflow run, the history length and the workflow
// code (digest of its bundle) it was replayed with, and the outcome. Written by the worker's
// replay activity; read by the auditor's verification. `workflow_builds`: the workflow code each
// worker runs, registered at each start, so a record replayed with other code than the last started reads as stale.
export class HistoryReplays1765100000001 implements MigrationInterface {
  name = 'HistoryReplays1765100000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE history_replays (
        workflow_id     text        NOT NULL,
        run_id          text        NOT NULL,
        run_index       integer     NOT NULL,
        history_length  integer     NOT NULL,
        code_digest     char(64)    NOT NULL,
        replays         boolean     NOT NULL,
        error           text,
        replayed_at     timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT history_replays_pk PRIMARY KEY (workflow_id, run_id)
      )`);
    await q.query(`
      CREATE TABLE workflow_builds (
        code_digest  char(64)    NOT NULL,
        first_seen   timestamptz NOT NULL DEFAULT now(),
        last_started timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT workflow_builds_pk PRIMARY KEY (code_digest)
      )`);
    await q.query(`GRANT SELECT ON history_replays, workflow_builds TO casework_api`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE workflow_builds`);
    await q.query(`DROP TABLE history_replays`);
  }
}
