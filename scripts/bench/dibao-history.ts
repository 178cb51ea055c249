import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { DEFAULT_POLICY, type CaseState } from '../../src/domain';
import { caseWorkflowId, commandUpdate, type CaseWorkflowInput, type PeopleCommand } from '../../workflows/case.messages';
import type { CaseWorkflow } from '../../workflows/case.workflow';
import { COUNTY } from '../../test/support/builders';
import globalSetup from '../../test/support/global-setup';
import globalTeardown from '../../test/support/global-teardown';
import { actor, startDeadlineHarness, waitFor } from '../../test/support/time-skipping';

// A five-year 低保 case on the time-skipping test server: opened and decided at the county, then
// a follow-up every month for 60 months (the yearly review as a review follow-up). Run once per
// history limit — continue-as-new effectively off, the default (2000), a small one (200) — and
// report the events in case_events, the runs, and the longest / largest single run's history,
// with the time to fetch all runs and to replay the largest one; the small limit is the baseline
// measured in the same process. Prints numbers; asserts nothing.
//   npm run bench:history            (BENCH_MONTHS=60)

const MONTHS = Number(process.env.BENCH_MONTHS ?? 60);
const DAY = 86_400_000;
const MONTH = 30 * DAY;
const LIMITS: { label: string; historyLimit: number | undefined }[] = [
  { label: 'continue-as-new off (limit 10^9)', historyLimit: 1_000_000_000 },
  { label: 'default limit (2000)', historyLimit: undefined },
  { label: 'small limit (200)', historyLimit: 200 },
];

interface Result {
  label: string;
  caseEvents: number;
  reviewsDue: number;
  runs: number;
  longestRun: number;
  largestRunBytes: number;
  totalHistoryBytes: number;
  driveMs: number;
  fetchMs: number;
  replayMs: number;
}

async function main(): Promise<void> {
  await globalSetup();
  // Worker and core logs off the console (the harness installs the runtime with a capturing
  // logger; installing one here first made it throw): this script prints numbers.
  const h = await startDeadlineHarness('bench-history');
  const { env, taskQueue, dataConverter, workflowBundle } = h;
  const results: Result[] = [];
  try {
    for (const { label, historyLimit } of LIMITS) {
      process.stdout.write(`  running: ${label} …\n`);
      results.push(await oneCase(label, historyLimit));
    }
  } finally {
    await h.close();
    await globalTeardown();
  }
  print(results);

  async function oneCase(label: string, historyLimit: number | undefined): Promise<Result> {
    const started = performance.now();
    const caseId = randomUUID();
    const workflowId = caseWorkflowId(caseId);
    const caseworker = actor('caseworker', COUNTY, 'bench-county-worker');
    const head = actor('supervisor', COUNTY, 'bench-county-head');
    const input: CaseWorkflowInput = {
      open: {
        type: 'open',
        caseId,
        kind: 'dibao',
        division: COUNTY,
        subjectRef: randomUUID(),
        subjectMinorUnder14: false,
        risk: null,
        summary: '低保五年',
      },
      openedBy: caseworker,
      policy: DEFAULT_POLICY,
      ...(historyLimit !== undefined ? { historyLimit } : {}),
    };
    const first = await env.client.workflow.start<typeof CaseWorkflow>('CaseWorkflow', { workflowId, taskQueue, args: [input] });
    await waitFor(h, caseId, (s) => s.version >= 1);
    // The latest run: after continue-as-new the handle without a run id follows the chain.
    const send = async (command: PeopleCommand): Promise<CaseState> => {
      try {
        const handle = env.client.workflow.getHandle(workflowId);
        const by = command.type === 'decide' ? head : caseworker;
        return (await handle.executeUpdate(commandUpdate, { args: [{ command, actor: by, expectedVersion: null }] })).state;
      } catch (e) {
        const cause = e instanceof Error && 'cause' in e ? e.cause : null;
        throw new Error(`${command.type} refused: ${cause instanceof Error ? cause.message : String(e)}`, { cause: e });
      }
    };

    await send({ type: 'assess', risk: null, findings: '入户核查', householdSize: 2, monthlyAmount: 800 });
    // 最低生活保障审核确认办法 第十九条: the opinion is published for 7 days before the county confirms.
    const published = await send({ type: 'startPublicNotice', noticeId: `notice-${caseId.slice(0, 8)}`, purpose: 'initial' });
    await env.sleep(Date.parse(published.publicNotice?.endsAt ?? '') - Date.parse(published.updatedAt) + 60_000);
    await waitFor(h, caseId, (s) => s.publicNotice?.status === 'ended');
    let state = await send({ type: 'decide', outcome: 'approved', benefit: '城乡低保', monthlyAmount: 800, reason: '符合条件' });
    if (state.status !== 'monitoring') throw new Error(`expected monitoring after the decision, got ${state.status}`);
    let reviewsDue = 0;
    for (let month = 1; month <= MONTHS; month++) {
      // The yearly review is done the day after the workflow opened its review step (最低生活保障审核
      // 确认办法 第三十一条), within its 10 working days — a monthly sample could fall after them and
      // the county would be 督办'd; the months are visits, which do not satisfy it. (Before issue 13
      // the bench recorded a review every 12th month of 30 days — before the year was up — so none fell due.)
      const monthEnds = Number(await env.currentTimeMs()) + MONTH;
      const reviewAt = state.reviewDueAt === null ? null : Date.parse(state.reviewDueAt) + DAY;
      if (reviewAt !== null && reviewAt < monthEnds) {
        await env.sleep(reviewAt - Number(await env.currentTimeMs()));
        state = await waitFor(h, caseId, (s) => s.step?.name === 'review');
        reviewsDue++;
        state = await send({ type: 'followUp', kind: 'review', notes: `年度复核 ${month}` });
      }
      await env.sleep(monthEnds - Number(await env.currentTimeMs()));
      state = await waitFor(h, caseId, () => true);
      state = await send({ type: 'followUp', kind: 'visit', notes: `月度走访 ${month}` });
      if (state.holder !== COUNTY) throw new Error(`the case left the county (month ${month}): ${state.holder}`);
    }
    const driveMs = performance.now() - started;

    const rows: { n: number }[] = await h.db.query('SELECT count(*)::int AS n FROM case_events WHERE case_id = $1', [caseId]);
    // Follow the continue-as-new chain from the first run.
    const fetchStart = performance.now();
    const histories: temporal.api.history.v1.IHistory[] = [];
    for (let runId: string | undefined = first.firstExecutionRunId; runId;) {
      const history: temporal.api.history.v1.IHistory = await env.client.workflow.getHandle(workflowId, runId).fetchHistory();
      histories.push(history);
      const last: temporal.api.history.v1.IHistoryEvent | undefined = history.events?.[history.events.length - 1];
      runId = last?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
    }
    const fetchMs = performance.now() - fetchStart;
    const sizes = histories.map((hist) => temporal.api.history.v1.History.encode(hist).finish().length);
    const lengths = histories.map((hist) => hist.events?.length ?? 0);
    const largest = histories[sizes.indexOf(Math.max(...sizes))];
    const replayStart = performance.now();
    await Worker.runReplayHistory({ workflowBundle, dataConverter }, largest, workflowId);
    const replayMs = performance.now() - replayStart;
    return {
      label,
      caseEvents: rows[0].n,
      reviewsDue,
      runs: histories.length,
      longestRun: Math.max(...lengths),
      largestRunBytes: Math.max(...sizes),
      totalHistoryBytes: sizes.reduce((a, b) => a + b, 0),
      driveMs,
      fetchMs,
      replayMs,
    };
  }
}

function print(results: Result[]): void {
  const baseline = results[results.length - 1];
  const ratio = (v: number, b: number) => `×${(v / b).toFixed(2)}`;
  const header = [
    'history limit'.padEnd(34),
    'case_events',
    'ReviewDue',
    'runs',
    'longest run (events)',
    'largest run (bytes)',
    'all runs (bytes)',
    'drive (ms)',
    'fetch all runs (ms)',
    'replay largest run (ms)',
  ];
  process.stdout.write(`\nA ${MONTHS}-month dibao case (open + assess + decide at the county, then ${MONTHS} monthly follow-ups)\n`);
  process.stdout.write(`  ${header.join(' | ')}\n`);
  for (const r of results) {
    const cells = [
      r.label.padEnd(34),
      String(r.caseEvents).padStart(11),
      String(r.reviewsDue).padStart(9),
      String(r.runs).padStart(4),
      String(r.longestRun).padStart(20),
      String(r.largestRunBytes).padStart(19),
      String(r.totalHistoryBytes).padStart(16),
      r.driveMs.toFixed(0).padStart(14),
      `${r.fetchMs.toFixed(1)} ${r === baseline ? '' : ratio(r.fetchMs, baseline.fetchMs)}`.padStart(19),
      `${r.replayMs.toFixed(1)} ${r === baseline ? '' : ratio(r.replayMs, baseline.replayMs)}`.padStart(23),
    ];
    process.stdout.write(`  ${cells.join(' | ')}\n`);
  }
  process.stdout.write(`  (× = compared with the ${baseline.label} run, the baseline measured in this process)\n`);
}

main().catch((e: Error) => {
  process.stderr.write(`error: ${e.stack ?? e.message}\n`);
  process.exit(1);
});
