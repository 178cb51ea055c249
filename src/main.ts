import 'reflect-metadata';
import { createApp } from './app/create-app';
import { loadConfig } from './config/config';
import { startTracing } from './telemetry/tracing';

async function main(): Promise<void> {
  const config = loadConfig();
  // Before the first connection and the HTTP server: the instrumentations patch pg and http.
  const tracing = startTracing('casework-api', config.telemetry);
  const app = await createApp(config);
  process.once('beforeExit', () => void tracing.shutdown());
  await app.listen(config.port, process.env.HOST ?? '127.0.0.1');
}

main().catch((e: Error) => {
  // A JSON line like every other; configuration errors name variables, never their values.
  process.stderr.write(
    `${JSON.stringify({ time: new Date().toISOString(), level: 'fatal', message: `casework api failed to start: ${e.message}`, trace_id: null })}\n`,
  );
  process.exit(1);
});
