import type { Actor, CaseCommand, CaseEvent, CaseKind, CaseState, Policy, Rejection, Risk } from '../../src/domain';
import { decide, DEFAULT_POLICY, evolve } from '../../src/domain';

// Shared builders for the unit tests: units of 浙江 杭州 西湖区 and 湖北, actors, and a tiny case
// driver that decides and folds like the workflow does.

export const PROVINCE = '330000000000';
export const CITY = '330100000000';
export const COUNTY = '330106000000';
export const TOWNSHIP = '330106001000';
export const VILLAGE = '330106001001';
export const OTHER_VILLAGE = '330106001002';
export const OTHER_TOWNSHIP = '330106002000';
export const OTHER_TOWNSHIP_VILLAGE = '330106002001';
export const OTHER_COUNTY = '330105000000';
export const HUBEI_TOWNSHIP = '420106001000';

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
