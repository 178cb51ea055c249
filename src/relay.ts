import 'reflect-metadata';
import { withFileSecrets } from './config/production';
import { startRelayFromEnv } from './events-out/relay-start';
import { createDataSource } from './persistence/data-source';

// The events-out relay (issue 14) on its own: the outbox to NATS JetStream (src/events-out/).
//   DATABASE_URL and NATS_URL required; the rest in src/events-out/relay-start.ts.
const log = (level: string, message: string, extra: Record<string, unknown> = {}) =>
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level, message, ...extra })}\n`);

async function main(): Promise<void> {
  const env = withFileSecrets(process.env);
  if (!env.DATABASE_URL || !env.NATS_URL) throw new Error('DATABASE_URL and NATS_URL must be set');
  const db = await createDataSource(env.DATABASE_URL, { poolSize: 2, applicationName: 'casework-relay' }).initialize();
  const running = await startRelayFromEnv(db, env, log);
  const shutdown = async () => {
    await running.stop();
    await db.destroy();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown());
  process.on('SIGINT', () => void shutdown());
}

main().catch((e: Error) => {
  log('fatal', `casework relay failed: ${e.name}`);
  process.exit(1);
});
