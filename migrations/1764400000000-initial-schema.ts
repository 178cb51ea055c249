import { MigrationInterface, QueryRunner } from 'typeorm';

// The first schema: divisions, policies, the case read model, the hash-chained event log,
// encrypted subjects, case numbering and idempotency records.
export class InitialSchema1764400000000 implements MigrationInterface {
  name = 'InitialSchema1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE divisions (
        code    char(12) NOT NULL,
        name    text     NOT NULL,
        level   text     NOT NULL,
        parent  char(12),
        CONSTRAINT divisions_pk PRIMARY KEY (code),
        CONSTRAINT divisions_level_ck CHECK (level IN ('province','city','county','township','village'))
      )`);
    await q.query(`CREATE INDEX divisions_parent_ix ON divisions (parent)`);

    await q.query(`
      CREATE TABLE policies (
        version      text        NOT NULL,
        document     jsonb       NOT NULL,
        published_at timestamptz NOT NULL DEFAULT now(),
        published_by text        NOT NULL,
        CONSTRAINT policies_pk PRIMARY KEY (version)
      )`);

    await q.query(`
      CREATE TABLE subjects (
        subject_ref  uuid        NOT NULL,
        key_id       text        NOT NULL,
        ciphertext   bytea       NOT NULL,
        blind_index  bytea       NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT subjects_pk PRIMARY KEY (subject_ref)
      )`);
    await q.query(`CREATE INDEX subjects_blind_index_ix ON subjects (blind_index)`);

    await q.query(`
      CREATE TABLE case_numbers (
        case_id      uuid    NOT NULL,
        prefix       text    NOT NULL,
        year         integer NOT NULL,
        seq          integer NOT NULL,
        case_number  text    NOT NULL,
        CONSTRAINT case_numbers_pk PRIMARY KEY (case_id),
        CONSTRAINT case_numbers_number_uq UNIQUE (case_number),
        CONSTRAINT case_numbers_seq_uq UNIQUE (prefix, year, seq)
      )`);
    await q.query(`
      CREATE TABLE case_number_counters (
        prefix  text    NOT NULL,
        year    integer NOT NULL,
        last    integer NOT NULL,
        CONSTRAINT case_number_counters_pk PRIMARY KEY (prefix, year)
      )`);

    await q.query(`
      CREATE TABLE cases (
        case_id         uuid        NOT NULL,
        case_number     text        NOT NULL,
        family          text        NOT NULL,
        kind            text        NOT NULL,
        status          text        NOT NULL,
        level           text        NOT NULL,
        origin          char(12)    NOT NULL,
        holder          char(12)    NOT NULL,
        risk            text,
        overdue         boolean     NOT NULL DEFAULT false,
        deadline        timestamptz,
        version         integer     NOT NULL,
        policy_version  text        NOT NULL,
        subject_ref     uuid        NOT NULL,
        opened_at       timestamptz NOT NULL,
        updated_at      timestamptz NOT NULL,
        state           jsonb       NOT NULL,
        CONSTRAINT cases_pk PRIMARY KEY (case_id),
        CONSTRAINT cases_number_uq UNIQUE (case_number)
      )`);
    await q.query(`CREATE INDEX cases_holder_ix ON cases (holder)`);
    await q.query(`CREATE INDEX cases_list_ix ON cases (opened_at DESC, case_id DESC)`);

    await q.query(`
      CREATE TABLE case_events (
        case_id         uuid        NOT NULL,
        seq             integer     NOT NULL,
        type            text        NOT NULL,
        data            jsonb       NOT NULL,
        actor           text        NOT NULL,
        occurred_at     timestamptz NOT NULL,
        policy_version  text        NOT NULL,
        prev_hash       char(64)    NOT NULL,
        hash            char(64)    NOT NULL,
        recorded_at     timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT case_events_pk PRIMARY KEY (case_id, seq),
        CONSTRAINT case_events_seq_ck CHECK (seq >= 1)
      )`);
    // The log is append-only for everyone who uses it through the application (SPEC §4).
    await q.query(`
      CREATE FUNCTION case_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'case_events is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER case_events_no_update_delete BEFORE UPDATE OR DELETE ON case_events
      FOR EACH ROW EXECUTE FUNCTION case_events_append_only()`);
    await q.query(`
      CREATE TRIGGER case_events_no_truncate BEFORE TRUNCATE ON case_events
      FOR EACH STATEMENT EXECUTE FUNCTION case_events_append_only()`);

    await q.query(`
      CREATE TABLE idempotency_keys (
        principal     text        NOT NULL,
        key           text        NOT NULL,
        request_hash  char(64)    NOT NULL,
        case_id       uuid        NOT NULL,
        subject_ref   uuid        NOT NULL,
        created_at    timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT idempotency_keys_pk PRIMARY KEY (principal, key)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['idempotency_keys', 'case_events', 'cases', 'case_number_counters', 'case_numbers', 'subjects', 'policies', 'divisions']) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
    await q.query(`DROP FUNCTION IF EXISTS case_events_append_only()`);
  }
}
