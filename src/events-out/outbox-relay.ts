import { headers as natsHeaders, type JetStreamClient, type NatsConnection } from 'nats';
import { outboundSubject, type OutboundEvent } from '../domain';
import type { DataSource } from 'typeorm';
import { outboxEventsAfter, relayCursorOf, saveRelayCursor, tryLockRelay, type OutboxRow } from '../persistence/outbox.repository';

// The relay of the transactional outbox to NATS JetStream (issue 14). It reads the outbox after its
// stored cursor, publishes each event with the event id as JetStream's message id (a re-publish
// after a crash is a duplicate the stream drops), and stores the cursor only once the whole batch
// is acknowledged. The events of one case are published one after another, each after the last
// one's ack, so a stream never holds a case's events out of order; different cases go in parallel.
// Relays of one name take turns batch by batch (a transaction-level advisory lock), so any number
// of workers may run one: only one publishes at a time, from the one cursor.

export interface RelayOptions {
  /** Name of this relay's cursor (one per destination). */
  name: string;
  /** Subject prefix: events go to `<prefix>.<family>.<kind>.<type>`. */
  subjectPrefix: string;
  /** Rows per batch. */
  batchSize?: number;
  /** Wait between polls when the outbox has nothing new (ms). */
  idleMs?: number;
  /** Longest wait between retries after a failed batch (ms). */
  maxBackoffMs?: number;
  /** Least time between two publishes of one case's events (ms): spares a slow destination. Default none. */
  publishIntervalMs?: number;
  /** Told of each failed batch (the relay retries it). */
  onError?: (e: Error) => void;
}

export class OutboxRelay {
  private readonly js: JetStreamClient;
  private stopped = false;
  private running: Promise<void> | null = null;
  /** Events acknowledged by the stream since start (duplicates included). */
  published = 0;
  /** Of those, the ones the stream already had (re-published after a crash): dropped by JetStream. */
  duplicates = 0;

  constructor(
    private readonly db: DataSource,
    nats: NatsConnection,
    private readonly opts: RelayOptions,
  ) {
    this.js = nats.jetstream();
  }

  /** One batch: publish what follows the cursor, then move it. Answers how many rows went out (0 while another relay of the name works). */
  async relayOnce(): Promise<number> {
    return this.db.transaction(async (tx) => {
      if (!(await tryLockRelay(tx, this.opts.name))) return 0;
      const cursor = await relayCursorOf(tx, this.opts.name);
      const rows = await outboxEventsAfter(tx, cursor, this.opts.batchSize ?? 500);
      if (rows.length === 0) return 0;
      const byCase = new Map<string, OutboxRow[]>();
      for (const row of rows) {
        const ofCase = byCase.get(row.event.caseId);
        if (ofCase) ofCase.push(row);
        else byCase.set(row.event.caseId, [row]);
      }
      await Promise.all([...byCase.values()].map((ofCase) => this.publishInOrder(ofCase)));
      await saveRelayCursor(tx, this.opts.name, rows[rows.length - 1].cursor);
      return rows.length;
    });
  }

  private async publishInOrder(rows: OutboxRow[]): Promise<void> {
    for (const { event } of rows) {
      const h = natsHeaders();
      h.set('Casework-Event-Type', event.type);
      const ack = await this.js.publish(outboundSubject(this.opts.subjectPrefix, event), JSON.stringify(event satisfies OutboundEvent), {
        msgID: event.eventId,
        headers: h,
      });
      this.published++;
      if (ack.duplicate) this.duplicates++;
      if (this.opts.publishIntervalMs) await sleep(this.opts.publishIntervalMs);
    }
  }

  /** Relay until stopped, retrying failed batches with backoff. */
  start(): void {
    if (this.running) return;
    this.stopped = false;
    this.running = this.loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
    this.running = null;
  }

  private async loop(): Promise<void> {
    let backoff = 100;
    while (!this.stopped) {
      try {
        const n = await this.relayOnce();
        backoff = 100;
        if (n === 0) await sleep(this.opts.idleMs ?? 200);
      } catch (e) {
        this.opts.onError?.(e as Error);
        await sleep(backoff);
        backoff = Math.min(backoff * 2, this.opts.maxBackoffMs ?? 5000);
      }
    }
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The stream that holds the events out (created if missing; a 2-minute dedup window by message id). */
export async function ensureEventStream(nats: NatsConnection, stream: string, subjectPrefix: string): Promise<void> {
  const jsm = await nats.jetstreamManager();
  try {
    await jsm.streams.info(stream);
  } catch {
    await jsm.streams.add({ name: stream, subjects: [`${subjectPrefix}.>`], duplicate_window: 120_000_000_000 });
  }
}
