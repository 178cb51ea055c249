import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync } from 'node:fs';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Client as PgClient } from 'pg';
import { PROJECT_ROOT } from '../../scripts/stack/project-root';
import { freePort, waitForTemporal } from '../../scripts/stack/stack';
import { findOrInstall, TEMPORAL_CLI } from '../../scripts/stack/temporal-binaries';
import { CASE_SEARCH_ATTRIBUTES } from '../../workflows/case.messages';

// The servers of the fault suite, each its own process group that the suite can kill with SIGKILL
// — PostgreSQL with all its backends, the Temporal server — and start again on the same port over
// the same data (PostgreSQL's data directory, Temporal's SQLite file), as a crashed server restarts.

export interface RestartableServer {
  name: string;
  /** SIGKILL to the whole process group: no shutdown, no flush. */
  kill(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Every server started here is killed when this process exits, however it exits. */
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) group(child).kill('SIGKILL');
});

/** Tracked servers never keep the test process alive: they die with it (above). */
function track(child: ChildProcess): ChildProcess {
  live.add(child);
  child.unref();
  child.once('exit', () => live.delete(child));
  return child;
}

function group(child: ChildProcess): { kill(signal: NodeJS.Signals): void; exited: Promise<void> } {
  const exited = new Promise<void>((r) => (child.exitCode !== null || child.signalCode !== null ? r() : child.once('exit', () => r())));
  return {
    kill(signal) {
      try {
        if (child.pid) process.kill(-child.pid, signal);
      } catch {
        // already gone
      }
    },
    exited,
  };
}

export async function restartablePostgres(dataDir: string): Promise<RestartableServer & { url: string }> {
  const port = await freePort();
  mkdirSync(dataDir, { recursive: true });
  chmodSync(dataDir, 0o755);
  let child: ChildProcess | null = null;
  const server = {
    name: 'PostgreSQL',
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    async start() {
      const c = track(
        spawn(process.execPath, [join(PROJECT_ROOT, 'scripts', 'stack', 'embedded-postgres.mjs'), join(dataDir, 'pg'), String(port)], {
          stdio: ['ignore', 'pipe', 'inherit'],
          detached: true,
        }),
      );
      child = c;
      await new Promise<void>((resolve, reject) => {
        createInterface({ input: c.stdout! }).on('line', (line) => line.includes('"ready":true') && resolve());
        c.once('exit', (code) => reject(new Error(`embedded PostgreSQL exited with ${code}`)));
      });
      // The ready line was all it prints; its pipe must not keep the test process alive either.
      (c.stdout as Socket | null)?.unref();
      await waitForPostgres(server.url);
    },
    async kill() {
      if (!child) return;
      const g = group(child);
      g.kill('SIGKILL');
      await g.exited;
      child = null;
      // Backends lose their postmaster and exit by themselves; give them a moment before a restart.
      await new Promise((r) => setTimeout(r, 500));
    },
    async stop() {
      if (!child) return;
      const g = group(child);
      g.kill('SIGTERM');
      await g.exited;
      child = null;
    },
  };
  await server.start();
  return server;
}

async function waitForPostgres(url: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const client = new PgClient({ connectionString: url });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch (e) {
      if (attempt > 150) throw e;
      await new Promise((r) => setTimeout(r, 200));
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

export async function restartableTemporal(dataDir: string): Promise<RestartableServer & { address: string }> {
  const cli = findOrInstall(TEMPORAL_CLI);
  const port = await freePort();
  mkdirSync(dataDir, { recursive: true });
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--headless', '--log-level', 'error'];
  args.push('--db-filename', join(dataDir, 'temporal.sqlite'));
  for (const [name, type] of Object.entries(CASE_SEARCH_ATTRIBUTES)) args.push('--search-attribute', `${name}=${type}`);
  let child: ChildProcess | null = null;
  const server = {
    name: 'Temporal',
    address: `127.0.0.1:${port}`,
    async start() {
      child = track(spawn(cli, args, { stdio: ['ignore', 'ignore', 'inherit'], detached: true }));
      await waitForTemporal(server.address, child);
    },
    async kill() {
      if (!child) return;
      const g = group(child);
      g.kill('SIGKILL');
      await g.exited;
      child = null;
    },
    async stop() {
      if (!child) return;
      const g = group(child);
      g.kill('SIGTERM');
      await g.exited;
      child = null;
    },
  };
  await server.start();
  return server;
}
