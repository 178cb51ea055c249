import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AckPolicy, connect, type ConsumerMessages, type JsMsg, type NatsConnection } from 'nats';
import { CONFIG, type AppConfig, type SignalsInConfig } from '../config/config';
import type { Principal } from '../auth/principal';
import { SignalsService } from './signals.service';

// Signals in over NATS JetStream (issue 14), beside the HTTP batch: a department publishes to
// `<prefix>.<its source system id>` a signal or {signals: […]}; each message is taken through the
// same intake as POST /v1/signals, as that source system in its configured scope, and acked once
// stored. At least once: a redelivered message finds its signals stored (dedup by source and id).
// A message that cannot be read is acked and counted (redelivering it would not help).

export async function ensureSignalStream(nats: NatsConnection, stream: string, subjectPrefix: string): Promise<void> {
  const jsm = await nats.jetstreamManager();
  try {
    await jsm.streams.info(stream);
  } catch {
    await jsm.streams.add({ name: stream, subjects: [`${subjectPrefix}.>`], duplicate_window: 120_000_000_000 });
  }
}

export class SignalSubscription {
  private messages: ConsumerMessages | null = null;
  private done: Promise<void> | null = null;
  /** Messages taken (stored, or unreadable and dropped). */
  handled = 0;
  unreadable = 0;

  constructor(
    private readonly nats: NatsConnection,
    private readonly signals: SignalsService,
    private readonly cfg: Pick<SignalsInConfig, 'stream' | 'subjectPrefix' | 'sources'>,
    private readonly durable = 'casework-signals',
    private readonly log = new Logger('signals'),
  ) {}

  async start(): Promise<void> {
    await ensureSignalStream(this.nats, this.cfg.stream, this.cfg.subjectPrefix);
    const jsm = await this.nats.jetstreamManager();
    await jsm.consumers.add(this.cfg.stream, { durable_name: this.durable, ack_policy: AckPolicy.Explicit, ack_wait: 60_000_000_000 });
    const consumer = await this.nats.jetstream().consumers.get(this.cfg.stream, this.durable);
    this.messages = await consumer.consume({ max_messages: 20 });
    this.done = (async () => {
      for await (const m of this.messages as AsyncIterable<JsMsg>) await this.take(m);
    })();
  }

  async stop(): Promise<void> {
    await this.messages?.close();
    await this.done;
  }

  private async take(m: JsMsg): Promise<void> {
    const sourceId = m.subject.slice(this.cfg.subjectPrefix.length + 1);
    const division = this.cfg.sources[sourceId];
    let body: unknown;
    try {
      body = m.json<unknown>();
    } catch {
      body = undefined;
    }
    const batch = Array.isArray((body as { signals?: unknown })?.signals)
      ? (body as { signals: unknown[] }).signals
      : body === undefined
        ? null
        : [body];
    if (!division || batch === null || batch.length > 10_000) {
      this.unreadable++;
      this.handled++;
      this.log.warn({ msg: 'signal message dropped', reason: division ? 'unreadable' : 'unknown source system', seq: m.seq });
      m.ack();
      return;
    }
    const principal: Principal = { id: sourceId, roles: ['source_system'], division };
    try {
      await this.signals.ingest(principal, batch);
      m.ack();
      this.handled++;
    } catch (e) {
      // Stored nothing (one transaction): JetStream redelivers it after a pause.
      this.log.warn({ msg: 'signal message failed; redelivered later', error: (e as Error).name });
      m.nak(5000);
    }
  }
}

/** The API's subscription when NATS_URL is set. */
@Injectable()
export class SignalSubscriber implements OnApplicationBootstrap, OnApplicationShutdown {
  private nats: NatsConnection | null = null;
  private subscription: SignalSubscription | null = null;

  constructor(
    @Inject(CONFIG) private readonly config: AppConfig,
    private readonly signals: SignalsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const cfg = this.config.signalsIn;
    if (!cfg) return;
    this.nats = await connect({ servers: cfg.natsUrl.split(','), name: 'casework-api-signals', maxReconnectAttempts: -1 });
    this.subscription = new SignalSubscription(this.nats, this.signals, cfg);
    await this.subscription.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription?.stop();
    await this.nats?.drain();
  }
}
