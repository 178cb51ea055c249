import { evolve, fold, nextDeadline } from '../../src/domain';
import type { CaseEvent, CaseState } from '../../src/domain';
import { act, caseworker, COUNTY, MONDAY, openCase, OTHER_TOWNSHIP, supervisor, TOWNSHIP, VILLAGE } from '../support/builders';

// evolve copies what happened into the state: events written by older versions (without the
// optional fields added since) replay to a sensible state, and nothing replays before an opening.

const opened = (data: Partial<Extract<CaseEvent, { type: 'CaseOpened' }>['data']> = {}): CaseEvent => ({
  type: 'CaseOpened',
  at: '2025-06-01T01:00:00.000Z',
  actor: 'cw-old',
  data: {
    caseId: 'old-1',
    caseNumber: 'HS-330106-2025-000001',
    family: 'hardship',
    kind: 'dibao',
    origin: TOWNSHIP,
    subjectRef: 's',
    subjectMinorUnder14: false,
    risk: null,
    summary: 'written before steps existed',
    policyVersion: '2025.1',
    ...data,
  },
});

describe('replaying events', () => {
  it('opens an old case without step or procedure deadline as having none', () => {
    const state = fold([opened()]) as CaseState;
    expect(state).toMatchObject({
      status: 'open',
      holder: TOWNSHIP,
      chainBase: TOWNSHIP,
      level: 'township',
      step: null,
      procedureDueAt: null,
      reviewDueAt: null,
      overdue: false,
      version: 1,
      openedAt: '2025-06-01T01:00:00.000Z',
      openedBy: 'cw-old',
      householdSize: null,
      monthlyAmount: null,
      incomeVolatile: false,
      decision: null,
    });
    expect(nextDeadline(state)).toBeNull();
  });

  it('treats an old decision without the support flag as final, without a review date', () => {
    const state = fold([
      opened(),
      {
        type: 'DecisionRecorded',
        at: '2025-06-02T01:00:00.000Z',
        actor: 'sv',
        data: { outcome: 'approved', benefit: 'x', monthlyAmount: 500, reason: 'ok', level: 'county' },
      },
    ]) as CaseState;
    expect(state).toMatchObject({ status: 'decided', reviewDueAt: null, monthlyAmount: 500, step: null, version: 2 });
    expect(state.decision).toEqual({
      outcome: 'approved',
      benefit: 'x',
      monthlyAmount: 500,
      level: 'county',
      decidedBy: 'sv',
      decidedAt: '2025-06-02T01:00:00.000Z',
    });
  });

  it('keeps the step of an old move that named none, and clears the overdue flag only when a step is named', () => {
    const base = fold([
      opened({ step: { name: 'investigation', startedAt: '2025-06-01T01:00:00.000Z', dueAt: '2025-06-28T16:00:00.000Z' } }),
    ]) as CaseState;
    const overdue = evolve(base, {
      type: 'SlaBreached',
      at: '2025-06-28T16:00:00.000Z',
      actor: 'system',
      data: { step: 'investigation', dueAt: '2025-06-28T16:00:00.000Z', holder: TOWNSHIP, level: 'township', overdue: true },
    });
    expect(overdue.overdue).toBe(true);
    const noted = evolve(overdue, { type: 'FollowUpRecorded', at: '2025-06-29T01:00:00.000Z', actor: 'cw', data: { kind: 'visit', notes: 'x' } });
    expect(noted).toMatchObject({ overdue: true, step: base.step });
    const reopened = evolve(noted, { type: 'CaseReopened', at: '2025-06-30T01:00:00.000Z', actor: 'cw', data: { reason: 'x' } });
    expect(reopened).toMatchObject({ overdue: true, step: base.step, status: 'open' });
    const moved = evolve(noted, {
      type: 'CaseReturned',
      at: '2025-06-30T01:00:00.000Z',
      actor: 'sv',
      data: { from: COUNTY, to: TOWNSHIP, reason: 'x' },
    });
    expect(moved).toMatchObject({ overdue: false, step: base.step, holder: TOWNSHIP, level: 'township' });
    const reset = evolve(noted, { type: 'CaseReopened', at: '2025-06-30T01:00:00.000Z', actor: 'cw', data: { reason: 'x', step: null } });
    expect(reset).toMatchObject({ overdue: false, step: null });
  });

  it('ignores a breach that did not flag the case', () => {
    const base = fold([opened()]) as CaseState;
    const after = evolve(base, {
      type: 'SlaBreached',
      at: '2025-06-28T16:00:00.000Z',
      actor: 'system',
      data: { step: 'x', dueAt: '2025-06-28T16:00:00.000Z', holder: TOWNSHIP, level: 'township' },
    });
    expect(after).toEqual({ ...base, version: 2, updatedAt: '2025-06-28T16:00:00.000Z' });
  });

  it('refuses to replay an event before the case was opened, and folds nothing to nothing', () => {
    expect(() => evolve(null, { type: 'NoteAdded', at: MONDAY, actor: 'x', data: { text: 'x' } })).toThrow('event NoteAdded before CaseOpened');
    expect(fold([])).toBeNull();
    expect(nextDeadline(null)).toBeNull();
  });

  it('keeps the closing state free of anything pending or due', () => {
    let c = openCase({ kind: 'temporary_aid', division: TOWNSHIP });
    c = act(c, { type: 'requestTransfer', transferId: 't1', to: OTHER_TOWNSHIP, reason: 'moved' }, caseworker(TOWNSHIP), MONDAY);
    const closed = evolve(c.state, { type: 'CaseClosed', at: MONDAY, actor: 'sv', data: { reason: 'x', approvedBy: 'sv' } });
    expect(closed).toMatchObject({
      status: 'closed',
      step: null,
      pendingTransfer: null,
      pendingEscalation: null,
      pendingClosure: null,
      reviewDueAt: null,
    });
    expect(nextDeadline(closed)).toBeNull();
  });

  it('does not invent a pending request the state did not have when an escalation event carries one', () => {
    let c = openCase({ division: VILLAGE });
    c = act(c, { type: 'requestEscalation', requestId: 'r1', reason: 'x' }, caseworker(VILLAGE), MONDAY);
    c = act(c, { type: 'approveEscalation', requestId: 'r1' }, supervisor(TOWNSHIP), MONDAY);
    // A request carried by an escalation event but absent from the state is not invented.
    const moved = evolve(c.state, {
      type: 'CaseEscalated',
      at: MONDAY,
      actor: 'system',
      data: {
        from: TOWNSHIP,
        to: COUNTY,
        fromLevel: 'township',
        toLevel: 'county',
        cause: 'sla_breach',
        pendingEscalation: { to: '330100000000', dueAt: MONDAY },
      },
    });
    expect(moved).toMatchObject({ holder: COUNTY, level: 'county', status: 'open', pendingEscalation: null });
  });
});
