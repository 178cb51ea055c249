import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { cpus, totalmem } from 'node:os';
import { Client, Connection, WithStartWorkflowOperation } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openCaseBody, VILLAGE } from '../../test/support/builders';
import globalSetup from '../../test/support/global-setup';
import globalTeardown from '../../test/support/global-teardown';
import { startTestApp, type TestApp } from '../../test/support/test-app';
import { benchLargeTables } from './compare-tables';
import { benchWorkerMemory } from './compare-memory';
import { closedLoop, openLoop, report, rows, type Measured } from './measure';
import { touchUpdate, type TrivialWorkflow } from './trivial.workflow';

// Casework against bare Temporal, side by side in one run on one stack (embedded PostgreSQL or
// DATABASE_URL, one Temporal dev server): opening a case over HTTP against a bare workflow start,
// a command against a bare Update, load shedding at twice the sustainable rate, a county's list
// among 1,000,000 cases, verification of a 1,000-event case, the national division import, and
// the worker's memory with many open cases. Prints rows for bench/RESULTS.md; asserts nothing.
//   npm run bench:compare                      all sections
//   BENCH_ONLY=open,command npm run bench:compare
//   BENCH_N=400 BENCH_CLIENTS=16 BENCH_LIST_CASES=1000000 BENCH_RSS_CASES=1000,10000,50000

const N = Number(process.env.BENCH_N ?? 400);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 16);
const ONLY = process.env.BENCH_ONLY?.split(',') ?? null;
const run = (section: string) => ONLY === null || ONLY.includes(section);
const TRIVIAL_QUEUE = `bench-trivial-${randomUUID().slice(0, 8)}`;

interface Http {
  base: string;
  token: string;
}

async function post(http: Http, path: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${http.base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${http.token}`, ...headers },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  }).catch((e: Error) => ({ status: e.name === 'TimeoutError' ? -1 : -2, json: () => Promise.resolve(null) }));
  return { status: res.status, body: await res.json().catch(() => null) };
}

const outcome = (status: number, expected: number) => (status === expected ? 'ok' : status === -1 ? 'timeout' : `HTTP ${status}`);

async function listening(t: TestApp, role: 'caseworker' | 'supervisor' = 'caseworker', division = VILLAGE): Promise<Http> {
  await t.app.listen(0, '127.0.0.1');
  const { port } = (t.app.getHttpServer() as Server).address() as AddressInfo;
  return { base: `http://127.0.0.1:${port}`, token: await t.token({ id: `bench-${role}`, roles: [role], division }) };
}

async function benchOpen(http: Http, bare: Client): Promise<Measured> {
  process.stdout.write(`\nOpening (${N} each, ${CLIENTS} concurrent clients)\n`);
  const start = () =>
    bare.workflow.start<typeof TrivialWorkflow>('TrivialWorkflow', { taskQueue: TRIVIAL_QUEUE, workflowId: `bench-${randomUUID()}` });
  await closedLoop(50, CLIENTS, async () => (await start(), 'ok')); // warm-up
  await closedLoop(50, CLIENTS, async () => outcome((await post(http, '/v1/cases', openCaseBody())).status, 201));
  const startOnly = await closedLoop(N, CLIENTS, async () => (await start(), 'ok'));
  report('baseline: bare workflow.start (trivial workflow)', startOnly);
  const startThenUpdate = await closedLoop(N, CLIENTS, async () => {
    await (await start()).executeUpdate(touchUpdate);
    return 'ok';
  });
  report('bare workflow.start, then executeUpdate', startThenUpdate, startOnly);
  const updateWithStart = await closedLoop(N, CLIENTS, async () => {
    const op = new WithStartWorkflowOperation<typeof TrivialWorkflow>('TrivialWorkflow', {
      taskQueue: TRIVIAL_QUEUE,
      workflowId: `bench-${randomUUID()}`,
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
    await bare.workflow.executeUpdateWithStart(touchUpdate, { startWorkflowOperation: op });
    return 'ok';
  });
  report('bare executeUpdateWithStart', updateWithStart, startOnly);
  const open = await closedLoop(N, CLIENTS, async () => outcome((await post(http, '/v1/cases', openCaseBody())).status, 201));
  report('POST /v1/cases (201: CaseOpened in PostgreSQL)', open, startOnly);
  return open;
}

async function benchCommand(http: Http, bare: Client): Promise<void> {
  const n = Math.min(N, 300);
  process.stdout.write(`\nA command, one client (${n} each)\n`);
  const trivial = await bare.workflow.start<typeof TrivialWorkflow>('TrivialWorkflow', {
    taskQueue: TRIVIAL_QUEUE,
    workflowId: `bench-${randomUUID()}`,
  });
  await closedLoop(30, 1, async () => (await trivial.executeUpdate(touchUpdate), 'ok'));
  const bareUpdate = await closedLoop(n, 1, async () => (await trivial.executeUpdate(touchUpdate), 'ok'));
  report('baseline: bare executeUpdate (trivial workflow)', bareUpdate);
  const opened = (await post(http, '/v1/cases', openCaseBody())).body as { id: string; version: number };
  let version = opened.version;
  const note = async (i: number) => {
    const res = await post(http, `/v1/cases/${opened.id}/notes`, { text: `第 ${i} 条记录` }, { 'if-match': `"${version}"` });
    if (res.status === 200) version = (res.body as { version: number }).version;
    return outcome(res.status, 200);
  };
  await closedLoop(30, 1, note);
  report('POST /v1/cases/{id}/notes (200: event in PostgreSQL)', await closedLoop(n, 1, note), bareUpdate, 'p99');
}

async function benchOverload(sustainable: Measured): Promise<void> {
  const rate = Math.max(4, Math.round(sustainable.perSecond * 2));
  const seconds = Number(process.env.BENCH_OVERLOAD_SECONDS ?? 15);
  process.stdout.write(
    `\nOverload: opening at ${rate}/s (2 × the sustainable ${sustainable.perSecond.toFixed(1)}/s) for ${seconds} s, client timeout 10 s\n`,
  );
  for (const [label, admission] of [
    ['shedding on (32 in flight, 64 queued ≤ 1 s)', { limit: 32, queue: 64, waitMs: 1000 }],
    ['shedding off (no bound)', { limit: 100_000, queue: 100_000, waitMs: 60_000 }],
  ] as const) {
    const t = await startTestApp({ config: { admission } });
    try {
      const http = await listening(t);
      await closedLoop(20, 4, async () => outcome((await post(http, '/v1/cases', openCaseBody())).status, 201));
      const m = await openLoop(rate, seconds, async () => outcome((await post(http, '/v1/cases', openCaseBody())).status, 201));
      report(`overload, ${label}: admitted`, m);
    } finally {
      await t.close();
    }
  }
}

async function main(): Promise<void> {
  process.stdout.write(
    `bench:compare — ${new Date().toISOString()} — ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}\n`,
  );
  await globalSetup();
  const t = await startTestApp({ config: { admission: { limit: 1000, queue: 1000, waitMs: 10_000 } } });
  const connection = await Connection.connect({ address: t.config.temporal.address });
  const bare = new Client({ connection });
  const nativeConnection = await NativeConnection.connect({ address: t.config.temporal.address });
  const trivialWorker = await Worker.create({
    connection: nativeConnection,
    taskQueue: TRIVIAL_QUEUE,
    workflowsPath: require.resolve('./trivial.workflow'),
  });
  const trivialRun = trivialWorker.run();
  try {
    const http = await listening(t);
    let sustainable: Measured | null = null;
    if (run('open')) sustainable = await benchOpen(http, bare);
    if (run('command')) await benchCommand(http, bare);
    if (run('overload'))
      await benchOverload(
        sustainable ?? (await closedLoop(100, CLIENTS, async () => outcome((await post(http, '/v1/cases', openCaseBody())).status, 201))),
      );
    if (run('list') || run('verification') || run('import'))
      await benchLargeTables(t, { list: run('list'), verification: run('verification'), divisions: run('import') });
    if (run('rss')) await benchWorkerMemory(t);
  } finally {
    trivialWorker.shutdown();
    await trivialRun;
    await nativeConnection.close();
    await connection.close();
    await t.close();
    await globalTeardown();
  }
  process.stdout.write(`\n| what | measured | against the baseline |\n|---|---|---|\n${rows.join('\n')}\n`);
}

if (require.main === module) {
  main().catch((e: Error) => {
    process.stderr.write(`bench failed: ${e.stack ?? e.message}\n`);
    process.exit(1);
  });
}
