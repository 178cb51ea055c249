import { addHours, nextDeadline } from '../../src/domain';
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
  PROVINCE,
  rejectionOf,
  runPublicNotice,
  supervisor,
  SYSTEM,
  tick,
  TOWNSHIP,
  VILLAGE,
  WEEK_BEFORE_MONDAY,
  TOWNSHIP_SUBSIDY,
} from '../support/builders';

const typesOf = (before: TestCase, after: TestCase) => after.events.slice(before.events.length).map((e) => e.type);

describe('step deadlines and auto-escalation (督办)', () => {
  it('refuses a deadline tick before anything is due, naming the next deadline', () => {
    const c = openCase({ division: VILLAGE });
    expect(rejectionOf(c, { type: 'deadlinePassed' }, SYSTEM, '2026-03-09T15:59:59Z')).toEqual({
      rejected: 'NOT_DUE',
      dueAt: '2026-03-09T16:00:00.000Z',
    });
  });

  it('escalates a dibao case to the county when the township misses its investigation deadline', () => {
    let c = openCase({ division: VILLAGE });
    c = escalateByApproval(c, MONDAY);
    // 办法 第十五条: the investigation starts within 3 working days; the assessment starts it.
    expect(c.state.step).toMatchObject({ name: 'investigation_start', dueAt: '2026-03-05T16:00:00.000Z' });
    c = act(c, { type: 'assess', risk: null, findings: 'visited', householdSize: 2, monthlyAmount: null }, caseworker(TOWNSHIP), MONDAY);
    // DEFAULT 20 working days from Monday 2 March → end of Monday 30 March.
    expect(c.state.step).toMatchObject({ name: 'investigation', dueAt: '2026-03-30T16:00:00.000Z' });
    const before = c;
    c = tick(c, '2026-03-30T16:00:00Z');
    expect(typesOf(before, c)).toEqual(['SlaBreached', 'CaseEscalated']);
    expect(c.events.at(-2)).toMatchObject({ actor: 'system', data: { step: 'investigation', holder: TOWNSHIP, level: 'township' } });
    expect(c.events.at(-1)).toMatchObject({ data: { cause: 'sla_breach', from: TOWNSHIP, to: COUNTY } });
    // The county confirms within 10 working days (办法 第二十条) — here what is left of the 30 comes first.
    expect(c.state).toMatchObject({ holder: COUNTY, level: 'county', status: 'open' });
    expect(c.state.step).toMatchObject({ name: 'confirmation', dueAt: c.state.procedureDueAt });
  });

  it('escalates a dibao case to the county when the township misses its 10-working-day review', () => {
    // At the county a week before the decision, its 公示 (低保 第十九条) running until then.
    let c = openCase({ division: TOWNSHIP, at: WEEK_BEFORE_MONDAY });
    c = escalateByApproval(c, WEEK_BEFORE_MONDAY);
    c = runPublicNotice(c, WEEK_BEFORE_MONDAY);
    c = act(c, { type: 'decide', outcome: 'approved', benefit: 'dibao', monthlyAmount: 600, reason: 'ok' }, supervisor(COUNTY), MONDAY);
    c = act(c, { type: 'return', reason: 'township monitors' }, supervisor(COUNTY), MONDAY);
    expect(c.state.reviewDueAt).toBe('2027-03-02T01:00:00.000Z'); // DEFAULT: 12 months
    c = tick(c, '2027-03-02T01:00:00Z');
    expect(c.events.at(-1)).toMatchObject({ type: 'ReviewDue' });
    // DEFAULT: the review is due within 10 working days (Tue 2 → end of Tue 16 March 2027).
    expect(c.state.step).toMatchObject({ name: 'review', dueAt: '2027-03-16T16:00:00.000Z' });
    expect(c.state.reviewDueAt).toBeNull();
    c = tick(c, '2027-03-16T16:00:00Z');
    expect(c.state).toMatchObject({ holder: COUNTY, status: 'monitoring' });
    expect(c.state.step?.name).toBe('review');
    // The county (or whoever holds it) records the review: the next interval starts.
    c = act(c, { type: 'followUp', kind: 'review', notes: 'checked' }, caseworker(COUNTY), '2027-03-18T10:00:00+08:00');
    expect(c.state.step?.name).toBe('monitoring');
    expect(c.state.reviewDueAt).toBe('2028-03-18T02:00:00.000Z');
  });

  it("does not let a dibao household's monthly visits postpone its yearly review (定期核查); only a review does", () => {
    let c = openCaseReadyAtMonday({ division: COUNTY });
    c = act(c, { type: 'decide', outcome: 'approved', benefit: 'dibao', monthlyAmount: 600, reason: 'ok' }, supervisor(COUNTY), MONDAY);
    const yearly = c.state.reviewDueAt;
    expect(yearly).toBe('2027-03-02T01:00:00.000Z');
    for (const month of ['2026-04-02', '2026-05-04', '2026-06-02']) {
      c = act(c, { type: 'followUp', kind: 'visit', notes: 'monthly visit' }, caseworker(COUNTY), `${month}T10:00:00+08:00`);
      expect(c.state.reviewDueAt).toBe(yearly);
    }
    c = act(c, { type: 'followUp', kind: 'review', notes: 'early review' }, caseworker(COUNTY), '2026-07-01T10:00:00+08:00');
    expect(c.state.reviewDueAt).toBe('2027-07-01T02:00:00.000Z');
  });

  it("restarts a left-behind child's visit interval with each visit", () => {
    let c = openCase({ kind: 'left_behind', division: TOWNSHIP, risk: 'low' });
    c = act(c, { type: 'decide', outcome: 'approved', benefit: 'care plan', monthlyAmount: null, reason: 'ok' }, supervisor(TOWNSHIP), MONDAY);
    expect(c.state.status).toBe('monitoring');
    const first = c.state.reviewDueAt;
    c = act(c, { type: 'followUp', kind: 'visit', notes: 'visited' }, caseworker(TOWNSHIP), '2026-04-02T10:00:00+08:00');
    expect(c.state.reviewDueAt).not.toBe(first);
    expect(c.state.reviewDueAt).toBe('2026-07-02T02:00:00.000Z'); // DEFAULT: every 3 months for low risk
  });

  it('reviews a volatile-income dibao household every 6 months', () => {
    // Investigated and sent to the county a week before the decision, its 公示 running until then.
    let c = openCase({ division: TOWNSHIP, at: WEEK_BEFORE_MONDAY });
    c = act(
      c,
      { type: 'assess', risk: null, findings: 'seasonal work', householdSize: 3, monthlyAmount: 500, incomeVolatile: true, memberAbleToWork: true },
      caseworker(TOWNSHIP),
      WEEK_BEFORE_MONDAY,
    );
    c = escalateByApproval(c, WEEK_BEFORE_MONDAY);
    c = runPublicNotice(c, WEEK_BEFORE_MONDAY);
    c = act(c, { type: 'decide', outcome: 'approved', benefit: 'dibao', monthlyAmount: 600, reason: 'ok' }, supervisor(COUNTY), MONDAY);
    expect(c.state.reviewDueAt).toBe('2026-09-02T01:00:00.000Z');
  });

  it('flags the case overdue at province and keeps it there', () => {
    let c = openCase({ division: PROVINCE, kind: 'tekun' });
    const due = c.state.step?.dueAt ?? '';
    c = tick(c, due);
    expect(c.events.at(-1)).toMatchObject({ type: 'SlaBreached', data: { overdue: true, level: 'province' } });
    expect(c.state).toMatchObject({ holder: PROVINCE, overdue: true });
    expect(nextDeadline(c.state)).toBeNull();
    expect(rejectionOf(c, { type: 'deadlinePassed' }, SYSTEM, addHours(due, 100))).toEqual({ rejected: 'NOT_DUE', dueAt: null });
  });

  it('escalates an unanswered escalation request after 3 working days, the request still pending one level further', () => {
    let c = openCase({ division: TOWNSHIP, kind: 'tekun' });
    c = act(c, { type: 'requestEscalation', requestId: 'r1', reason: 'county must confirm' }, caseworker(TOWNSHIP), MONDAY);
    expect(nextDeadline(c.state)).toBe('2026-03-05T16:00:00.000Z');
    c = tick(c, '2026-03-05T16:00:00Z');
    expect(c.events.at(-2)).toMatchObject({ type: 'SlaBreached', data: { step: 'escalation_approval' } });
    expect(c.state).toMatchObject({ holder: COUNTY, status: 'awaiting_approval' });
    expect(c.state.pendingEscalation).toMatchObject({ requestId: 'r1', from: COUNTY, to: CITY });
    // Now the city's supervisor decides it.
    c = act(c, { type: 'rejectEscalation', requestId: 'r1', reason: 'county confirms, not the city' }, supervisor(CITY), '2026-03-06T10:00:00+08:00');
    expect(c.state).toMatchObject({ holder: COUNTY, status: 'open' });
  });

  it('picks the earliest of step, escalation wait and review as the next deadline', () => {
    let c = openCase({ division: TOWNSHIP });
    expect(nextDeadline(c.state)).toBe(c.state.step?.dueAt);
    c = act(c, { type: 'requestEscalation', requestId: 'r1', reason: 'x' }, caseworker(TOWNSHIP), MONDAY);
    expect(nextDeadline(c.state)).toBe(c.state.pendingEscalation?.dueAt);
  });

  it('escalates a missed closure approval one level, where the next supervisor approves it', () => {
    let c = openCase({ division: TOWNSHIP, kind: 'disability_subsidy', policy: TOWNSHIP_SUBSIDY });
    c = act(c, { type: 'decide', outcome: 'denied', benefit: null, monthlyAmount: null, reason: 'no' }, supervisor(TOWNSHIP), MONDAY);
    c = act(c, { type: 'requestClosure', requestId: 'c1', reason: 'denied' }, caseworker(TOWNSHIP), MONDAY);
    // DEFAULT 10 working days → end of Monday 16 March.
    expect(c.state.step).toMatchObject({ name: 'closure_approval', dueAt: '2026-03-16T16:00:00.000Z' });
    c = tick(c, '2026-03-16T16:00:00Z');
    expect(c.state).toMatchObject({ holder: COUNTY, status: 'decided' });
    expect(c.state.pendingClosure).toMatchObject({ requestId: 'c1' });
    c = act(c, { type: 'approveClosure', requestId: 'c1' }, supervisor(COUNTY), '2026-03-17T10:00:00+08:00');
    expect(c.state.status).toBe('closed');
  });
});

describe('minor protection deadlines', () => {
  it('escalates a mandatory report to the township, then the county, when the 24-hour first visit is missed', () => {
    let c = openCase({ kind: 'mandatory_report', division: VILLAGE, risk: 'medium' });
    expect(c.state.step).toMatchObject({ name: 'first_visit', dueAt: '2026-03-03T01:00:00.000Z' });
    c = tick(c, '2026-03-03T01:00:00Z');
    expect(c.state.holder).toBe(TOWNSHIP);
    expect(c.state.step).toMatchObject({ name: 'first_visit', dueAt: '2026-03-04T01:00:00.000Z' });
    c = tick(c, '2026-03-04T01:00:00Z');
    expect(c.state.holder).toBe(COUNTY);
  });

  it('sends a critical case straight to the county with a 2-hour acknowledgement deadline', () => {
    let c = openCase({ kind: 'mandatory_report', division: VILLAGE, risk: 'critical' });
    expect(c.events.map((e) => e.type)).toEqual(['CaseOpened', 'CaseEscalated']);
    expect(c.events[1]).toMatchObject({ data: { cause: 'emergency', from: VILLAGE, to: COUNTY } });
    expect(c.state).toMatchObject({ holder: COUNTY, level: 'county', status: 'open' });
    expect(c.state.step).toMatchObject({ name: 'emergency_acknowledgement', dueAt: '2026-03-02T03:00:00.000Z' });
    // The county acknowledges with an assessment: 24 hours to act.
    c = act(
      c,
      { type: 'assess', risk: 'critical', findings: 'placed in temporary care', householdSize: null, monthlyAmount: null },
      caseworker(COUNTY),
      '2026-03-02T10:00:00+08:00',
    );
    expect(c.state.step).toMatchObject({ name: 'emergency_action', dueAt: '2026-03-03T02:00:00.000Z' });
    // Missed: the city takes over at the same deadline.
    c = tick(c, '2026-03-03T02:00:00Z');
    expect(c.state.holder).toBe(CITY);
    expect(c.state.step).toMatchObject({ name: 'emergency_action', dueAt: '2026-03-04T02:00:00.000Z' });
  });

  it('escalates an unacknowledged emergency to the city, then the province, every 2 hours', () => {
    let c = openCase({ kind: 'guardianship_gap', division: COUNTY, risk: 'critical' });
    expect(c.events).toHaveLength(1);
    c = tick(c, '2026-03-02T03:00:00Z');
    expect(c.state).toMatchObject({ holder: CITY });
    expect(c.state.step).toMatchObject({ name: 'emergency_acknowledgement', dueAt: '2026-03-02T05:00:00.000Z' });
    c = tick(c, '2026-03-02T05:00:00Z');
    expect(c.state.holder).toBe(PROVINCE);
    c = tick(c, '2026-03-02T07:00:00Z');
    expect(c.state).toMatchObject({ holder: PROVINCE, overdue: true });
  });

  it('escalates to the county as an emergency when a township assessment finds critical risk', () => {
    let c = openCase({ kind: 'left_behind', division: TOWNSHIP, risk: 'low' });
    c = act(c, { type: 'requestEscalation', requestId: 'r1', reason: 'x' }, caseworker(TOWNSHIP), MONDAY);
    c = act(c, { type: 'assess', risk: 'critical', findings: 'abuse', householdSize: null, monthlyAmount: null }, caseworker(TOWNSHIP), MONDAY);
    expect(c.events.at(-1)).toMatchObject({ type: 'CaseEscalated', data: { cause: 'emergency', to: COUNTY } });
    // The emergency supersedes the pending request.
    expect(c.state).toMatchObject({ holder: COUNTY, status: 'open', pendingEscalation: null, risk: 'critical' });
  });

  it('sends a monitored child found in critical danger to the county, and the visit then starts the 24-hour action', () => {
    let c = openCase({ kind: 'left_behind', division: TOWNSHIP, risk: 'medium' });
    c = act(c, { type: 'decide', outcome: 'approved', benefit: 'care plan', monthlyAmount: null, reason: 'ok' }, supervisor(TOWNSHIP), MONDAY);
    // DEFAULT: monthly follow-ups at risk ≥ medium.
    expect(c.state).toMatchObject({ status: 'monitoring', reviewDueAt: '2026-04-02T01:00:00.000Z' });
    c = act(
      c,
      { type: 'assess', risk: 'critical', findings: 'injuries', householdSize: null, monthlyAmount: null },
      caseworker(TOWNSHIP),
      '2026-03-10T10:00:00+08:00',
    );
    expect(c.state).toMatchObject({ holder: COUNTY, status: 'monitoring' });
    expect(c.state.step).toMatchObject({ name: 'emergency_acknowledgement', dueAt: '2026-03-10T04:00:00.000Z' });
    c = act(c, { type: 'followUp', kind: 'visit', notes: 'placed with relatives' }, caseworker(COUNTY), '2026-03-10T11:00:00+08:00');
    expect(c.state.step).toMatchObject({ name: 'emergency_action', dueAt: '2026-03-11T03:00:00.000Z' });
  });

  it('gives a high-risk child an assistance plan at the township within 5 working days', () => {
    let c = openCase({ kind: 'mandatory_report', division: TOWNSHIP, risk: 'medium' });
    c = act(c, { type: 'assess', risk: 'high', findings: 'neglect', householdSize: null, monthlyAmount: null }, caseworker(TOWNSHIP), MONDAY);
    expect(c.state.step).toMatchObject({ name: 'assistance_plan', dueAt: '2026-03-09T16:00:00.000Z' });
  });

  it('visits a left-behind child every 3 months, monthly once the risk is medium', () => {
    let c = openCase({ kind: 'left_behind', division: VILLAGE, risk: 'low' });
    expect(c.state.step).toMatchObject({ name: 'follow_up_visit', dueAt: '2026-06-02T01:00:00.000Z' });
    c = act(c, { type: 'followUp', kind: 'visit', notes: 'fine' }, caseworker(VILLAGE), '2026-04-01T10:00:00+08:00');
    expect(c.state.step).toMatchObject({ name: 'follow_up_visit', dueAt: '2026-07-01T02:00:00.000Z' });
    c = act(
      c,
      { type: 'assess', risk: 'medium', findings: 'grandparent ill', householdSize: null, monthlyAmount: null },
      caseworker(VILLAGE),
      '2026-04-02T10:00:00+08:00',
    );
    expect(c.state.step).toMatchObject({ name: 'follow_up_visit', dueAt: '2026-05-01T02:00:00.000Z' });
    c = tick(c, '2026-05-01T02:00:00Z');
    expect(c.state.holder).toBe(TOWNSHIP);
  });
});

describe('hardship deadlines', () => {
  it('gives 急难型 temporary aid 24 hours at the township, then 5 working days to decide', () => {
    let c = openCase({ kind: 'temporary_aid', division: TOWNSHIP });
    expect(c.state.step).toMatchObject({ name: 'aid_first', dueAt: '2026-03-03T01:00:00.000Z' });
    c = act(
      c,
      { type: 'assess', risk: null, findings: 'aid paid', householdSize: 2, monthlyAmount: 1000 },
      caseworker(TOWNSHIP),
      '2026-03-02T20:00:00+08:00',
    );
    expect(c.state.step).toMatchObject({ name: 'decision', dueAt: '2026-03-09T16:00:00.000Z' });
  });

  it('escalates tekun initial review after 15 working days to the county', () => {
    let c = openCase({ kind: 'tekun', division: TOWNSHIP });
    expect(c.state.step).toMatchObject({ name: 'initial_review', dueAt: '2026-03-23T16:00:00.000Z' });
    c = tick(c, '2026-03-23T16:00:00Z');
    // Starts Tuesday 24 March 00:00 China time; 清明节 (4–6 April) skipped → end of Wednesday 15 April.
    expect(c.state.step).toMatchObject({ name: 'confirmation', dueAt: '2026-04-15T16:00:00.000Z' });
  });
});
