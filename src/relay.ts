import 'reflect-metadata';
import { connect } from 'nats';
import { withFileSecrets } from './config/production';
import { ensureEventStream, OutboxRelay } from './events-out/outbox-relay';
import { createDataSource } from './persistence/data-source';

// The events-out relay (issue 14): the outbox to NATS JetStream. Run one per destination (it is
// safe to run two: JetStream drops the duplicates by message id, and each batch keeps case order).
//   DATABASE_URL, NATS_URL (required); EVENTS_STREAM (CASEWORK_EVENTS), EVENTS_SUBJECT_PREFIX
//   (casework.events), RELAY_NAME (nats), RELAY_BATCH (500).
async function main(): Promise<void> {
  const env = withFileSecrets(process.env);
  const databaseUrl = env.DATABASE_URL;
  const natsUrl = env.NATS_URL;
  if (!databaseUrl || !natsUrl) throw new Error('DATABASE_URL and NATS_URL must be set');
  const prefix = env.EVENTS_SUBJECT_PREFIX || 'casework.events';
  const db = await createDataSource(databaseUrl, { poolSize: 2, applicationName: 'casework-relay' }).initialize();
  const nats = await connect({ servers: natsUrl.split(','), name: 'casework-relay', maxReconnectAttempts: -1 });
  await ensureEventStream(nats, env.EVENTS_STREAM || 'CASEWORK_EVENTS', prefix);
  const log = (level: string, message: string, extra: Record<string, unknown> = {}) =>
    process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level, message, ...extra })}\n`);
  const relay = new OutboxRelay(db, nats, {
    name: env.RELAY_NAME || 'nats',
    subjectPrefix: prefix,
    batchSize: Number(env.RELAY_BATCH || 500),
    // The error's class only: a message may quote a value.
    onError: (e) => log('warn', 'relay batch failed; retrying', { error: e.name }),
  });
  relay.start();
  log('info', 'relay started');
  const shutdown = async () => {
    await relay.stop();
    await nats.drain();
    await db.destroy();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown());
  process.on('SIGINT', () => void shutdown());
}

main().catch((e: Error) => {
  process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level: 'fatal', message: `casework relay failed: ${e.name}` })}\n`);
  process.exit(1);
});
