import { decide, DEFAULT_POLICY, isIsoInstant } from '../../src/domain';
import type { CaseCommand } from '../../src/domain';
import type { TestCase } from '../support/builders';
import {
  act,
  auditor,
  caseworker,
  CITY,
  COUNTY,
  escalateByApproval,
  MONDAY,
  openCase,
  OTHER_COUNTY,
  OTHER_TOWNSHIP,
  rejectionOf,
  supervisor,
  SYSTEM,
  TOWNSHIP,
  VILLAGE,
  TOWNSHIP_SUBSIDY,
} from '../support/builders';

// The checks every command passes before it changes anything: the instant, the case's existence,
// the actor, the status, and the transfer or closure that may be pending.

const LATER = '2026-03-03T10:00:00+08:00';
const openCommand = {
  type: 'open' as const,
  caseId: 'case-1',
  caseNumber: 'HS-330106-2026-000001',
  kind: 'dibao' as const,
  division: VILLAGE,
  subjectRef: 'subject-1',
  subjectMinorUnder14: false,
  risk: null,
  summary: 'test case',
};

/** A disability subsidy in monitoring at the township. */
function monitored(): TestCase {
  const approve = { type: 'decide' as const, outcome: 'approved' as const, benefit: 'subsidy', monthlyAmount: 100, reason: 'ok' };
  return act(openCase({ kind: 'disability_subsidy', division: TOWNSHIP, policy: TOWNSHIP_SUBSIDY }), approve, supervisor(TOWNSHIP), MONDAY);
}

describe('time, existence and status', () => {
  it('refuses an instant without a time-zone offset as invalid input, for every command', () => {
    const c = openCase({ division: VILLAGE });
    const noOffset = '2026-03-02T09:00:00';
    expect(decide(null, openCommand, { now: noOffset, actor: caseworker(VILLAGE), policy: DEFAULT_POLICY })).toEqual({
      ok: false,
      rejection: { rejected: 'INVALID_INPUT', field: 'ctx.now', message: 'must be an ISO instant' },
    });
    expect(rejectionOf(c, { type: 'addNote', text: 'x' }, caseworker(VILLAGE), noOffset)).toEqual({
      rejected: 'INVALID_INPUT',
      field: 'ctx.now',
      message: 'must be an ISO instant',
    });
    expect(rejectionOf(c, { type: 'deadlinePassed' }, SYSTEM, '2026-03-09')).toMatchObject({ rejected: 'INVALID_INPUT', field: 'ctx.now' });
    // The same instant with an offset, or in UTC, is fine.
    expect(act(c, { type: 'addNote', text: 'x' }, caseworker(VILLAGE), '2026-03-02T09:00:00+08:00').state.version).toBe(2);
    expect(act(c, { type: 'addNote', text: 'x' }, caseworker(VILLAGE), '2026-03-02T01:00Z').state.version).toBe(2);
  });

  it('recognises ISO instants only with an explicit offset and a real date', () => {
    for (const ok of [
      '2026-03-02T09:00:00+08:00',
      '2026-03-02T01:00:00Z',
      '2026-03-02T01:00Z',
      '2026-03-02T01:00:00.123456789Z',
      '2026-03-02T09:00:00-05:00',
    ]) {
      expect(isIsoInstant(ok)).toBe(true);
    }
    for (const bad of [
      '2026-03-02T09:00:00',
      '2026-03-02',
      '2026-03-02 09:00:00Z',
      '2026-03-02T09:00:00+0800',
      '2026-13-02T09:00:00Z',
      'x2026-03-02T09:00:00Z',
      '2026-03-02T09:00:00Zx',
      '2026-03-02T09:00:00.Z',
      '',
    ]) {
      expect(isIsoInstant(bad)).toBe(false);
    }
  });

  it('refuses to open a case that exists, and any other command on a case not yet opened', () => {
    const c = openCase({ division: VILLAGE });
    expect(rejectionOf(c, openCommand, caseworker(VILLAGE), LATER)).toEqual({ rejected: 'CASE_ALREADY_OPEN' });
    expect(decide(null, { type: 'addNote', text: 'x' }, { now: LATER, actor: caseworker(VILLAGE), policy: DEFAULT_POLICY })).toEqual({
      ok: false,
      rejection: { rejected: 'CASE_NOT_OPEN_YET' },
    });
  });

  it('refuses to open a case of an unknown kind or risk', () => {
    const ctx = { now: MONDAY, actor: caseworker(VILLAGE), policy: DEFAULT_POLICY };
    expect(decide(null, { ...openCommand, kind: 'lottery' } as unknown as CaseCommand, ctx)).toEqual({
      ok: false,
      rejection: { rejected: 'INVALID_INPUT', field: 'kind', message: 'unknown case kind' },
    });
    expect(decide(null, { ...openCommand, risk: 'extreme' } as unknown as CaseCommand, ctx)).toEqual({
      ok: false,
      rejection: { rejected: 'INVALID_INPUT', field: 'risk', message: 'unknown risk' },
    });
    expect(decide(null, { ...openCommand, division: '000000000000' }, ctx)).toEqual({
      ok: false,
      rejection: { rejected: 'INVALID_DIVISION', field: 'division' },
    });
  });

  it('records what was opened, with the pinned policy version', () => {
    const c = openCase({ kind: 'tekun', division: TOWNSHIP, risk: 'low' });
    expect(c.events).toEqual([
      {
        type: 'CaseOpened',
        at: MONDAY,
        actor: `cw-${TOWNSHIP}`,
        data: {
          caseId: 'case-1',
          caseNumber: 'HS-330106-2026-000001',
          family: 'hardship',
          kind: 'tekun',
          origin: TOWNSHIP,
          subjectRef: 'subject-1',
          subjectMinorUnder14: false,
          risk: 'low',
          summary: 'test case',
          policyVersion: '2026.3',
          step: { name: 'initial_review', startedAt: MONDAY, dueAt: '2026-03-23T16:00:00.000Z' },
          procedureDueAt: null,
        },
      },
    ]);
    expect(c.state).toMatchObject({ openedAt: MONDAY, openedBy: `cw-${TOWNSHIP}`, updatedAt: MONDAY, risk: 'low', incomeVolatile: false });
  });

  it('names the status a command does not fit', () => {
    const c = monitored();
    expect(rejectionOf(c, { type: 'requestEscalation', requestId: 'r1', reason: 'x' }, caseworker(TOWNSHIP), LATER)).toEqual({
      rejected: 'INVALID_STATUS',
      status: 'monitoring',
      command: 'requestEscalation',
    });
    expect(rejectionOf(c, { type: 'reopen', reason: 'x' }, caseworker(TOWNSHIP), LATER)).toEqual({
      rejected: 'INVALID_STATUS',
      status: 'monitoring',
      command: 'reopen',
    });
  });
});

describe('notes', () => {
  it('lets a supervisor of the holder add a note', () => {
    const c = act(openCase({ division: TOWNSHIP }), { type: 'addNote', text: 'call the family back' }, supervisor(TOWNSHIP), LATER);
    expect(c.events.at(-1)).toEqual({ type: 'NoteAdded', at: LATER, actor: `sv-${TOWNSHIP}`, data: { text: 'call the family back' } });
    expect(c.state).toMatchObject({ version: 2, updatedAt: LATER, holder: TOWNSHIP, status: 'open' });
  });

  it('refuses a note from a supervisor of another unit, even one above the holder', () => {
    const c = openCase({ division: TOWNSHIP });
    expect(rejectionOf(c, { type: 'addNote', text: 'x' }, supervisor(COUNTY), LATER)).toEqual({ rejected: 'FORBIDDEN', action: 'addNote' });
    expect(rejectionOf(c, { type: 'addNote', text: 'x' }, supervisor(OTHER_TOWNSHIP), LATER)).toEqual({ rejected: 'NOT_FOUND' });
    expect(rejectionOf(c, { type: 'addNote', text: 'x' }, auditor(TOWNSHIP), LATER)).toEqual({ rejected: 'FORBIDDEN', action: 'addNote' });
  });

  it('refuses an empty note', () => {
    const c = openCase({ division: TOWNSHIP });
    expect(rejectionOf(c, { type: 'addNote', text: ' \n ' }, caseworker(TOWNSHIP), LATER)).toEqual({
      rejected: 'INVALID_INPUT',
      field: 'text',
      message: 'must not be empty',
    });
  });
});

describe('while a transfer is pending', () => {
  const pendingTransfer = (c: TestCase) =>
    act(c, { type: 'requestTransfer', transferId: 't1', to: OTHER_TOWNSHIP, reason: 'family moved' }, caseworker(TOWNSHIP), LATER);

  it('refuses escalation, decision, another transfer and closure with TRANSFER_PENDING', () => {
    const open = pendingTransfer(openCase({ kind: 'disability_subsidy', division: TOWNSHIP, policy: TOWNSHIP_SUBSIDY }));
    expect(open.state.pendingTransfer).toEqual({
      transferId: 't1',
      requestedBy: `cw-${TOWNSHIP}`,
      from: TOWNSHIP,
      to: OTHER_TOWNSHIP,
      reason: 'family moved',
    });
    expect(rejectionOf(open, { type: 'requestEscalation', requestId: 'r1', reason: 'x' }, caseworker(TOWNSHIP), LATER)).toEqual({
      rejected: 'TRANSFER_PENDING',
    });
    const decision = { type: 'decide' as const, outcome: 'denied' as const, benefit: null, monthlyAmount: null, reason: 'no' };
    expect(rejectionOf(open, decision, supervisor(TOWNSHIP), LATER)).toEqual({ rejected: 'TRANSFER_PENDING' });
    const another = { type: 'requestTransfer' as const, transferId: 't2', to: OTHER_TOWNSHIP, reason: 'x' };
    expect(rejectionOf(open, another, caseworker(TOWNSHIP), LATER)).toEqual({ rejected: 'TRANSFER_PENDING' });

    const inMonitoring = pendingTransfer(monitored());
    expect(rejectionOf(inMonitoring, { type: 'requestClosure', requestId: 'c1', reason: 'x' }, caseworker(TOWNSHIP), LATER)).toEqual({
      rejected: 'TRANSFER_PENDING',
    });
  });

  it('refuses a return with TRANSFER_PENDING', () => {
    let c = escalateByApproval(openCase({ division: VILLAGE }), MONDAY);
    c = act(c, { type: 'requestTransfer', transferId: 't1', to: OTHER_TOWNSHIP, reason: 'moved' }, caseworker(TOWNSHIP), LATER);
    expect(rejectionOf(c, { type: 'return', reason: 'x' }, supervisor(TOWNSHIP), LATER)).toEqual({ rejected: 'TRANSFER_PENDING' });
  });

  it('refuses to accept a transfer under another id, naming the id given', () => {
    const c = pendingTransfer(openCase({ division: TOWNSHIP }));
    expect(rejectionOf(c, { type: 'acceptTransfer', transferId: 't9' }, supervisor(OTHER_TOWNSHIP), LATER)).toEqual({
      rejected: 'UNKNOWN_REQUEST',
      requestId: 't9',
    });
  });

  it('refuses to let the requester accept their own transfer', () => {
    const c = pendingTransfer(openCase({ division: TOWNSHIP }));
    const requesterAsReceiver = { id: `cw-${TOWNSHIP}`, roles: ['supervisor' as const], division: OTHER_TOWNSHIP };
    expect(rejectionOf(c, { type: 'acceptTransfer', transferId: 't1' }, requesterAsReceiver, LATER)).toEqual({ rejected: 'SEPARATION_OF_DUTIES' });
  });

  it('records the accepted transfer with the receiving unit’s working step, restarting its deadline', () => {
    const c = act(pendingTransfer(openCase({ division: TOWNSHIP })), { type: 'acceptTransfer', transferId: 't1' }, supervisor(OTHER_TOWNSHIP), LATER);
    expect(c.events.at(-1)).toEqual({
      type: 'TransferAccepted',
      at: LATER,
      actor: `sv-${OTHER_TOWNSHIP}`,
      data: {
        transferId: 't1',
        from: TOWNSHIP,
        to: OTHER_TOWNSHIP,
        // 办法 第十五条: the investigation starts within 3 working days from Tue 3 March → end of Fri 6 March.
        step: { name: 'investigation_start', startedAt: LATER, dueAt: '2026-03-06T16:00:00.000Z' },
      },
    });
    expect(c.state).toMatchObject({ holder: OTHER_TOWNSHIP, chainBase: OTHER_TOWNSHIP, level: 'township', pendingTransfer: null });
  });

  it('drops a pending transfer when 督办 moves the case up', () => {
    let c = pendingTransfer(openCase({ kind: 'tekun', division: TOWNSHIP }));
    c = act(c, { type: 'deadlinePassed' }, SYSTEM, '2026-03-23T16:00:00Z');
    expect(c.state).toMatchObject({ holder: COUNTY, pendingTransfer: null });
  });
});

describe('while a closure is pending', () => {
  const pendingClosure = () => act(monitored(), { type: 'requestClosure', requestId: 'c1', reason: 'moved away' }, caseworker(TOWNSHIP), LATER);

  it('refuses another closure, a transfer and a return with CLOSURE_PENDING', () => {
    const c = pendingClosure();
    expect(rejectionOf(c, { type: 'requestClosure', requestId: 'c2', reason: 'x' }, caseworker(TOWNSHIP), LATER)).toEqual({
      rejected: 'CLOSURE_PENDING',
    });
    expect(rejectionOf(c, { type: 'requestTransfer', transferId: 't1', to: OTHER_TOWNSHIP, reason: 'x' }, caseworker(TOWNSHIP), LATER)).toEqual({
      rejected: 'CLOSURE_PENDING',
    });
    let atCounty = escalateByApproval(openCase({ division: TOWNSHIP }), MONDAY);
    atCounty = act(atCounty, { type: 'decide', outcome: 'denied', benefit: null, monthlyAmount: null, reason: 'no' }, supervisor(COUNTY), MONDAY);
    atCounty = act(atCounty, { type: 'requestClosure', requestId: 'c1', reason: 'denied' }, caseworker(COUNTY), MONDAY);
    expect(rejectionOf(atCounty, { type: 'return', reason: 'x' }, supervisor(COUNTY), LATER)).toEqual({ rejected: 'CLOSURE_PENDING' });
  });

  it('refuses to approve a closure under another id', () => {
    expect(rejectionOf(pendingClosure(), { type: 'approveClosure', requestId: 'c9' }, supervisor(TOWNSHIP), LATER)).toEqual({
      rejected: 'UNKNOWN_REQUEST',
      requestId: 'c9',
    });
  });

  it('answers NO_PENDING_CLOSURE to an approval when nothing was requested', () => {
    expect(rejectionOf(monitored(), { type: 'approveClosure', requestId: 'c1' }, supervisor(TOWNSHIP), LATER)).toEqual({
      rejected: 'NO_PENDING_CLOSURE',
    });
  });

  it('records the request with its approval step, and the approval with the request’s reason', () => {
    let c = pendingClosure();
    expect(c.events.at(-1)).toEqual({
      type: 'ClosureRequested',
      at: LATER,
      actor: `cw-${TOWNSHIP}`,
      data: { requestId: 'c1', reason: 'moved away', step: { name: 'closure_approval', startedAt: LATER, dueAt: '2026-03-17T16:00:00.000Z' } },
    });
    expect(c.state.pendingClosure).toEqual({ requestId: 'c1', requestedBy: `cw-${TOWNSHIP}`, requestedAt: LATER, reason: 'moved away' });
    c = act(c, { type: 'approveClosure', requestId: 'c1' }, supervisor(TOWNSHIP), LATER);
    expect(c.events.at(-1)).toEqual({
      type: 'CaseClosed',
      at: LATER,
      actor: `sv-${TOWNSHIP}`,
      data: { reason: 'moved away', approvedBy: `sv-${TOWNSHIP}` },
    });
    expect(c.state).toMatchObject({ status: 'closed', pendingClosure: null, pendingEscalation: null, pendingTransfer: null, overdue: false });
  });

  it('refuses a closure request without a reason, and closes temporary aid at once without approval', () => {
    expect(rejectionOf(monitored(), { type: 'requestClosure', requestId: 'c1', reason: '' }, caseworker(TOWNSHIP), LATER)).toEqual({
      rejected: 'INVALID_INPUT',
      field: 'reason',
      message: 'must not be empty',
    });
    let aid = openCase({ kind: 'temporary_aid', division: TOWNSHIP });
    aid = act(aid, { type: 'decide', outcome: 'approved', benefit: 'cash', monthlyAmount: 500, reason: 'fire' }, supervisor(TOWNSHIP), MONDAY);
    aid = act(aid, { type: 'requestClosure', requestId: 'c1', reason: 'paid' }, caseworker(TOWNSHIP), LATER);
    expect(aid.events.at(-1)).toEqual({ type: 'CaseClosed', at: LATER, actor: `cw-${TOWNSHIP}`, data: { reason: 'paid', approvedBy: null } });
  });
});

describe('reopening', () => {
  it('reopens a closed case at its holder with the working step of that level, without the old decision', () => {
    let c = monitored();
    c = act(c, { type: 'requestClosure', requestId: 'c1', reason: 'moved' }, caseworker(TOWNSHIP), LATER);
    c = act(c, { type: 'approveClosure', requestId: 'c1' }, supervisor(TOWNSHIP), LATER);
    c = act(c, { type: 'reopen', reason: 'came back' }, supervisor(TOWNSHIP), '2026-03-04T10:00:00+08:00');
    expect(c.events.at(-1)).toEqual({
      type: 'CaseReopened',
      at: '2026-03-04T10:00:00+08:00',
      actor: `sv-${TOWNSHIP}`,
      data: { reason: 'came back', step: { name: 'review_and_decision', startedAt: '2026-03-04T10:00:00+08:00', dueAt: '2026-03-25T16:00:00.000Z' } },
    });
    expect(c.state).toMatchObject({ status: 'open', decision: null, reviewDueAt: null, holder: TOWNSHIP, step: { name: 'review_and_decision' } });
  });
});

describe('transfers between counties', () => {
  it('transfers a county-held case to another county, whose city is shared', () => {
    let c = openCase({ division: COUNTY, kind: 'tekun' });
    c = act(c, { type: 'requestTransfer', transferId: 't1', to: OTHER_COUNTY, reason: 'moved' }, caseworker(COUNTY), LATER);
    c = act(c, { type: 'acceptTransfer', transferId: 't1' }, supervisor(OTHER_COUNTY), LATER);
    expect(c.state).toMatchObject({ holder: OTHER_COUNTY, chainBase: OTHER_COUNTY, level: 'county' });
    c = escalateByApproval(c, LATER);
    expect(c.state.holder).toBe(CITY);
  });

  // FINDING (reported, not changed): SPEC and policy-rules only require the same level, so the core
  // accepts a transfer between townships of different counties; the older test title "transfers across
  // counties only at county level" claims more than the core enforces. This pins what the core does.
  it('accepts a transfer between townships of different counties: the same level is all the core requires', () => {
    const townshipInOtherCounty = '330105001000';
    let c = openCase({ division: TOWNSHIP });
    c = act(c, { type: 'requestTransfer', transferId: 't1', to: townshipInOtherCounty, reason: 'moved' }, caseworker(TOWNSHIP), LATER);
    c = act(c, { type: 'acceptTransfer', transferId: 't1' }, supervisor(townshipInOtherCounty), LATER);
    expect(c.state).toMatchObject({ holder: townshipInOtherCounty, chainBase: townshipInOtherCounty, level: 'township' });
    c = escalateByApproval(c, LATER);
    expect(c.state.holder).toBe(OTHER_COUNTY);
  });
});
