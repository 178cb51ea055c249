import { nextDeadline } from '../../src/domain';
import type { TestCase } from '../support/builders';
import {
  act,
  caseworker,
  CITY,
  COUNTY,
  escalateByApproval,
  MONDAY,
  openCase,
  PROVINCE,
  rejectionOf,
  supervisor,
  tick,
  TOWNSHIP,
  VILLAGE,
} from '../support/builders';

// Escalation by request and by 督办 (a missed deadline), and what happens to a request that is
// still pending when the case climbs to the province.

const newEvents = (before: TestCase, after: TestCase) => after.events.slice(before.events.length);

/** A tekun case at the county with an escalation request to the city waiting (due end of Thu 5 March). */
function countyRequestPending(): TestCase {
  const c = openCase({ kind: 'tekun', division: COUNTY });
  return act(c, { type: 'requestEscalation', requestId: 'r1', reason: 'the city should decide' }, caseworker(COUNTY), MONDAY);
}

describe('an escalation request nobody answers', () => {
  it('carries the request up with the case and gives the next level a fresh 3-working-day wait', () => {
    const before = countyRequestPending();
    expect(before.state.pendingEscalation).toMatchObject({ to: CITY, dueAt: '2026-03-05T16:00:00.000Z' });
    const after = tick(before, '2026-03-05T16:00:00Z');
    const [breached, escalated] = newEvents(before, after);
    expect(breached).toEqual({
      type: 'SlaBreached',
      at: '2026-03-05T16:00:00Z',
      actor: 'system',
      data: { step: 'escalation_approval', dueAt: '2026-03-05T16:00:00.000Z', holder: COUNTY, level: 'county' },
    });
    // Fri 6 March (China) + 3 working days → end of Wed 11 March.
    expect(escalated).toMatchObject({
      type: 'CaseEscalated',
      data: {
        from: COUNTY,
        to: CITY,
        fromLevel: 'county',
        toLevel: 'city',
        cause: 'sla_breach',
        pendingEscalation: { to: PROVINCE, dueAt: '2026-03-11T16:00:00.000Z' },
      },
    });
    expect(after.state).toMatchObject({ holder: CITY, level: 'city', status: 'awaiting_approval' });
    expect(after.state.pendingEscalation).toEqual({
      requestId: 'r1',
      requestedBy: `cw-${COUNTY}`,
      requestedAt: MONDAY,
      from: CITY,
      to: PROVINCE,
      reason: 'the city should decide',
      dueAt: '2026-03-11T16:00:00.000Z',
    });
    // The city has no tekun step of its own: the policy's default supervision step runs there.
    expect(after.state.step).toMatchObject({ name: 'supervision', startedAt: '2026-03-05T16:00:00Z' });
    expect(nextDeadline(after.state)).toBe('2026-03-11T16:00:00.000Z');
  });

  it('lets the province’s supervisor, not the city’s, approve a request carried up to the city', () => {
    let c = tick(countyRequestPending(), '2026-03-05T16:00:00Z');
    expect(rejectionOf(c, { type: 'approveEscalation', requestId: 'r1' }, supervisor(CITY), '2026-03-06T10:00:00+08:00')).toEqual({
      rejected: 'FORBIDDEN',
      action: 'approveEscalation',
    });
    c = act(c, { type: 'approveEscalation', requestId: 'r1' }, supervisor(PROVINCE), '2026-03-06T10:00:00+08:00');
    expect(c.events.at(-1)).toMatchObject({
      type: 'CaseEscalated',
      data: { from: CITY, to: PROVINCE, fromLevel: 'city', toLevel: 'province', cause: 'approval', requestId: 'r1', pendingEscalation: null },
    });
    expect(c.state).toMatchObject({ holder: PROVINCE, level: 'province', status: 'open', pendingEscalation: null });
  });

  it('drops a request that is still pending when 督办 brings the case to the province: there is no level left to approve it', () => {
    const atCity = tick(countyRequestPending(), '2026-03-05T16:00:00Z');
    const atProvince = tick(atCity, '2026-03-11T16:00:00Z');
    expect(newEvents(atCity, atProvince).map((e) => e.type)).toEqual(['SlaBreached', 'CaseEscalated']);
    expect(atProvince.events.at(-1)).toMatchObject({
      data: { from: CITY, to: PROVINCE, toLevel: 'province', cause: 'sla_breach', pendingEscalation: null },
    });
    expect(atProvince.state).toMatchObject({ holder: PROVINCE, level: 'province', status: 'open', pendingEscalation: null, overdue: false });
    // Nobody above the province may approve it, and the province cannot ask any higher.
    expect(rejectionOf(atProvince, { type: 'approveEscalation', requestId: 'r1' }, supervisor(PROVINCE), '2026-03-12T10:00:00+08:00')).toEqual({
      rejected: 'FORBIDDEN',
      action: 'approveEscalation',
    });
    expect(
      rejectionOf(atProvince, { type: 'requestEscalation', requestId: 'r2', reason: 'x' }, caseworker(PROVINCE), '2026-03-12T10:00:00+08:00'),
    ).toEqual({
      rejected: 'NO_HIGHER_LEVEL',
    });
  });

  it('records the escalation without any pending request when a step (not a request) was missed', () => {
    const before = openCase({ kind: 'tekun', division: TOWNSHIP });
    const after = tick(before, '2026-03-23T16:00:00Z');
    expect(after.events.at(-2)).toMatchObject({ type: 'SlaBreached', data: { step: 'initial_review' } });
    expect(after.events.at(-2)?.data).not.toHaveProperty('overdue');
    expect(after.events.at(-1)).toMatchObject({ type: 'CaseEscalated', data: { cause: 'sla_breach', pendingEscalation: null } });
    expect(after.state).toMatchObject({ status: 'open', pendingEscalation: null, holder: COUNTY });
  });
});

describe('deciding an escalation request', () => {
  it('refuses to approve or reject a request under another id, naming the id given', () => {
    const c = act(openCase({ division: VILLAGE }), { type: 'requestEscalation', requestId: 'r1', reason: 'x' }, caseworker(VILLAGE), MONDAY);
    expect(rejectionOf(c, { type: 'approveEscalation', requestId: 'r9' }, supervisor(TOWNSHIP), MONDAY)).toEqual({
      rejected: 'UNKNOWN_REQUEST',
      requestId: 'r9',
    });
    expect(rejectionOf(c, { type: 'rejectEscalation', requestId: 'r9', reason: 'no' }, supervisor(TOWNSHIP), MONDAY)).toEqual({
      rejected: 'UNKNOWN_REQUEST',
      requestId: 'r9',
    });
  });

  it('refuses a rejection by the requester, and one without a reason', () => {
    const c = act(openCase({ division: VILLAGE }), { type: 'requestEscalation', requestId: 'r1', reason: 'x' }, caseworker(VILLAGE), MONDAY);
    const requesterAsSupervisor = { id: `cw-${VILLAGE}`, roles: ['supervisor' as const], division: TOWNSHIP };
    expect(rejectionOf(c, { type: 'rejectEscalation', requestId: 'r1', reason: 'no' }, requesterAsSupervisor, MONDAY)).toEqual({
      rejected: 'SEPARATION_OF_DUTIES',
    });
    expect(rejectionOf(c, { type: 'rejectEscalation', requestId: 'r1', reason: '  ' }, supervisor(TOWNSHIP), MONDAY)).toEqual({
      rejected: 'INVALID_INPUT',
      field: 'reason',
      message: 'must not be empty',
    });
  });

  it('records the rejection with its id and reason', () => {
    let c = act(openCase({ division: VILLAGE }), { type: 'requestEscalation', requestId: 'r1', reason: 'x' }, caseworker(VILLAGE), MONDAY);
    c = act(c, { type: 'rejectEscalation', requestId: 'r1', reason: 'collect proof first' }, supervisor(TOWNSHIP), MONDAY);
    expect(c.events.at(-1)).toEqual({
      type: 'EscalationRejected',
      at: MONDAY,
      actor: `sv-${TOWNSHIP}`,
      data: { requestId: 'r1', reason: 'collect proof first' },
    });
  });

  it('records the approval before the move and starts the new level’s working step', () => {
    const before = act(openCase({ division: VILLAGE }), { type: 'requestEscalation', requestId: 'r1', reason: 'x' }, caseworker(VILLAGE), MONDAY);
    const after = act(before, { type: 'approveEscalation', requestId: 'r1' }, supervisor(TOWNSHIP), MONDAY);
    const [approved, escalated] = newEvents(before, after);
    expect(approved).toEqual({ type: 'EscalationApproved', at: MONDAY, actor: `sv-${TOWNSHIP}`, data: { requestId: 'r1' } });
    expect(escalated).toEqual({
      type: 'CaseEscalated',
      at: MONDAY,
      actor: `sv-${TOWNSHIP}`,
      data: {
        from: VILLAGE,
        to: TOWNSHIP,
        fromLevel: 'village',
        toLevel: 'township',
        cause: 'approval',
        requestId: 'r1',
        // 最低生活保障审核确认办法 第十五条: the township starts the investigation within 3 working days.
        step: { name: 'investigation_start', startedAt: MONDAY, dueAt: '2026-03-05T16:00:00.000Z' },
        pendingEscalation: null,
      },
    });
  });

  it('refuses a request without a reason and records a valid one with its 3-working-day wait', () => {
    const c = openCase({ division: VILLAGE });
    expect(rejectionOf(c, { type: 'requestEscalation', requestId: 'r1', reason: ' ' }, caseworker(VILLAGE), MONDAY)).toEqual({
      rejected: 'INVALID_INPUT',
      field: 'reason',
      message: 'must not be empty',
    });
    const requested = act(c, { type: 'requestEscalation', requestId: 'r1', reason: 'needs the township' }, caseworker(VILLAGE), MONDAY);
    expect(requested.events.at(-1)).toEqual({
      type: 'EscalationRequested',
      at: MONDAY,
      actor: `cw-${VILLAGE}`,
      data: { requestId: 'r1', from: VILLAGE, to: TOWNSHIP, reason: 'needs the township', dueAt: '2026-03-05T16:00:00.000Z' },
    });
  });

  it('answers ESCALATION_PENDING to commands that need an open case while a request waits', () => {
    const c = act(openCase({ division: TOWNSHIP }), { type: 'requestEscalation', requestId: 'r1', reason: 'x' }, caseworker(TOWNSHIP), MONDAY);
    const decision = { type: 'decide' as const, outcome: 'denied' as const, benefit: null, monthlyAmount: null, reason: 'no' };
    expect(rejectionOf(c, decision, supervisor(TOWNSHIP), MONDAY)).toEqual({ rejected: 'ESCALATION_PENDING' });
    expect(rejectionOf(c, { type: 'requestEscalation', requestId: 'r2', reason: 'x' }, caseworker(TOWNSHIP), MONDAY)).toEqual({
      rejected: 'ESCALATION_PENDING',
    });
  });
});

describe('returning a case down its chain', () => {
  it('records the return with the lower unit’s working step and refuses one without a reason', () => {
    const c = escalateByApproval(openCase({ division: VILLAGE }), MONDAY);
    expect(rejectionOf(c, { type: 'return', reason: '' }, supervisor(TOWNSHIP), MONDAY)).toEqual({
      rejected: 'INVALID_INPUT',
      field: 'reason',
      message: 'must not be empty',
    });
    const returned = act(c, { type: 'return', reason: 'collect the documents' }, supervisor(TOWNSHIP), '2026-03-03T09:00:00+08:00');
    expect(returned.events.at(-1)).toEqual({
      type: 'CaseReturned',
      at: '2026-03-03T09:00:00+08:00',
      actor: `sv-${TOWNSHIP}`,
      data: {
        from: TOWNSHIP,
        to: VILLAGE,
        reason: 'collect the documents',
        // The village's intake step starts again: 5 working days from Tue 3 March → end of Tue 10 March.
        step: { name: 'application_intake', startedAt: '2026-03-03T09:00:00+08:00', dueAt: '2026-03-10T16:00:00.000Z' },
      },
    });
    expect(returned.state).toMatchObject({ holder: VILLAGE, level: 'village', status: 'open' });
  });

  it('keeps the overdue flag at province through work that does not change the step', () => {
    let c = openCase({ division: PROVINCE, kind: 'tekun' });
    c = tick(c, c.state.step?.dueAt ?? '');
    expect(c.state.overdue).toBe(true);
    c = act(
      c,
      { type: 'assess', risk: null, findings: 'x', householdSize: 1, monthlyAmount: 100 },
      caseworker(PROVINCE),
      '2026-04-01T10:00:00+08:00',
    );
    // Work that does not change the step leaves the flag.
    expect(c.state.overdue).toBe(true);
  });
});
