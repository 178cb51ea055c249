import type { Actor, CaseCommand, CaseEvent, CaseKind, CaseState, Policy, Rejection, Risk } from '../../src/domain';
import { decide, DEFAULT_POLICY, evolve } from '../../src/domain';
import { step, villageIntake, workingDays } from '../../src/domain/policy-builders';

import { idCheckChar } from '../../src/domain/id-number';

// The one set of test builders: real units of 浙江 杭州 西湖区 (and 湖北) from the division registry,
// valid, obviously fake people, actors, request bodies, and a tiny case driver that decides and
// folds like the workflow does (unit tests of the core).

let counter = 0;
// Test files run in parallel against one database, and a person may have only one active case of
// a kind: every call gets a fresh number (a random birth date per process, a counter within it).
const processBirth = Date.UTC(1950, 0, 1) + Math.floor(Math.random() * 25_000) * 86_400_000;

/** A valid 公民身份号码; a different person each call unless `birth` and the sequence repeat. */
export function idNumber(address = '330106', birth?: string, sex: 'male' | 'female' = 'male'): string {
  counter++;
  const date = birth ?? new Date(processBirth + Math.floor(counter / 450) * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
  const seq = String(((counter % 450) * 2 + (sex === 'male' ? 1 : 0)) % 1000).padStart(3, '0');
  const first17 = `${address}${date}${seq}`;
  return first17 + idCheckChar(first17);
}

export const PROVINCE = '330000000000'; // 浙江省
export const CITY = '330100000000'; // 杭州市
export const COUNTY = '330106000000'; // 西湖区
export const TOWNSHIP = '330106002000'; // 北山街道
export const VILLAGE = '330106002051'; // 上保社区
export const OTHER_VILLAGE = '330106002052'; // 宝石社区 (same township)
export const OTHER_TOWNSHIP = '330106004000'; // another 街道 of 西湖区
export const OTHER_TOWNSHIP_VILLAGE = '330106004053'; // 石灰桥社区
export const OTHER_COUNTY = '330105000000'; // 拱墅区
export const HUBEI_TOWNSHIP = '420106001000'; // 湖北省武汉市武昌区
export const OTHER_PROVINCE_VILLAGE = '420102002003'; // 湖北省武汉市江岸区 保成社区

export function openCaseBody(overrides: Record<string, unknown> = {}) {
  return {
    kind: 'dibao',
    subject: { name: '测试人', idNumber: idNumber() },
    summary: '申请最低生活保障',
    ...overrides,
  };
}

export const caseworker = (division: string, id = `cw-${division}`): Actor => ({ id, roles: ['caseworker'], division });
export const supervisor = (division: string, id = `sv-${division}`): Actor => ({ id, roles: ['supervisor'], division });
export const auditor = (division: string, id = `au-${division}`): Actor => ({ id, roles: ['auditor'], division });
export const admin = (division: string, id = 'admin'): Actor => ({ id, roles: ['admin'], division });
export const SYSTEM: Actor = { id: 'system', roles: ['system'], division: PROVINCE };

/** A Monday in 2026 (China time) with no holiday near. */
export const MONDAY = '2026-03-02T09:00:00+08:00';

export class RejectedError extends Error {
  constructor(readonly rejection: Rejection) {
    super(JSON.stringify(rejection));
  }
}

/** A case under test: state plus its full event history. */
export interface TestCase {
  state: CaseState;
  events: CaseEvent[];
  policy: Policy;
}

export function openCase(opts: { kind?: CaseKind; division?: string; risk?: Risk | null; at?: string; policy?: Policy } = {}): TestCase {
  const division = opts.division ?? VILLAGE;
  const policy = opts.policy ?? DEFAULT_POLICY;
  const result = decide(
    null,
    {
      type: 'open',
      caseId: 'case-1',
      caseNumber: 'HS-330106-2026-000001',
      kind: opts.kind ?? 'dibao',
      division,
      subjectRef: 'subject-1',
      subjectMinorUnder14: false,
      risk: opts.risk ?? null,
      summary: 'test case',
    },
    { now: opts.at ?? MONDAY, actor: caseworker(division), policy },
  );
  if (!result.ok) throw new RejectedError(result.rejection);
  const state = result.events.reduce<CaseState | null>(evolve, null);
  if (state === null) throw new Error('no state');
  return { state, events: result.events, policy };
}

export function attempt(c: TestCase, command: CaseCommand, actor: Actor, now: string) {
  return decide(c.state, command, { now, actor, policy: c.policy });
}

/** Apply a command that must be accepted; returns the case after it. */
export function act(c: TestCase, command: CaseCommand, actor: Actor, now: string): TestCase {
  const result = attempt(c, command, actor, now);
  if (!result.ok) throw new RejectedError(result.rejection);
  return { ...c, state: result.events.reduce(evolve, c.state), events: [...c.events, ...result.events] };
}

export function rejectionOf(c: TestCase, command: CaseCommand, actor: Actor, now: string): Rejection {
  const result = attempt(c, command, actor, now);
  if (result.ok) throw new Error(`expected a rejection, got ${result.events.map((e) => e.type).join(', ')}`);
  return result.rejection;
}

export const tick = (c: TestCase, now: string): TestCase => act(c, { type: 'deadlinePassed' }, SYSTEM, now);

/** Escalate by request and approval one level up. */
export function escalateByApproval(c: TestCase, now: string, requestId = `req-${c.state.version}`): TestCase {
  const from = c.state.holder;
  const requested = act(c, { type: 'requestEscalation', requestId, reason: 'needs the next level' }, caseworker(from), now);
  const to = requested.state.pendingEscalation?.to ?? '';
  return act(requested, { type: 'approveEscalation', requestId }, supervisor(to), now);
}

/** Monday 23 February 2026 09:00 China time: a 公示 started then ends at MONDAY, 7 calendar days on. */
export const WEEK_BEFORE_MONDAY = '2026-02-23T09:00:00+08:00';

/** Whether the policy lets this kind be approved only after its initial 公示 (低保 第十九条, 特困 第十五条). */
export const needsPublicNotice = (kind: CaseKind, policy: Policy = DEFAULT_POLICY): boolean => policy.kinds[kind].publicNotice?.required === true;

/**
 * The initial opinion published in the village from `at` for the policy's period (7 days), then
 * ended by its timer without objection — the way 低保 第十九条 and 特困 第十五条 have it.
 */
export function runPublicNotice(c: TestCase, at: string, by: Actor = caseworker(c.state.holder)): TestCase {
  const started = act(c, { type: 'startPublicNotice', noticeId: `notice-${c.state.version}`, purpose: 'initial' }, by, at);
  const endsAt = started.state.publicNotice?.endsAt ?? '';
  const ended = tick(started, endsAt);
  const last = ended.events.at(-1);
  if (last?.type !== 'PublicNoticeEnded') throw new Error(`the 公示 did not end first at ${endsAt}: ${last?.type ?? 'nothing'}`);
  return ended;
}

/**
 * A case ready for its decision at MONDAY: opened then, or — where its kind needs a 公示 first —
 * opened a week earlier with the 公示 run from then until MONDAY, so later dates stay MONDAY's.
 */
export function openCaseReadyAtMonday(opts: { kind?: CaseKind; division?: string; risk?: Risk | null; policy?: Policy } = {}): TestCase {
  if (!needsPublicNotice(opts.kind ?? 'dibao', opts.policy)) return openCase(opts);
  const c = runPublicNotice(openCase({ ...opts, at: WEEK_BEFORE_MONDAY }), WEEK_BEFORE_MONDAY);
  const endedAt = c.events.at(-1)?.at;
  if (endedAt !== new Date(MONDAY).toISOString()) throw new Error(`the 公示 ended at ${endedAt}, not at MONDAY`);
  return c;
}

/**
 * A test policy where the township decides 两项补贴 itself, as a province may by override with its
 * citation (the 湖北 case of law.test.ts; policy 2026.2 shipped it so): the one hardship kind with
 * ongoing support, a yearly review and a second signature to close that a township decides. Tests of
 * those mechanics (closure, follow-ups, reviews, transfers) use it; the shipped default sends the
 * decision to county 民政 after the county 残联's grade review (国发〔2015〕52号).
 */
export const TOWNSHIP_SUBSIDY: Policy = {
  ...DEFAULT_POLICY,
  version: 'test-township-subsidy',
  kinds: {
    ...DEFAULT_POLICY.kinds,
    disability_subsidy: {
      ...DEFAULT_POLICY.kinds.disability_subsidy,
      decision: { by: 'levels', levels: ['township'] },
      steps: { village: villageIntake, township: step('review_and_decision', workingDays(15)) },
    },
  },
};
