import { connect, type NatsConnection } from 'nats';
import type { DataSource } from 'typeorm';
import { ensureEventStream, OutboxRelay } from './outbox-relay';

// Starting the events-out relay from the environment: `npm run relay` on its own, or inside each
// worker when NATS_URL is set (relays of one name take turns, so running several is safe).
//   NATS_URL; EVENTS_STREAM (CASEWORK_EVENTS), EVENTS_SUBJECT_PREFIX (casework.events),
//   RELAY_NAME (nats), RELAY_BATCH (500), RELAY_PUBLISH_INTERVAL_MS (0: as fast as acks come).

export interface RunningRelay {
  relay: OutboxRelay;
  stop(): Promise<void>;
}

export async function startRelayFromEnv(
  db: DataSource,
  env: NodeJS.ProcessEnv,
  log: (level: string, message: string, extra?: Record<string, unknown>) => void,
): Promise<RunningRelay> {
  const natsUrl = env.NATS_URL;
  if (!natsUrl) throw new Error('NATS_URL is not set');
  const prefix = env.EVENTS_SUBJECT_PREFIX || 'casework.events';
  const nats: NatsConnection = await connect({ servers: natsUrl.split(','), name: 'casework-relay', maxReconnectAttempts: -1 });
  await ensureEventStream(nats, env.EVENTS_STREAM || 'CASEWORK_EVENTS', prefix);
  const relay = new OutboxRelay(db, nats, {
    name: env.RELAY_NAME || 'nats',
    subjectPrefix: prefix,
    batchSize: Number(env.RELAY_BATCH || 500),
    publishIntervalMs: Number(env.RELAY_PUBLISH_INTERVAL_MS || 0),
    // The error's class only: a message may quote a value.
    onError: (e) => log('warn', 'relay batch failed; retrying', { error: e.name }),
  });
  relay.start();
  log('info', 'events-out relay started', { subjectPrefix: prefix });
  return {
    relay,
    async stop() {
      await relay.stop();
      await nats.drain();
    },
  };
}
