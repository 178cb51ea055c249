import { randomUUID } from 'node:crypto';
import {
  CHINA_CALENDAR_2025_2027,
  DEFAULT_POLICY,
  type Actor,
  type CaseKind,
  type CaseState,
  type Policy,
  type Risk,
  type WorkingCalendar,
} from '../../src/domain';
import {
  caseWorkflowId,
  rejectionFrom,
  stateQuery,
  type CaseWorkflowInput,
  type CommandRejection,
  type PeopleCommand,
} from '../../workflows/case.messages';
import type { CaseWorkflow } from '../../workflows/case.workflow';
import { actor, chinaMidnight, events, send, waitFor, type RunningHarness, type TestCase } from './time-skipping';

// The statutory procedures on the time-skipping server, counted through the real 2026 working-day
// calendar (国办发明电〔2025〕7号: 春节 2-15…2-23 with 调休 Saturdays 2-14 and 2-28; 国庆 10-1…10-7
// with 调休 9-20 and Saturday 10-10). The test server's clock starts at the wall clock and only moves
// forward, and 2026 is behind it: each case runs in a later year whose calendar is the 2026
// arrangement moved by whole weeks (k × 364 days), so every date keeps its weekday, every holiday
// block and every 调休 Saturday. Dates in tests are written as 2026 dates and moved the same way.

const DAY = 86_400_000;
const YEAR_OF_WEEKS = 364 * DAY;

export const REAL_2026: WorkingCalendar = {
  holidays: CHINA_CALENDAR_2025_2027.holidays.filter((d) => d.startsWith('2026-')),
  workingWeekends: CHINA_CALENDAR_2025_2027.workingWeekends.filter((d) => d.startsWith('2026-')),
};

const shiftDate = (date: string, by: number): string => new Date(Date.parse(`${date}T00:00:00Z`) + by).toISOString().slice(0, 10);

/** The 2026 calendar (and its dates) moved forward by whole weeks. */
export interface MovedYear {
  by: number;
  calendar: WorkingCalendar;
  /** A 2026 China date and time (`2026-02-11T09:00`) as the instant it is in the moved year. */
  at(chinaDateTime2026: string): number;
  /** End (24:00 China time) of a 2026 China date in the moved year, as an ISO instant. */
  endOf(date2026: string): string;
}

export function movedYear(by: number): MovedYear {
  return {
    by,
    calendar: { holidays: REAL_2026.holidays.map((d) => shiftDate(d, by)), workingWeekends: REAL_2026.workingWeekends.map((d) => shiftDate(d, by)) },
    at: (dt) => Date.parse(`${dt}:00+08:00`) + by,
    endOf: (date) => new Date(chinaMidnight(date) + DAY + by).toISOString(),
  };
}

/** The first whole-week move that puts `first2026` (a 2026 China date-time) after the server's now. */
export async function nextMovedYear(h: RunningHarness, first2026: string): Promise<MovedYear> {
  const now = Number(await h.env.currentTimeMs());
  let k = 1;
  while (Date.parse(`${first2026}:00+08:00`) + k * YEAR_OF_WEEKS <= now + 60_000) k++;
  return movedYear(k * YEAR_OF_WEEKS);
}

/** A test policy: the default (or `base`) with the moved calendar and a version of its own. */
export function lawPolicy(year: MovedYear, base: Policy = DEFAULT_POLICY): Policy {
  return { ...base, version: `law-${randomUUID().slice(0, 8)}`, calendar: year.calendar };
}

/** Skip the server's clock to `ms` (never back). */
export async function skipTo(h: RunningHarness, ms: number): Promise<void> {
  const now = Number(await h.env.currentTimeMs());
  if (ms < now) throw new Error(`cannot go back in time: ${new Date(ms).toISOString()} < ${new Date(now).toISOString()}`);
  if (ms > now) await h.env.sleep(ms - now);
}

/** Open a case at `startMs` (server time), pinned to `policy`. */
export async function openCaseAt(
  h: RunningHarness,
  startMs: number,
  kind: CaseKind,
  origin: string,
  policy: Policy,
  risk: Risk | null = null,
): Promise<TestCase> {
  await skipTo(h, startMs);
  const caseId = randomUUID();
  const input: CaseWorkflowInput = {
    open: { type: 'open', caseId, kind, division: origin, subjectRef: randomUUID(), subjectMinorUnder14: false, risk, summary: 'law test' },
    openedBy: actor('caseworker', origin),
    policy,
  };
  const handle = await h.env.client.workflow.start<typeof CaseWorkflow>('CaseWorkflow', {
    workflowId: caseWorkflowId(caseId),
    taskQueue: h.taskQueue,
    args: [input],
  });
  const opened = await waitFor(h, caseId, (s) => s.version >= 1);
  return { caseId, startMs: Date.parse(opened.openedAt), policy, holiday: '', handle };
}

/** The rejection a command gets from the workflow (null if it was accepted). */
export async function rejectionOfSend(tc: TestCase, by: Actor, command: PeopleCommand): Promise<CommandRejection | null> {
  try {
    await send(tc, by, command);
    return null;
  } catch (e) {
    const cause = e instanceof Error && 'cause' in e ? e.cause : e;
    const rejection = rejectionFrom(cause);
    if (rejection === null) throw e;
    return rejection;
  }
}

/**
 * Nothing happens until `dueAt`; just after it, the events of types `types` are appended by the
 * workflow's own timer (a 公示 ending, a review falling due).
 */
export async function expectEventsExactlyAt(h: RunningHarness, tc: TestCase, dueAt: string, types: string[]): Promise<CaseState> {
  const before = await events(h, tc.caseId);
  const now = Number(await h.env.currentTimeMs());
  const due = Date.parse(dueAt);
  if (due - 60_000 > now) await h.env.sleep(due - 60_000 - now);
  const early = await tc.handle.query(stateQuery);
  if (early?.version !== before.length) throw new Error(`changed before ${dueAt}: ${JSON.stringify(early)}`);
  await h.env.sleep(120_000);
  const after = await waitFor(h, tc.caseId, (s) => s.version >= before.length + types.length);
  const added = (await events(h, tc.caseId)).slice(before.length);
  if (JSON.stringify(added.map((e) => e.type)) !== JSON.stringify(types))
    throw new Error(`expected ${types.join(', ')} after ${dueAt}: ${JSON.stringify(added)}`);
  return after;
}

/**
 * 最低生活保障审核确认办法 第十九条, 特困人员认定办法 第十五条: the initial opinion published now by
 * `by`, and its 7 days let pass on the server's clock — nothing happens before they end, and then
 * exactly the notice ends (PublicNoticeEnded). The case may then be approved.
 */
export async function publicNoticeRunOut(h: RunningHarness, tc: TestCase, by: Actor): Promise<CaseState> {
  const started = await send(tc, by, { type: 'startPublicNotice', noticeId: `notice-${randomUUID().slice(0, 8)}`, purpose: 'initial' });
  const endsAt = started.publicNotice?.endsAt ?? '';
  if (Date.parse(endsAt) - Date.parse(started.publicNotice?.startedAt ?? '') !== 7 * DAY) throw new Error(`not a 7-day 公示: ${endsAt}`);
  return expectEventsExactlyAt(h, tc, endsAt, ['PublicNoticeEnded']);
}
