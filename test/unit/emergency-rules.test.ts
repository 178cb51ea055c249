import { DEFAULT_POLICY, nextDeadline } from '../../src/domain';
import type { Policy } from '../../src/domain';
import {
  act,
  caseworker,
  CITY,
  COUNTY,
  escalateByApproval,
  MONDAY,
  openCase,
  PROVINCE,
  supervisor,
  tick,
  TOWNSHIP,
  VILLAGE,
} from '../support/builders';

// 未成年人保护法 art. 92–93: a critical minor-protection case goes straight to the county. Only
// minor protection: a hardship case at critical risk follows its ordinary steps.

const assess = (risk: 'low' | 'medium' | 'high' | 'critical' | null) => ({
  type: 'assess' as const,
  risk,
  findings: 'visited',
  householdSize: null,
  monthlyAmount: null,
});

describe('the child-protection emergency path', () => {
  it('does not send a critical hardship case to the county on opening', () => {
    for (const kind of ['dibao', 'temporary_aid', 'tekun'] as const) {
      const c = openCase({ kind, division: VILLAGE, risk: 'critical' });
      expect(c.events.map((e) => e.type)).toEqual(['CaseOpened']);
      expect(c.state).toMatchObject({ holder: VILLAGE, level: 'village', risk: 'critical', family: 'hardship' });
      expect(c.state.step?.name).toBe('application_intake');
    }
  });

  it('does not send a hardship case to the county when an assessment finds critical risk', () => {
    let c = openCase({ kind: 'dibao', division: TOWNSHIP });
    c = act(c, assess('critical'), caseworker(TOWNSHIP), MONDAY);
    expect(c.events.map((e) => e.type)).toEqual(['CaseOpened', 'AssessmentRecorded']);
    // The assessment is the household investigation begun (办法 第十五条): the investigation step runs.
    expect(c.state).toMatchObject({ holder: TOWNSHIP, risk: 'critical', step: { name: 'investigation' } });
  });

  it('does not give a high-risk hardship case the child assistance-plan step', () => {
    let c = openCase({ kind: 'dibao', division: TOWNSHIP });
    c = act(c, assess(null), caseworker(TOWNSHIP), MONDAY);
    c = act(c, assess('high'), caseworker(TOWNSHIP), MONDAY);
    expect(c.state.step?.name).toBe('investigation');
    expect(c.events.at(-1)?.data).not.toHaveProperty('step');
  });

  it('keeps a critical child opened at the county there, with the 2-hour acknowledgement and the 24-hour action next', () => {
    let c = openCase({ kind: 'mandatory_report', division: COUNTY, risk: 'critical' });
    expect(c.events.map((e) => e.type)).toEqual(['CaseOpened']);
    expect(c.state.step).toEqual({ name: 'emergency_acknowledgement', startedAt: MONDAY, dueAt: '2026-03-02T03:00:00.000Z' });
    c = act(c, { type: 'followUp', kind: 'visit', notes: 'child safe' }, caseworker(COUNTY), '2026-03-02T10:00:00+08:00');
    expect(c.state.step).toEqual({ name: 'emergency_action', startedAt: '2026-03-02T10:00:00+08:00', dueAt: '2026-03-03T02:00:00.000Z' });
  });

  it('keeps a critical child opened above the county where it is, under the emergency deadlines', () => {
    const c = openCase({ kind: 'guardianship_gap', division: CITY, risk: 'critical' });
    expect(c.events.map((e) => e.type)).toEqual(['CaseOpened']);
    expect(c.state).toMatchObject({ holder: CITY, step: { name: 'emergency_acknowledgement', dueAt: '2026-03-02T03:00:00.000Z' } });
  });

  it('records the emergency escalation of a critical report from a township with its deadlines', () => {
    const c = openCase({ kind: 'mandatory_report', division: TOWNSHIP, risk: 'critical' });
    expect(c.events[1]).toEqual({
      type: 'CaseEscalated',
      at: MONDAY,
      actor: `cw-${TOWNSHIP}`,
      data: {
        from: TOWNSHIP,
        to: COUNTY,
        fromLevel: 'township',
        toLevel: 'county',
        cause: 'emergency',
        step: { name: 'emergency_acknowledgement', startedAt: MONDAY, dueAt: '2026-03-02T03:00:00.000Z' },
        pendingEscalation: null,
      },
    });
    // The opening records the township's own step (critical is at least high: the assistance plan), which the move supersedes.
    expect(c.events[0]).toMatchObject({ data: { step: { name: 'assistance_plan', dueAt: '2026-03-09T16:00:00.000Z' } } });
    expect(c.state.step?.name).toBe('emergency_acknowledgement');
  });

  it('escalates an emergency missed at the county to the city with the same 2-hour deadline, and never flags it overdue below province', () => {
    let c = openCase({ kind: 'mandatory_report', division: VILLAGE, risk: 'critical' });
    c = tick(c, '2026-03-02T03:00:00Z');
    expect(c.events.at(-2)).toMatchObject({ type: 'SlaBreached', data: { step: 'emergency_acknowledgement', holder: COUNTY } });
    expect(c.state).toMatchObject({ holder: CITY, overdue: false, step: { name: 'emergency_acknowledgement', dueAt: '2026-03-02T05:00:00.000Z' } });
    expect(nextDeadline(c.state)).toBe('2026-03-02T05:00:00.000Z');
  });

  it('starts the action step when an emergency is acknowledged by an assessment in a decided case', () => {
    let c = openCase({ kind: 'mandatory_report', division: TOWNSHIP, risk: 'low' });
    c = act(c, { type: 'decide', outcome: 'denied', benefit: null, monthlyAmount: null, reason: 'no' }, supervisor(TOWNSHIP), MONDAY);
    c = act(c, assess('critical'), caseworker(TOWNSHIP), '2026-03-03T09:00:00+08:00');
    expect(c.state).toMatchObject({
      holder: COUNTY,
      status: 'decided',
      step: { name: 'emergency_acknowledgement', dueAt: '2026-03-03T03:00:00.000Z' },
    });
    c = act(c, assess('critical'), caseworker(COUNTY), '2026-03-03T10:00:00+08:00');
    expect(c.events.at(-1)).toMatchObject({
      type: 'AssessmentRecorded',
      data: { step: { name: 'emergency_action', startedAt: '2026-03-03T10:00:00+08:00', dueAt: '2026-03-04T02:00:00.000Z' } },
    });
  });

  it('leaves the emergency action step alone on later work at the county', () => {
    let c = openCase({ kind: 'mandatory_report', division: COUNTY, risk: 'critical' });
    c = act(c, assess('critical'), caseworker(COUNTY), '2026-03-02T10:00:00+08:00');
    const action = c.state.step;
    expect(action?.name).toBe('emergency_action');
    c = act(c, assess('critical'), caseworker(COUNTY), '2026-03-02T11:00:00+08:00');
    expect(c.events.at(-1)?.data).not.toHaveProperty('step');
    expect(c.state.step).toEqual(action);
  });

  it('keeps the emergency deadline of an acknowledged case when it is escalated by approval', () => {
    let c = openCase({ kind: 'mandatory_report', division: COUNTY, risk: 'critical' });
    c = act(c, assess('critical'), caseworker(COUNTY), '2026-03-02T10:00:00+08:00');
    c = escalateByApproval(c, '2026-03-02T11:00:00+08:00');
    expect(c.state).toMatchObject({
      holder: CITY,
      step: { name: 'emergency_action', startedAt: '2026-03-02T11:00:00+08:00', dueAt: '2026-03-03T03:00:00.000Z' },
    });
  });

  it('moves the emergency to a different level when the policy says so', () => {
    const townshipEmergency: Policy = { ...DEFAULT_POLICY, emergency: { ...DEFAULT_POLICY.emergency, level: 'township', riskAtLeast: 'high' } };
    const c = openCase({ kind: 'left_behind', division: VILLAGE, risk: 'high', policy: townshipEmergency });
    expect(c.events.at(-1)).toMatchObject({ type: 'CaseEscalated', data: { to: TOWNSHIP, toLevel: 'township', cause: 'emergency' } });
    expect(openCase({ kind: 'left_behind', division: VILLAGE, risk: 'medium', policy: townshipEmergency }).events).toHaveLength(1);
  });
});

describe('the high-risk child step', () => {
  it('applies only at the township: a high-risk child at the county keeps the county step', () => {
    const c = openCase({ kind: 'mandatory_report', division: COUNTY, risk: 'high' });
    expect(c.state.step?.name).toBe('assistance_plan');
    const g = openCase({ kind: 'guardianship_gap', division: COUNTY, risk: 'high' });
    expect(g.state.step?.name).toBe('guardianship_arrangement');
    const t = openCase({ kind: 'guardianship_gap', division: TOWNSHIP, risk: 'high' });
    expect(t.state.step).toEqual({ name: 'assistance_plan', startedAt: MONDAY, dueAt: '2026-03-09T16:00:00.000Z' });
    const m = openCase({ kind: 'guardianship_gap', division: TOWNSHIP, risk: 'medium' });
    expect(m.state.step?.name).toBe('verification');
  });

  it('uses the policy’s default step at a level the kind lists none for', () => {
    const c = openCase({ kind: 'disability_subsidy', division: PROVINCE });
    expect(c.state.step).toEqual({ name: 'supervision', startedAt: MONDAY, dueAt: '2026-03-23T16:00:00.000Z' });
  });
});
