import { MigrationInterface, QueryRunner } from 'typeorm';

// Idempotency keys of commands on a case (issue 11): the first request's fingerprint, and — set by
// the workflow's append in the same transaction as its events — the version the command produced,
// so a retry is answered with the first result even after the workflow continued as new.
export class CommandKeys1765100000000 implements MigrationInterface {
  name = 'CommandKeys1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE command_keys (
        principal     text        NOT NULL,
        key           text        NOT NULL,
        case_id       uuid        NOT NULL,
        request_hash  char(64)    NOT NULL,
        version       integer,
        created_at    timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT command_keys_pk PRIMARY KEY (principal, key)
      )`);
    await q.query(`GRANT SELECT, INSERT ON command_keys TO casework_api`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE command_keys`);
  }
}
