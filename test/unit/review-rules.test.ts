import { evolve, fold } from '../../src/domain';
import type { CaseState, Policy } from '../../src/domain';
import type { TestCase } from '../support/builders';
import {
  act,
  caseworker,
  CITY,
  COUNTY,
  escalateByApproval,
  MONDAY,
  openCase,
  openCaseReadyAtMonday,
  runPublicNotice,
  supervisor,
  tick,
  TOWNSHIP,
  WEEK_BEFORE_MONDAY,
  TOWNSHIP_SUBSIDY,
} from '../support/builders';

// Periodic reviews and follow-up visits of cases in monitoring, and the deadlines that survive a
// move or a pending closure.

const approve = { type: 'decide' as const, outcome: 'approved' as const, benefit: 'support', monthlyAmount: null, reason: 'eligible' };

/** A left-behind child in monitoring at the township since Monday 2 March (visits every 3 months at low risk). */
function monitoredChild(risk: 'low' | 'medium' = 'low'): TestCase {
  return act(openCase({ kind: 'left_behind', division: TOWNSHIP, risk }), approve, supervisor(TOWNSHIP), MONDAY);
}

/** A dibao household in monitoring at the county since Monday 2 March (yearly review), after its 公示 the week before. */
function monitoredDibao(): TestCase {
  return act(openCaseReadyAtMonday({ division: COUNTY }), { ...approve, monthlyAmount: 600 }, supervisor(COUNTY), MONDAY);
}

/** A disability subsidy in monitoring at the township since Monday 2 March (yearly review). */
function monitoredSubsidy(): TestCase {
  return act(openCase({ kind: 'disability_subsidy', division: TOWNSHIP, policy: TOWNSHIP_SUBSIDY }), approve, supervisor(TOWNSHIP), MONDAY);
}

const assess = (risk: 'low' | 'medium' | 'high' | null, incomeVolatile?: boolean) => ({
  type: 'assess' as const,
  risk,
  findings: 'reassessed',
  householdSize: null,
  monthlyAmount: null,
  // 办法 第三十一条: irregular income and a member able to work, both.
  ...(incomeVolatile === undefined ? {} : { incomeVolatile, memberAbleToWork: true }),
});

describe('a higher risk or a volatile income shortens the review interval at once', () => {
  it('brings a monitored child’s next visit forward to one month when an assessment finds medium risk', () => {
    let c = monitoredChild('low');
    expect(c.state.reviewDueAt).toBe('2026-06-02T01:00:00.000Z');
    c = act(c, assess('medium'), caseworker(TOWNSHIP), '2026-03-10T09:00:00+08:00');
    expect(c.events.at(-1)).toMatchObject({ type: 'AssessmentRecorded', data: { risk: 'medium', reviewDueAt: '2026-04-10T01:00:00.000Z' } });
    expect(c.state).toMatchObject({ risk: 'medium', reviewDueAt: '2026-04-10T01:00:00.000Z', status: 'monitoring' });
    expect(fold(c.events)).toEqual(c.state);
  });

  it('does not postpone the next visit when an assessment lowers the risk', () => {
    let c = monitoredChild('medium');
    expect(c.state.reviewDueAt).toBe('2026-04-02T01:00:00.000Z');
    c = act(c, assess('low'), caseworker(TOWNSHIP), '2026-03-20T09:00:00+08:00');
    expect(c.events.at(-1)?.data).not.toHaveProperty('reviewDueAt');
    expect(c.state).toMatchObject({ risk: 'low', reviewDueAt: '2026-04-02T01:00:00.000Z' });
  });

  it('keeps an earlier visit date when the shorter interval from now would end later', () => {
    let c = monitoredChild('medium');
    // Medium risk again on 20 March: a month from now (20 April) is later than 2 April.
    c = act(c, assess(null), caseworker(TOWNSHIP), '2026-03-20T09:00:00+08:00');
    expect(c.events.at(-1)?.data).not.toHaveProperty('reviewDueAt');
    expect(c.state.reviewDueAt).toBe('2026-04-02T01:00:00.000Z');
  });

  it('brings a dibao review forward to six months once the income is found volatile, and keeps the flag on later assessments', () => {
    let c = monitoredDibao();
    expect(c.state).toMatchObject({ reviewDueAt: '2027-03-02T01:00:00.000Z', incomeVolatile: false });
    c = act(c, assess(null, true), caseworker(COUNTY), '2026-03-10T09:00:00+08:00');
    expect(c.events.at(-1)).toMatchObject({ data: { incomeVolatile: true, reviewDueAt: '2026-09-10T01:00:00.000Z' } });
    expect(c.state).toMatchObject({ incomeVolatile: true, reviewDueAt: '2026-09-10T01:00:00.000Z' });
    // An assessment that says nothing about the income leaves the flag (and the event carries none).
    c = act(c, assess(null), caseworker(COUNTY), '2026-03-11T09:00:00+08:00');
    expect(c.events.at(-1)?.data).not.toHaveProperty('incomeVolatile');
    expect(c.state.incomeVolatile).toBe(true);
    // A review while volatile restarts the six-month interval.
    c = act(c, { type: 'followUp', kind: 'review', notes: 'checked' }, caseworker(COUNTY), '2026-04-01T09:00:00+08:00');
    expect(c.state.reviewDueAt).toBe('2026-10-01T01:00:00.000Z');
  });

  it('does not postpone a dibao review when the income is found stable again', () => {
    let c = monitoredDibao();
    c = act(c, assess(null, true), caseworker(COUNTY), '2026-03-10T09:00:00+08:00');
    c = act(c, assess(null, false), caseworker(COUNTY), '2026-03-12T09:00:00+08:00');
    expect(c.events.at(-1)).toMatchObject({ data: { incomeVolatile: false } });
    expect(c.events.at(-1)?.data).not.toHaveProperty('reviewDueAt');
    expect(c.state).toMatchObject({ incomeVolatile: false, reviewDueAt: '2026-09-10T01:00:00.000Z' });
    // The next review then restarts the yearly interval.
    c = act(c, { type: 'followUp', kind: 'review', notes: 'checked' }, caseworker(COUNTY), '2026-04-01T09:00:00+08:00');
    expect(c.state.reviewDueAt).toBe('2027-04-01T01:00:00.000Z');
  });

  it('leaves the review date of a decided (not monitored) case alone on assessment', () => {
    let c = act(
      openCase({ kind: 'disability_subsidy', division: TOWNSHIP, policy: TOWNSHIP_SUBSIDY }),
      { ...approve, outcome: 'denied' },
      supervisor(TOWNSHIP),
      MONDAY,
    );
    c = act(c, assess(null, true), caseworker(TOWNSHIP), '2026-03-10T09:00:00+08:00');
    expect(c.events.at(-1)?.data).not.toHaveProperty('reviewDueAt');
    expect(c.events.at(-1)?.data).not.toHaveProperty('step');
    expect(c.state).toMatchObject({ status: 'decided', reviewDueAt: null, incomeVolatile: true });
  });

  it('does not schedule the next review while the due one is still open', () => {
    let c = monitoredChild('low');
    c = tick(c, '2026-06-02T01:00:00Z');
    expect(c.state).toMatchObject({ reviewDueAt: null, step: { name: 'follow_up_visit' } });
    c = act(c, assess('medium'), caseworker(TOWNSHIP), '2026-06-03T09:00:00+08:00');
    expect(c.events.at(-1)?.data).not.toHaveProperty('reviewDueAt');
    expect(c.state.reviewDueAt).toBeNull();
  });

  it('applies a review date carried by an assessment and keeps the old one when the event carries none (evolve)', () => {
    const c = monitoredChild('low');
    const withDate = evolve(c.state, {
      type: 'AssessmentRecorded',
      at: '2026-03-10T01:00:00.000Z',
      actor: 'cw',
      data: { risk: 'high', findings: 'x', householdSize: 4, monthlyAmount: 300, incomeVolatile: true, reviewDueAt: '2026-04-10T01:00:00.000Z' },
    });
    expect(withDate).toMatchObject({
      risk: 'high',
      householdSize: 4,
      monthlyAmount: 300,
      incomeVolatile: true,
      reviewDueAt: '2026-04-10T01:00:00.000Z',
    });
    expect(withDate.step).toEqual(c.state.step);
    const without = evolve(withDate, {
      type: 'AssessmentRecorded',
      at: '2026-03-11T01:00:00.000Z',
      actor: 'cw',
      data: { risk: null, findings: 'y', householdSize: null, monthlyAmount: null },
    });
    expect(without).toMatchObject({
      risk: 'high',
      householdSize: 4,
      monthlyAmount: 300,
      incomeVolatile: true,
      reviewDueAt: '2026-04-10T01:00:00.000Z',
    });
    expect(without.version).toBe(withDate.version + 1);
    expect(without.updatedAt).toBe('2026-03-11T01:00:00.000Z');
  });
});

describe('follow-ups in monitoring', () => {
  it('keeps the closure-approval deadline when a review visit is recorded while closure is pending', () => {
    let c = monitoredSubsidy();
    c = act(c, { type: 'requestClosure', requestId: 'c1', reason: 'moved away' }, caseworker(TOWNSHIP), MONDAY);
    const closureStep = c.state.step;
    expect(closureStep).toEqual({ name: 'closure_approval', startedAt: MONDAY, dueAt: '2026-03-16T16:00:00.000Z' });
    c = act(c, { type: 'followUp', kind: 'review', notes: 'last visit' }, caseworker(TOWNSHIP), '2026-03-05T09:00:00+08:00');
    expect(c.events.at(-1)?.data).not.toHaveProperty('step');
    // The review still counts: the next interval starts from the visit.
    expect(c.events.at(-1)).toMatchObject({ data: { kind: 'review', reviewDueAt: '2027-03-05T01:00:00.000Z' } });
    expect(c.state.step).toEqual(closureStep);
    expect(c.state.pendingClosure).toMatchObject({ requestId: 'c1' });
    expect(c.state.reviewDueAt).toBe('2027-03-05T01:00:00.000Z');
  });

  it('ends a due review step with the review, back to plain monitoring without a deadline', () => {
    let c = monitoredSubsidy();
    c = tick(c, '2027-03-02T01:00:00Z');
    expect(c.state.step).toMatchObject({ name: 'review', startedAt: '2027-03-02T01:00:00Z', dueAt: '2027-03-16T16:00:00.000Z' });
    c = act(c, { type: 'followUp', kind: 'review', notes: 'done' }, caseworker(TOWNSHIP), '2027-03-03T09:00:00+08:00');
    expect(c.events.at(-1)).toEqual({
      type: 'FollowUpRecorded',
      at: '2027-03-03T09:00:00+08:00',
      actor: `cw-${TOWNSHIP}`,
      data: {
        kind: 'review',
        notes: 'done',
        step: { name: 'monitoring', startedAt: '2027-03-03T09:00:00+08:00', dueAt: null },
        reviewDueAt: '2028-03-03T01:00:00.000Z',
      },
    });
    expect(c.state).toMatchObject({ step: { name: 'monitoring', dueAt: null }, reviewDueAt: '2028-03-03T01:00:00.000Z', overdue: false });
  });

  it('records a visit that does not count as the review without touching step or review date', () => {
    let c = monitoredSubsidy();
    const before = c.state;
    c = act(c, { type: 'followUp', kind: 'visit', notes: 'visited' }, caseworker(TOWNSHIP), '2026-04-01T09:00:00+08:00');
    expect(c.events.at(-1)?.data).toEqual({ kind: 'visit', notes: 'visited' });
    expect(c.state).toEqual({ ...before, version: before.version + 1, updatedAt: '2026-04-01T09:00:00+08:00' });
  });

  it('records a follow-up on a decided (not monitored) case as a plain record', () => {
    let c = act(
      openCase({ kind: 'disability_subsidy', division: TOWNSHIP, policy: TOWNSHIP_SUBSIDY }),
      { ...approve, outcome: 'denied' },
      supervisor(TOWNSHIP),
      MONDAY,
    );
    c = act(c, { type: 'followUp', kind: 'review', notes: 'checked' }, caseworker(TOWNSHIP), '2026-03-05T09:00:00+08:00');
    expect(c.events.at(-1)?.data).toEqual({ kind: 'review', notes: 'checked' });
    expect(c.state).toMatchObject({ status: 'decided', reviewDueAt: null, step: { name: 'decided', dueAt: null } });
  });

  it('counts any follow-up as the review under a policy that names none', () => {
    const anyFollowUp: Policy = {
      ...TOWNSHIP_SUBSIDY,
      kinds: {
        ...TOWNSHIP_SUBSIDY.kinds,
        disability_subsidy: {
          ...TOWNSHIP_SUBSIDY.kinds.disability_subsidy,
          review: { ...TOWNSHIP_SUBSIDY.kinds.disability_subsidy.review!, satisfiedBy: undefined },
        },
      },
    };
    let c = act(openCase({ kind: 'disability_subsidy', division: TOWNSHIP, policy: anyFollowUp }), approve, supervisor(TOWNSHIP), MONDAY);
    c = act(c, { type: 'followUp', kind: 'visit', notes: 'visited' }, caseworker(TOWNSHIP), '2026-04-01T09:00:00+08:00');
    expect(c.state.reviewDueAt).toBe('2027-04-01T01:00:00.000Z');
  });

  it('clears the review date when a follow-up event carries null (evolve)', () => {
    const c = monitoredSubsidy();
    const next: CaseState = evolve(c.state, {
      type: 'FollowUpRecorded',
      at: '2026-04-01T01:00:00.000Z',
      actor: 'cw',
      data: { kind: 'review', notes: 'x', reviewDueAt: null },
    });
    expect(next.reviewDueAt).toBeNull();
    expect(next.step).toEqual(c.state.step);
  });
});

describe('a missed review or closure approval escalates with a fresh deadline (督办)', () => {
  it('gives the next level a fresh 10-working-day review step when the review step is missed', () => {
    let c = monitoredSubsidy();
    c = tick(c, '2027-03-02T01:00:00Z');
    expect(c.events.at(-1)).toMatchObject({ type: 'ReviewDue', data: { dueAt: '2027-03-16T16:00:00.000Z' } });
    c = tick(c, '2027-03-16T16:00:00Z');
    expect(c.events.at(-2)).toMatchObject({ type: 'SlaBreached', data: { step: 'review', dueAt: '2027-03-16T16:00:00.000Z', holder: TOWNSHIP } });
    // Wed 17 March (China) + 10 working days → end of Wed 31 March 2027.
    const fresh = { name: 'review', startedAt: '2027-03-16T16:00:00Z', dueAt: '2027-03-31T16:00:00.000Z' };
    expect(c.events.at(-1)).toMatchObject({ type: 'CaseEscalated', data: { to: COUNTY, cause: 'sla_breach', step: fresh } });
    expect(c.state).toMatchObject({ holder: COUNTY, status: 'monitoring', step: fresh });
    c = tick(c, '2027-03-31T16:00:00Z');
    expect(c.state).toMatchObject({ holder: CITY, step: { name: 'review', dueAt: '2027-04-16T16:00:00.000Z' } });
  });

  it('gives the next level’s supervisor a fresh 10-working-day closure approval when the first one is missed', () => {
    let c = monitoredSubsidy();
    c = act(c, { type: 'requestClosure', requestId: 'c1', reason: 'moved away' }, caseworker(TOWNSHIP), MONDAY);
    c = tick(c, '2026-03-16T16:00:00Z');
    expect(c.events.at(-2)).toMatchObject({ type: 'SlaBreached', data: { step: 'closure_approval' } });
    // Tue 17 March (China) + 10 working days → end of Tue 31 March 2026.
    const fresh = { name: 'closure_approval', startedAt: '2026-03-16T16:00:00Z', dueAt: '2026-03-31T16:00:00.000Z' };
    expect(c.events.at(-1)).toMatchObject({ type: 'CaseEscalated', data: { to: COUNTY, step: fresh } });
    expect(c.state).toMatchObject({ holder: COUNTY, status: 'monitoring', step: fresh, pendingClosure: { requestId: 'c1' } });
  });

  it('keeps a monitored case’s step without deadline when it is returned', () => {
    // Escalated to the county a week before, its 公示 (低保 第十九条) running until the decision.
    let c = escalateByApproval(openCase({ division: TOWNSHIP, at: WEEK_BEFORE_MONDAY }), WEEK_BEFORE_MONDAY);
    c = runPublicNotice(c, WEEK_BEFORE_MONDAY);
    c = act(c, { ...approve, monthlyAmount: 600 }, supervisor(COUNTY), MONDAY);
    c = act(c, { type: 'return', reason: 'township monitors' }, supervisor(COUNTY), '2026-03-03T09:00:00+08:00');
    expect(c.events.at(-1)).toMatchObject({ type: 'CaseReturned', data: { step: { name: 'monitoring', startedAt: MONDAY, dueAt: null } } });
    expect(c.state.step).toEqual({ name: 'monitoring', startedAt: MONDAY, dueAt: null });
  });

  it('keeps a decided case’s step when it is returned', () => {
    let c = escalateByApproval(openCase({ division: TOWNSHIP }), MONDAY);
    c = act(c, { ...approve, outcome: 'denied' }, supervisor(COUNTY), MONDAY);
    c = act(c, { type: 'return', reason: 'township informs the household' }, supervisor(COUNTY), '2026-03-03T09:00:00+08:00');
    // The refusal notice (办法 第二十一条: 3 working days) goes with the case to the township.
    expect(c.state).toMatchObject({
      holder: TOWNSHIP,
      status: 'decided',
      step: { name: 'refusal_notice', startedAt: MONDAY, dueAt: '2026-03-05T16:00:00.000Z' },
    });
  });

  it('opens the review step on the date the review fell due, once the timer fires', () => {
    let c = monitoredDibao();
    expect(c.state.reviewDueAt).toBe('2027-03-02T01:00:00.000Z');
    c = tick(c, '2027-03-02T01:00:00Z');
    expect(c.events.at(-1)).toEqual({
      type: 'ReviewDue',
      at: '2027-03-02T01:00:00Z',
      actor: 'system',
      data: { dueAt: '2027-03-16T16:00:00.000Z', step: { name: 'review', startedAt: '2027-03-02T01:00:00Z', dueAt: '2027-03-16T16:00:00.000Z' } },
    });
    expect(c.state.reviewDueAt).toBeNull();
  });

  it('opens a plain review step when the policy gives the review no deadline (evolve default)', () => {
    const c = monitoredSubsidy();
    const next = evolve(c.state, { type: 'ReviewDue', at: '2027-03-02T01:00:00.000Z', actor: 'system', data: { dueAt: '2027-03-02T01:00:00.000Z' } });
    expect(next).toMatchObject({
      reviewDueAt: null,
      step: { name: 'review', startedAt: '2027-03-02T01:00:00.000Z', dueAt: '2027-03-02T01:00:00.000Z' },
    });
  });
});

describe('a periodic review that falls due while closure waits for approval', () => {
  it('records the review as due but keeps the closure-approval step and its deadline', () => {
    let c = monitoredSubsidy();
    // Review due 2027-03-02 (yearly); the caseworker asks to close on 2027-02-26.
    c = act(c, { type: 'requestClosure', requestId: 'c1', reason: 'moved away' }, caseworker(TOWNSHIP), '2027-02-26T09:00:00+08:00');
    const closureStep = c.state.step;
    expect(closureStep).toMatchObject({ name: 'closure_approval' });
    c = tick(c, '2027-03-02T01:00:00Z');
    expect(c.events.at(-1)).toMatchObject({ type: 'ReviewDue' });
    expect(c.state.step).toEqual(closureStep);
    expect(c.state.reviewDueAt).toBeNull();
    // The case is still closed by the supervisor's approval, not escalated for a missed review.
    c = act(c, { type: 'approveClosure', requestId: 'c1' }, supervisor(TOWNSHIP), '2027-03-03T09:00:00+08:00');
    expect(c.state.status).toBe('closed');
  });
});
