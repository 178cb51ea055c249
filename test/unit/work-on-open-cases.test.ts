import { DEFAULT_POLICY, nextDeadline } from '../../src/domain';
import type { Policy } from '../../src/domain';
import {
  act,
  caseworker,
  COUNTY,
  MONDAY,
  openCase,
  rejectionOf,
  supervisor,
  SYSTEM,
  tick,
  TOWNSHIP,
  VILLAGE,
  TOWNSHIP_SUBSIDY,
} from '../support/builders';

// What assessments and follow-ups do to an open case's step, what they refuse, and what a missed
// step does when the policy says it only flags the case.

const assess = (
  fields: Partial<{ risk: 'low' | 'medium' | 'high' | 'critical' | null; householdSize: number | null; monthlyAmount: number | null }> = {},
) => ({
  type: 'assess' as const,
  risk: null,
  findings: 'visited the household',
  householdSize: null,
  monthlyAmount: null,
  ...fields,
});

describe('assessments', () => {
  it('refuses a household size that is not a whole number ≥ 1', () => {
    const c = openCase({ division: TOWNSHIP });
    for (const householdSize of [0, -2, 1.5, Number.NaN]) {
      expect(rejectionOf(c, assess({ householdSize }), caseworker(TOWNSHIP), MONDAY)).toEqual({
        rejected: 'INVALID_INPUT',
        field: 'householdSize',
        message: 'must be a whole number ≥ 1',
      });
    }
    expect(act(c, assess({ householdSize: 1 }), caseworker(TOWNSHIP), MONDAY).state.householdSize).toBe(1);
  });

  it('refuses a negative or non-finite monthly amount, and an unknown risk', () => {
    const c = openCase({ division: TOWNSHIP });
    for (const monthlyAmount of [-0.01, Number.NaN, Number.NEGATIVE_INFINITY]) {
      expect(rejectionOf(c, assess({ monthlyAmount }), caseworker(TOWNSHIP), MONDAY)).toEqual({
        rejected: 'INVALID_INPUT',
        field: 'monthlyAmount',
        message: 'must be a number ≥ 0',
      });
    }
    expect(act(c, assess({ monthlyAmount: 0 }), caseworker(TOWNSHIP), MONDAY).state.monthlyAmount).toBe(0);
    const unknownRisk = { ...assess(), risk: 'dire' } as unknown as ReturnType<typeof assess>;
    expect(rejectionOf(c, unknownRisk, caseworker(TOWNSHIP), MONDAY)).toEqual({ rejected: 'INVALID_INPUT', field: 'risk', message: 'unknown risk' });
  });

  it('records the assessment as given, without a step when the step does not change', () => {
    const c = act(
      openCase({ division: TOWNSHIP, kind: 'tekun' }),
      assess({ risk: 'medium', householdSize: 3, monthlyAmount: 450 }),
      caseworker(TOWNSHIP),
      MONDAY,
    );
    expect(c.events.at(-1)).toEqual({
      type: 'AssessmentRecorded',
      at: MONDAY,
      actor: `cw-${TOWNSHIP}`,
      data: { risk: 'medium', findings: 'visited the household', householdSize: 3, monthlyAmount: 450 },
    });
    expect(c.state).toMatchObject({ risk: 'medium', householdSize: 3, monthlyAmount: 450, step: { name: 'initial_review', startedAt: MONDAY } });
  });

  it('does not restart the decision step of temporary aid on a second assessment', () => {
    let c = openCase({ kind: 'temporary_aid', division: TOWNSHIP });
    c = act(c, assess({ monthlyAmount: 1000 }), caseworker(TOWNSHIP), '2026-03-02T20:00:00+08:00');
    const decisionStep = c.state.step;
    expect(decisionStep).toEqual({ name: 'decision', startedAt: '2026-03-02T20:00:00+08:00', dueAt: '2026-03-09T16:00:00.000Z' });
    c = act(c, assess({ monthlyAmount: 1200 }), caseworker(TOWNSHIP), '2026-03-04T10:00:00+08:00');
    expect(c.events.at(-1)?.data).not.toHaveProperty('step');
    expect(c.state.step).toEqual(decisionStep);
  });

  it('does not restart a recurring visit step on an assessment that keeps the risk', () => {
    let c = openCase({ kind: 'left_behind', division: VILLAGE, risk: 'low' });
    const visit = c.state.step;
    c = act(c, assess({ risk: 'low' }), caseworker(VILLAGE), '2026-04-01T10:00:00+08:00');
    expect(c.events.at(-1)?.data).not.toHaveProperty('step');
    expect(c.state.step).toEqual(visit);
  });

  it('keeps a hardship step when the risk changes but the step has no risk deadlines', () => {
    let c = openCase({ division: TOWNSHIP, kind: 'tekun' });
    const investigation = c.state.step;
    c = act(c, assess({ risk: 'medium' }), caseworker(TOWNSHIP), '2026-03-05T10:00:00+08:00');
    expect(c.events.at(-1)?.data).not.toHaveProperty('step');
    expect(c.state.step).toEqual(investigation);
  });

  it('starts the high-risk assistance plan when an open child case at the township turns high risk, from the assessment', () => {
    let c = openCase({ kind: 'guardianship_gap', division: TOWNSHIP, risk: 'low' });
    c = act(c, assess({ risk: 'high' }), caseworker(TOWNSHIP), '2026-03-03T10:00:00+08:00');
    expect(c.events.at(-1)).toMatchObject({
      data: { risk: 'high', step: { name: 'assistance_plan', startedAt: '2026-03-03T10:00:00+08:00', dueAt: '2026-03-10T16:00:00.000Z' } },
    });
  });
});

describe('follow-ups on an open case', () => {
  it('completes the aid-first step of temporary aid: the decision step starts', () => {
    let c = openCase({ kind: 'temporary_aid', division: TOWNSHIP });
    c = act(c, { type: 'followUp', kind: 'visit', notes: 'aid handed over' }, caseworker(TOWNSHIP), '2026-03-02T20:00:00+08:00');
    expect(c.events.at(-1)).toEqual({
      type: 'FollowUpRecorded',
      at: '2026-03-02T20:00:00+08:00',
      actor: `cw-${TOWNSHIP}`,
      data: {
        kind: 'visit',
        notes: 'aid handed over',
        step: { name: 'decision', startedAt: '2026-03-02T20:00:00+08:00', dueAt: '2026-03-09T16:00:00.000Z' },
      },
    });
  });

  it('leaves a non-recurring step alone', () => {
    let c = openCase({ division: TOWNSHIP, kind: 'tekun' });
    c = act(c, { type: 'followUp', kind: 'visit', notes: 'visited' }, caseworker(TOWNSHIP), '2026-03-05T10:00:00+08:00');
    expect(c.events.at(-1)?.data).toEqual({ kind: 'visit', notes: 'visited' });
    expect(c.state.step).toMatchObject({ name: 'initial_review', startedAt: MONDAY });
  });

  it('restarts a recurring visit step also while an escalation request waits', () => {
    let c = openCase({ kind: 'left_behind', division: VILLAGE, risk: 'low' });
    c = act(c, { type: 'requestEscalation', requestId: 'r1', reason: 'x' }, caseworker(VILLAGE), MONDAY);
    c = act(c, { type: 'followUp', kind: 'visit', notes: 'visited' }, caseworker(VILLAGE), '2026-04-01T10:00:00+08:00');
    expect(c.state).toMatchObject({ status: 'awaiting_approval', step: { name: 'follow_up_visit', dueAt: '2026-07-01T02:00:00.000Z' } });
  });
});

describe('deadlines that only flag the case', () => {
  const flagOnly: Policy = {
    ...DEFAULT_POLICY,
    kinds: {
      ...DEFAULT_POLICY.kinds,
      tekun: {
        ...DEFAULT_POLICY.kinds.tekun,
        steps: { ...DEFAULT_POLICY.kinds.tekun.steps, township: { ...DEFAULT_POLICY.kinds.tekun.steps.township!, escalateOnBreach: false } },
      },
    },
  };

  it('flags a missed step that must not escalate as overdue where it is, and wakes nobody again', () => {
    let c = openCase({ kind: 'tekun', division: TOWNSHIP, policy: flagOnly });
    expect(c.state.step).toEqual({ name: 'initial_review', startedAt: MONDAY, dueAt: '2026-03-23T16:00:00.000Z', escalateOnBreach: false });
    c = tick(c, '2026-03-23T16:00:00Z');
    expect(c.events.slice(1).map((e) => e.type)).toEqual(['SlaBreached']);
    expect(c.events.at(-1)).toMatchObject({ data: { step: 'initial_review', holder: TOWNSHIP, level: 'township', overdue: true } });
    expect(c.state).toMatchObject({ holder: TOWNSHIP, overdue: true });
    expect(nextDeadline(c.state)).toBeNull();
  });

  it('still escalates an unanswered escalation request under such a step', () => {
    let c = openCase({ kind: 'tekun', division: TOWNSHIP, policy: flagOnly });
    c = act(c, { type: 'requestEscalation', requestId: 'r1', reason: 'x' }, caseworker(TOWNSHIP), MONDAY);
    c = tick(c, '2026-03-05T16:00:00Z');
    expect(c.events.at(-1)).toMatchObject({ type: 'CaseEscalated', data: { to: COUNTY, cause: 'sla_breach' } });
  });

  it('answers NOT_DUE without a date when nothing is due at all', () => {
    let c = openCase({ kind: 'disability_subsidy', division: TOWNSHIP, policy: TOWNSHIP_SUBSIDY });
    c = act(c, { type: 'decide', outcome: 'denied', benefit: null, monthlyAmount: null, reason: 'no' }, supervisor(TOWNSHIP), MONDAY);
    expect(nextDeadline(c.state)).toBeNull();
    expect(rejectionOf(c, { type: 'deadlinePassed' }, SYSTEM, '2030-01-01T00:00:00Z')).toEqual({ rejected: 'NOT_DUE', dueAt: null });
  });

  it('fires exactly at the deadline', () => {
    const c = tick(openCase({ kind: 'tekun', division: TOWNSHIP }), '2026-03-24T00:00:00+08:00');
    expect(c.state.holder).toBe(COUNTY);
  });
});
