import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client as PgClient } from 'pg';
import { importDivisions } from '../src/divisions/division-import';
import { createDataSource } from '../src/persistence/data-source';
import { PROJECT_ROOT } from './stack/project-root';
import { startStack } from './stack/stack';

// `npm start`: the whole system for a person trying it — PostgreSQL, Temporal (with UI),
// migrations, the demo divisions (浙江 33, 湖北 42), the worker and the API. Ctrl-C stops it all.

const DATA_DIR = join(PROJECT_ROOT, '.data');
const DEMO_PROVINCES = ['33', '42'];
const log = (line: string) => process.stdout.write(`[casework] ${line}\n`);

interface DevSecrets {
  AUTH_DEV_SECRET: string;
  PII_KEYS: string;
  PII_BLIND_INDEX_KEY: string;
  TEMPORAL_PAYLOAD_KEYS: string;
  AUDIT_SIGNING_KEY: string;
  CASE_KEYS: string;
}

/** Generated once per checkout and kept in .data/ (git-ignored), so data stays readable. */
function devSecrets(): DevSecrets {
  const file = join(DATA_DIR, 'dev-secrets.json');
  const kept = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<DevSecrets>) : {};
  // A checkout from before a secret existed gets only that one added; kept keys never change.
  const secrets: DevSecrets = {
    AUTH_DEV_SECRET: randomBytes(32).toString('base64url'),
    PII_KEYS: `dev1:${randomBytes(32).toString('base64')}`,
    PII_BLIND_INDEX_KEY: randomBytes(32).toString('base64'),
    TEMPORAL_PAYLOAD_KEYS: `devp1:${randomBytes(32).toString('base64')}`,
    // Key-encryption keys that wrap each case's data key (issue 12).
    CASE_KEYS: `devk1:${randomBytes(32).toString('base64')}`,
    // Signs the hourly checkpoints of the event log (written to .data/checkpoints too).
    AUDIT_SIGNING_KEY: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'),
    ...kept,
  };
  if (Object.keys(kept).length !== Object.keys(secrets).length) {
    mkdirSync(DATA_DIR, { recursive: true });
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  return secrets;
}

async function ensureDatabase(adminUrl: string, name: string): Promise<string> {
  const admin = new PgClient({ connectionString: adminUrl });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!exists.rowCount) await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function waitForHttp(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`process exited with code ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms`);
}

async function main(): Promise<void> {
  const t0 = Date.now();
  const stack = await startStack({
    dataDir: DATA_DIR,
    postgresPort: Number(process.env.POSTGRES_PORT ?? 54329),
    temporalPort: Number(process.env.TEMPORAL_PORT ?? 7233),
    temporalUiPort: Number(process.env.TEMPORAL_UI_PORT ?? 8233),
    persistTemporal: true,
    ui: true,
    log,
  });
  const children: ChildProcess[] = [];
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log('stopping…');
    await Promise.all(
      children.map(
        (c) =>
          new Promise<void>((r) => {
            if (c.exitCode !== null || c.signalCode !== null) return r();
            c.once('exit', () => r());
            c.kill('SIGTERM');
          }),
      ),
    );
    await stack.stop();
    log('stopped');
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  try {
    const databaseUrl = process.env.DATABASE_URL ?? (await ensureDatabase(stack.adminDatabaseUrl, 'casework'));
    const db = await createDataSource(databaseUrl, { poolSize: 4, applicationName: 'casework-start' }).initialize();
    const migrations = await db.runMigrations({ transaction: 'each' });
    if (migrations.length) log(`migrations applied: ${migrations.map((m) => m.name).join(', ')}`);
    const [{ n }]: { n: number }[] = await db.query(`SELECT count(*)::int AS n FROM divisions WHERE left(code, 2) = ANY($1)`, [DEMO_PROVINCES]);
    if (n === 0) {
      const result = await importDivisions(db, DEMO_PROVINCES);
      log(`imported ${result.rows} divisions of 浙江 and 湖北 in ${result.ms} ms`);
    }
    await db.destroy();

    const port = process.env.PORT ?? '3000';
    // The local Temporal UI may call the codec endpoint from the browser (CORS).
    const uiOrigin = stack.temporalUiUrl ? { TEMPORAL_UI_ORIGIN: stack.temporalUiUrl } : {};
    const audit = { AUDIT_CHECKPOINT_EVERY: process.env.AUDIT_CHECKPOINT_EVERY ?? '1h', AUDIT_CHECKPOINT_DIR: join(DATA_DIR, 'checkpoints') };
    const env = {
      ...process.env,
      ...devSecrets(),
      ...audit,
      ...uiOrigin,
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: stack.temporalAddress,
      PORT: port,
    };
    writeFileSync(
      join(DATA_DIR, 'dev.env'),
      Object.entries({ ...devSecrets(), ...audit, DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: stack.temporalAddress, PORT: port })
        .map(([k, v]) => `${k}=${v}`)
        .join('\n') + '\n',
      { mode: 0o600 },
    );
    const run = (entry: string) => {
      const child = spawn(process.execPath, [join(PROJECT_ROOT, 'dist', 'src', entry)], { env, stdio: ['ignore', 'inherit', 'inherit'] });
      child.on('exit', (code) => {
        if (!stopping) {
          log(`${entry} exited with code ${code}; stopping everything`);
          void shutdown(1);
        }
      });
      children.push(child);
      return child;
    };
    run('worker.js');
    const api = run('main.js');
    await waitForHttp(`http://127.0.0.1:${port}/health/ready`, api, 60_000);
    log(`ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    log(`Console      http://127.0.0.1:${port}/   ← sign in here (development sign-in: pick a role and a unit)`);
    log(`API          http://127.0.0.1:${port}/v1`);
    log(`Swagger UI   http://127.0.0.1:${port}/docs`);
    log(`Temporal UI  ${stack.temporalUiUrl ?? '(external Temporal at ' + stack.temporalAddress + ')'}`);
    log(`a token:     npm run -s token -- --sub cw-1 --role caseworker --division 330106002051`);
    log('Ctrl-C stops everything');
  } catch (e) {
    log(`start failed: ${(e as Error).message}`);
    await shutdown(1);
  }
}

main().catch((e: Error) => {
  log(`start failed: ${e.message}`);
  process.exit(1);
});
