import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client as PgClient } from 'pg';
import { freePort } from '../../scripts/stack/stack';
import { TokenService } from '../../src/auth/token.service';
import { importDivisions } from '../../src/divisions/division-import';
import { createDataSource } from '../../src/persistence/data-source';
import { VILLAGE } from '../support/builders';
import { buildOnce, startService, waitForHttp, type Service } from '../support/processes';
import { Load, type LoadReport } from './load';
import { checkLedger, type LedgerCheck } from './ledger-check';
import { restartablePostgres, restartableTemporal, type RestartableServer } from './servers';

// Issue 11, deliver 2: the fault suite (`npm run test:faults`, in CI). The built API and worker run
// as processes of their own against a PostgreSQL and a Temporal server of this suite's own; under a
// steady load of mixed case commands with a client-side ledger, each part in turn is killed and
// brought back. Every run: 0 acknowledged commands lost, 0 events duplicated, every chain intact,
// every read model equal to the fold, and no 5xx but 503 with Retry-After.

jest.setTimeout(300_000);

const CLIENTS = Number(process.env.FAULT_CLIENTS ?? 6);
const dir = mkdtempSync(join(tmpdir(), 'casework-faults-'));
// Run as root, embedded PostgreSQL runs as the `postgres` user, which must reach its data directory.
chmodSync(dir, 0o755);
const b64 = () => randomBytes(32).toString('base64');

let pg: RestartableServer & { url: string };
let temporal: RestartableServer & { address: string };
let databaseUrl = '';
let env: NodeJS.ProcessEnv;
let apiPort = 0;
let api: Service;
let worker: Service;
let token = '';
const apiUrl = () => `http://127.0.0.1:${apiPort}`;

async function startApi(): Promise<void> {
  api = startService('api', 'src/main.js', { ...env, HOST: '127.0.0.1', PORT: String(apiPort) });
  await waitForHttp(`${apiUrl()}/health/live`, api);
}

async function startWorker(): Promise<void> {
  worker = startService('worker', 'src/worker.js', env);
  await new Promise((r) => setTimeout(r, 500));
}

beforeAll(async () => {
  await buildOnce();
  // One after the other, so that either is stopped by afterAll even when the other fails to start.
  pg = await restartablePostgres(join(dir, 'postgres'));
  temporal = await restartableTemporal(join(dir, 'temporal'));
  const admin = new PgClient({ connectionString: pg.url });
  await admin.connect();
  await admin.query('CREATE DATABASE casework_faults');
  await admin.end();
  const url = new URL(pg.url);
  url.pathname = '/casework_faults';
  databaseUrl = url.toString();
  const db = await createDataSource(databaseUrl, { poolSize: 2 }).initialize();
  await db.runMigrations({ transaction: 'each' });
  await importDivisions(db, ['33']);
  await db.destroy();
  const devSecret = b64();
  env = {
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_TASK_QUEUE: 'faults',
    PII_KEYS: `fp1:${b64()}`,
    PII_BLIND_INDEX_KEY: b64(),
    TEMPORAL_PAYLOAD_KEYS: `ft1:${b64()}`,
    CASE_KEYS: `fk1:${b64()}`,
    AUTH_DEV_SECRET: devSecret,
    OPEN_WAIT_MS: '3000',
    COMMAND_WAIT_MS: '5000',
  };
  apiPort = await freePort();
  await startWorker();
  await startApi();
  await waitForHttp(`${apiUrl()}/health/ready`, api);
  const tokens = new TokenService({ devSecret, jwksUrl: null, issuer: 'casework-dev', audience: 'casework', clockToleranceSeconds: 30 });
  token = await tokens.sign({ id: 'cw-faults', roles: ['caseworker'], division: VILLAGE });
});

afterAll(async () => {
  await Promise.all([api?.stop(), worker?.stop()]);
  await Promise.all([temporal?.stop(), pg?.stop()]);
});

/** Load for a while, the fault, load until everything answers again, then the ledger against the database. */
async function underLoad(name: string, fault: () => Promise<void>): Promise<{ report: LoadReport; check: LedgerCheck }> {
  const load = new Load(apiUrl(), token);
  load.start(CLIENTS);
  await new Promise((r) => setTimeout(r, 3000));
  const before = load.acknowledgedSoFar;
  const started = Date.now();
  await fault();
  // Recovered: commands are acknowledged again.
  while (load.acknowledgedSoFar < before + CLIENTS * 3 && Date.now() - started < 120_000) await new Promise((r) => setTimeout(r, 250));
  const recoveredMs = Date.now() - started;
  await new Promise((r) => setTimeout(r, 2000));
  const report = await load.stop();
  const check = await checkLedger(databaseUrl, 'cw-faults', report.acknowledged);
  const served503 = report.otherAnswers['503'] ?? 0;
  process.stdout.write(
    `[faults] ${name}: sent ${report.sent}, acknowledged ${report.acknowledged.length}, lost ${check.lost.length}, duplicated ${check.duplicated}, ` +
      `chains broken ${check.brokenChains.length}, read models unlike the fold ${check.readModelsUnlikeFold.length}, ` +
      `503 ${served503}, refused ${report.otherAnswers.refused ?? 0}, dropped ${report.otherAnswers.dropped ?? 0}, other 5xx ${report.badServerErrors.length}, unanswered ${report.unanswered}, ` +
      `acknowledged again ${recoveredMs} ms after the fault; other answers ${JSON.stringify(report.otherAnswers)}\n`,
  );
  if (report.badServerErrors.length) {
    // What the API said about them (JSON lines, no personal data), for whoever reads the failure.
    const said = api.lines.filter((l) => /"level":"fatal"|"status":5(?!03)/.test(l)).slice(-10);
    process.stdout.write(`[faults] ${name}: 5xx other than 503 ${JSON.stringify(report.badServerErrors)}\n${said.join('\n')}\n`);
  }
  return { report, check };
}

function expectNothingLost({ report, check }: { report: LoadReport; check: LedgerCheck }): void {
  expect(report.acknowledged.length).toBeGreaterThan(CLIENTS * 4);
  expect(check.lost).toEqual([]);
  expect(check.duplicated).toBe(0);
  expect(check.brokenChains).toEqual([]);
  expect(check.readModelsUnlikeFold).toEqual([]);
  expect(report.badServerErrors).toEqual([]);
  expect(report.unanswered).toBe(0);
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('under a steady load of case commands', () => {
  it('loses and duplicates nothing when the worker is killed (SIGKILL) and started again', async () => {
    expectNothingLost(
      await underLoad('SIGKILL worker', async () => {
        await worker.stop('SIGKILL');
        await pause(3000);
        await startWorker();
      }),
    );
  });

  it('loses and duplicates nothing when PostgreSQL is killed (SIGKILL) and restarted, answering 503 with Retry-After meanwhile', async () => {
    const run = await underLoad('SIGKILL PostgreSQL', async () => {
      await pg.kill();
      await pause(3000);
      await pg.start();
    });
    expectNothingLost(run);
    expect(run.report.otherAnswers['503'] ?? 0).toBeGreaterThan(0);
  });

  it('loses and duplicates nothing when the Temporal server is killed (SIGKILL) and restarted', async () => {
    const run = await underLoad('SIGKILL Temporal', async () => {
      await temporal.kill();
      await pause(3000);
      await temporal.start();
    });
    expectNothingLost(run);
  });

  it('loses and duplicates nothing when the API is killed (SIGKILL) and started again; clients retry with the same keys', async () => {
    expectNothingLost(
      await underLoad('SIGKILL API', async () => {
        await api.stop('SIGKILL');
        await pause(2000);
        await startApi();
      }),
    );
  });

  it('drains: the API stopped with SIGTERM answers every request it accepted (none dropped), then refuses new ones', async () => {
    const run = await underLoad('SIGTERM API', async () => {
      await api.stop('SIGTERM');
      await pause(1000);
      await startApi();
    });
    expectNothingLost(run);
    expect(run.report.otherAnswers.dropped ?? 0).toBe(0);
  });

  it('drains: the worker stopped with SIGTERM finishes its workflow tasks and activities; nothing is lost', async () => {
    expectNothingLost(
      await underLoad('SIGTERM worker', async () => {
        await worker.stop('SIGTERM');
        await pause(1000);
        await startWorker();
      }),
    );
  });
});
