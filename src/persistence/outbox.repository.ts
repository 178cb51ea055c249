import type { OutboundEvent } from '../domain';
import { rowsOf, type Queryable } from './queryable';

// The transactional outbox (migration 1765500000000): rows written beside the case events, in the
// same transaction; read in commit-safe order by the feed and the relay.

/** Where a reader is: after this row, in (tx_id, position) order. */
export interface OutboxCursor {
  txId: string;
  position: string;
}

export const OUTBOX_START: OutboxCursor = { txId: '0', position: '0' };

export interface OutboxRow {
  cursor: OutboxCursor;
  subject: string;
  event: OutboundEvent;
}

export async function insertOutboxEventsIn(tx: Queryable, rows: { subject: string; origin: string; event: OutboundEvent }[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.query(
    `INSERT INTO event_outbox (event_id, case_id, seq, subject, holder, origin, payload)
     SELECT * FROM unnest($1::text[], $2::uuid[], $3::int[], $4::text[], $5::char(12)[], $6::char(12)[], $7::jsonb[])`,
    [
      rows.map((r) => r.event.eventId),
      rows.map((r) => r.event.caseId),
      rows.map((r) => r.event.seq),
      rows.map((r) => r.subject),
      rows.map((r) => r.event.holder),
      rows.map((r) => r.origin),
      rows.map((r) => JSON.stringify(r.event)),
    ],
  );
}

/**
 * Outbox rows after `cursor`, oldest first, up to `limit` — only rows of transactions older than the
 * oldest one still running, so every later row sorts after the last one answered.
 */
export async function outboxEventsAfter(db: Queryable, cursor: OutboxCursor, limit: number): Promise<OutboxRow[]> {
  // (The cursor's text columns are named apart: ORDER BY a same-named alias would sort as text.)
  const rows = await rowsOf<{ cursor_tx: string; cursor_position: string; subject: string; payload: OutboundEvent }>(
    db,
    `SELECT o.tx_id::text AS cursor_tx, o.position::text AS cursor_position, o.subject, o.payload FROM event_outbox o
      WHERE (o.tx_id, o.position) > ($1::xid8, $2::bigint)
        AND o.tx_id < pg_snapshot_xmin(pg_current_snapshot())
      ORDER BY o.tx_id, o.position
      LIMIT $3`,
    [cursor.txId, cursor.position, limit],
  );
  return rows.map((r) => ({ cursor: { txId: r.cursor_tx, position: r.cursor_position }, subject: r.subject, event: r.payload }));
}

/** Relays of one name take turns: the lock is held until the caller's transaction ends. */
export async function tryLockRelay(tx: Queryable, relay: string): Promise<boolean> {
  const [{ locked }] = await rowsOf<{ locked: boolean }>(tx, 'SELECT pg_try_advisory_xact_lock(hashtextextended($1, 14)) AS locked', [
    `outbox-relay:${relay}`,
  ]);
  return locked;
}

export async function relayCursorOf(db: Queryable, relay: string): Promise<OutboxCursor> {
  const [row] = await rowsOf<{ tx_id: string; position: string }>(
    db,
    'SELECT tx_id::text AS tx_id, position::text AS position FROM outbox_relay_cursors WHERE relay = $1',
    [relay],
  );
  return row ? { txId: row.tx_id, position: row.position } : OUTBOX_START;
}

export async function saveRelayCursor(db: Queryable, relay: string, cursor: OutboxCursor): Promise<void> {
  await db.query(
    `INSERT INTO outbox_relay_cursors (relay, tx_id, position) VALUES ($1, $2::xid8, $3)
     ON CONFLICT (relay) DO UPDATE SET tx_id = EXCLUDED.tx_id, position = EXCLUDED.position, updated_at = now()`,
    [relay, cursor.txId, cursor.position],
  );
}
