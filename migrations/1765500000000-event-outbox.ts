import { MigrationInterface, QueryRunner } from 'typeorm';

// Events out (issue 14): a transactional outbox. Every case event gets one row here, written by the
// append in the transaction that stores the event, with personal data removed (src/domain/
// events-out.ts). Readers (the HTTP feed, the NATS relay) walk it in (tx_id, position) order and
// only past the oldest transaction still running (pg_snapshot_xmin), so a row committed late with
// a lower position is never skipped. The relay keeps its own cursor. The API reads the outbox in
// scope (row-level security, like cases).
const SCOPE = `nullif(current_setting('casework.scope', true), '')`;
const inScope = (column: string) => `(${column} BETWEEN rpad(${SCOPE}, 12, '0') AND rpad(${SCOPE}, 12, '9'))`;

export class EventOutbox1765500000000 implements MigrationInterface {
  name = 'EventOutbox1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE event_outbox (
        position    bigserial   NOT NULL,
        tx_id       xid8        NOT NULL DEFAULT pg_current_xact_id(),
        event_id    text        NOT NULL,
        case_id     uuid        NOT NULL,
        seq         integer     NOT NULL,
        subject     text        NOT NULL,
        holder      char(12)    NOT NULL,
        origin      char(12)    NOT NULL,
        payload     jsonb       NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT event_outbox_pk PRIMARY KEY (position),
        CONSTRAINT event_outbox_event_uq UNIQUE (event_id),
        CONSTRAINT event_outbox_case_seq_uq UNIQUE (case_id, seq)
      )`);
    await q.query(`CREATE INDEX event_outbox_order_ix ON event_outbox (tx_id, position)`);
    await q.query(`
      CREATE TABLE outbox_relay_cursors (
        relay       text        NOT NULL,
        tx_id       xid8        NOT NULL,
        position    bigint      NOT NULL,
        updated_at  timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT outbox_relay_cursors_pk PRIMARY KEY (relay)
      )`);
    await q.query(`GRANT SELECT ON event_outbox TO casework_api`);
    await q.query(`ALTER TABLE event_outbox ENABLE ROW LEVEL SECURITY`);
    await q.query(
      `CREATE POLICY event_outbox_in_scope ON event_outbox FOR SELECT TO casework_api USING (${inScope('holder')} OR ${inScope('origin')})`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS outbox_relay_cursors`);
    await q.query(`DROP TABLE IF EXISTS event_outbox`);
  }
}
