import { decide, DEFAULT_POLICY, fold } from '../../src/domain';
import type { Policy } from '../../src/domain';
import {
  act,
  auditor,
  caseworker,
  CITY,
  COUNTY,
  escalateByApproval,
  HUBEI_TOWNSHIP,
  MONDAY,
  OTHER_COUNTY,
  OTHER_TOWNSHIP,
  openCase,
  PROVINCE,
  rejectionOf,
  runPublicNotice,
  supervisor,
  TOWNSHIP,
  VILLAGE,
  TOWNSHIP_SUBSIDY,
} from '../support/builders';

const LATER = '2026-03-03T10:00:00+08:00';
/** A 公示 started at LATER ends 7 calendar days on. */
const AFTER_NOTICE = '2026-03-10T10:00:00+08:00';

describe('opening a case', () => {
  it('opens at the caseworker’s unit as origin and holder, version 1, with the first step’s deadline', () => {
    const c = openCase({ kind: 'dibao', division: VILLAGE });
    expect(c.state).toMatchObject({ status: 'open', origin: VILLAGE, holder: VILLAGE, chainBase: VILLAGE, level: 'village', version: 1 });
    // Village intake: 5 working days from Monday 2 March → end of Monday 9 March.
    expect(c.state.step).toEqual({ name: 'application_intake', startedAt: MONDAY, dueAt: '2026-03-09T16:00:00.000Z' });
    // 最低生活保障审核确认办法: the whole procedure within 30 working days.
    expect(c.state.procedureDueAt).toBe('2026-04-14T16:00:00.000Z');
    expect(fold(c.events)).toEqual(c.state);
  });

  it('refuses a malformed division code', () => {
    expect(() => openCase({ division: '330106001' })).toThrow('INVALID_DIVISION');
  });

  it('refuses to open a case in another unit than the caseworker’s own', () => {
    const open = {
      type: 'open' as const,
      caseId: 'c',
      caseNumber: 'n',
      kind: 'dibao' as const,
      division: VILLAGE,
      subjectRef: 's',
      subjectMinorUnder14: false,
      risk: null,
      summary: '',
    };
    expect(decide(null, open, { now: MONDAY, actor: caseworker(TOWNSHIP), policy: DEFAULT_POLICY })).toEqual({
      ok: false,
      rejection: { rejected: 'FORBIDDEN', action: 'open' },
    });
  });
});

describe('escalation by request and approval', () => {
  it('waits for the next level’s supervisor, then moves the case exactly one level up', () => {
    let c = openCase({ division: VILLAGE });
    c = act(c, { type: 'requestEscalation', requestId: 'r1', reason: 'township investigates' }, caseworker(VILLAGE), LATER);
    expect(c.state.status).toBe('awaiting_approval');
    expect(c.state.pendingEscalation).toMatchObject({ requestId: 'r1', from: VILLAGE, to: TOWNSHIP, requestedBy: `cw-${VILLAGE}` });
    // DEFAULT: the request waits 3 working days (Tue 3 March → end of Fri 6 March).
    expect(c.state.pendingEscalation?.dueAt).toBe('2026-03-06T16:00:00.000Z');
    c = act(c, { type: 'approveEscalation', requestId: 'r1' }, supervisor(TOWNSHIP), LATER);
    expect(c.state).toMatchObject({ status: 'open', holder: TOWNSHIP, level: 'township', pendingEscalation: null });
    expect(c.events.at(-1)).toMatchObject({ type: 'CaseEscalated', data: { cause: 'approval', from: VILLAGE, to: TOWNSHIP, requestId: 'r1' } });
    // 最低生活保障审核确认办法 第十五条: the township starts its investigation within 3 working days.
    expect(c.state.step?.name).toBe('investigation_start');
  });

  it('keeps the case open at the same holder when the request is rejected', () => {
    let c = openCase({ division: VILLAGE });
    c = act(c, { type: 'requestEscalation', requestId: 'r1', reason: 'x' }, caseworker(VILLAGE), LATER);
    c = act(c, { type: 'rejectEscalation', requestId: 'r1', reason: 'collect the income proof first' }, supervisor(TOWNSHIP), LATER);
    expect(c.state).toMatchObject({ status: 'open', holder: VILLAGE, pendingEscalation: null });
  });

  it('lets nobody approve their own escalation request', () => {
    let c = openCase({ division: TOWNSHIP });
    const sameId = 'zhang-san';
    c = act(c, { type: 'requestEscalation', requestId: 'r1', reason: 'x' }, { id: sameId, roles: ['caseworker'], division: TOWNSHIP }, LATER);
    expect(rejectionOf(c, { type: 'approveEscalation', requestId: 'r1' }, { id: sameId, roles: ['supervisor'], division: COUNTY }, LATER)).toEqual({
      rejected: 'SEPARATION_OF_DUTIES',
    });
  });

  it('lets only a supervisor of the target unit decide the request', () => {
    let c = openCase({ division: VILLAGE });
    c = act(c, { type: 'requestEscalation', requestId: 'r1', reason: 'x' }, caseworker(VILLAGE), LATER);
    expect(rejectionOf(c, { type: 'approveEscalation', requestId: 'r1' }, supervisor(COUNTY), LATER)).toEqual({
      rejected: 'FORBIDDEN',
      action: 'approveEscalation',
    });
    expect(rejectionOf(c, { type: 'approveEscalation', requestId: 'other' }, supervisor(TOWNSHIP), LATER)).toEqual({
      rejected: 'UNKNOWN_REQUEST',
      requestId: 'other',
    });
  });

  it('allows one pending request at a time and nothing above the province', () => {
    let c = openCase({ division: VILLAGE });
    c = act(c, { type: 'requestEscalation', requestId: 'r1', reason: 'x' }, caseworker(VILLAGE), LATER);
    expect(rejectionOf(c, { type: 'requestEscalation', requestId: 'r2', reason: 'x' }, caseworker(VILLAGE), LATER)).toEqual({
      rejected: 'ESCALATION_PENDING',
    });
    const p = openCase({ division: PROVINCE, kind: 'tekun' });
    expect(rejectionOf(p, { type: 'requestEscalation', requestId: 'r1', reason: 'x' }, caseworker(PROVINCE), LATER)).toEqual({
      rejected: 'NO_HIGHER_LEVEL',
    });
  });
});

describe('decisions only where the policy gives authority', () => {
  it('refuses a dibao decision at the township, naming the county that confirms', () => {
    let c = openCase({ division: VILLAGE });
    c = escalateByApproval(c, LATER);
    expect(
      rejectionOf(c, { type: 'decide', outcome: 'approved', benefit: 'dibao', monthlyAmount: 600, reason: 'eligible' }, supervisor(TOWNSHIP), LATER),
    ).toEqual({ rejected: 'NOT_AUTHORIZED_LEVEL', decidesAt: 'county' });
  });

  it('lets the township confirm dibao where the province delegated confirmation', () => {
    const delegated: Policy = {
      ...DEFAULT_POLICY,
      kinds: {
        ...DEFAULT_POLICY.kinds,
        dibao: {
          ...DEFAULT_POLICY.kinds.dibao,
          decision: { by: 'delegation', level: 'county', delegatedLevel: 'township', delegatedConfirmationToTownship: true },
        },
      },
    };
    // The township investigates (办法 第十五条) and publishes its opinion for 7 days (第十九条) first.
    let c = openCase({ division: TOWNSHIP, policy: delegated, at: LATER });
    c = act(c, { type: 'assess', risk: null, findings: 'household investigated', householdSize: 2, monthlyAmount: 600 }, caseworker(TOWNSHIP), LATER);
    c = runPublicNotice(c, LATER);
    c = act(c, { type: 'decide', outcome: 'approved', benefit: 'dibao', monthlyAmount: 600, reason: 'eligible' }, supervisor(TOWNSHIP), AFTER_NOTICE);
    expect(c.state.status).toBe('monitoring');
  });

  it('lets the township decide temporary aid up to 3 × the dibao line and sends larger sums to the county', () => {
    const c = openCase({ kind: 'temporary_aid', division: TOWNSHIP });
    const decision = (amount: number) => ({
      type: 'decide' as const,
      outcome: 'approved' as const,
      benefit: 'cash',
      monthlyAmount: amount,
      reason: 'fire',
    });
    expect(rejectionOf(c, decision(3301), supervisor(TOWNSHIP), LATER)).toEqual({ rejected: 'NOT_AUTHORIZED_LEVEL', decidesAt: 'county' });
    const decided = act(c, decision(3300), supervisor(TOWNSHIP), LATER);
    // One-off aid: no ongoing support, closable; the default policy closes it without a second signature.
    expect(decided.state.status).toBe('decided');
    const closed = act(decided, { type: 'requestClosure', requestId: 'c1', reason: 'paid' }, caseworker(TOWNSHIP), LATER);
    expect(closed.state.status).toBe('closed');
  });

  it('refuses commands from actors without access, as rejections', () => {
    const c = openCase({ division: TOWNSHIP, kind: 'disability_subsidy', policy: TOWNSHIP_SUBSIDY });
    const cmd = { type: 'decide' as const, outcome: 'approved' as const, benefit: null, monthlyAmount: null, reason: 'x' };
    expect(rejectionOf(c, cmd, auditor(TOWNSHIP), LATER)).toEqual({ rejected: 'FORBIDDEN', action: 'decide' });
    expect(rejectionOf(c, cmd, caseworker(TOWNSHIP), LATER)).toEqual({ rejected: 'FORBIDDEN', action: 'decide' });
    expect(rejectionOf(c, cmd, supervisor(HUBEI_TOWNSHIP), LATER)).toEqual({ rejected: 'NOT_FOUND' });
  });
});

describe('from decision to closure and back', () => {
  function confirmedDibao() {
    let c = openCase({ division: VILLAGE });
    c = escalateByApproval(c, LATER, 'r1');
    c = escalateByApproval(c, LATER, 'r2');
    // 办法 第十九条: the opinion is published for 7 days; the county confirms once it has ended.
    c = runPublicNotice(c, LATER);
    return act(
      c,
      { type: 'decide', outcome: 'approved', benefit: 'dibao', monthlyAmount: 600, reason: 'eligible' },
      supervisor(COUNTY),
      AFTER_NOTICE,
    );
  }

  it('moves an approved dibao case into monitoring with a review due in 12 months', () => {
    const c = confirmedDibao();
    expect(c.state).toMatchObject({ status: 'monitoring', holder: COUNTY });
    expect(c.state.decision).toMatchObject({ outcome: 'approved', level: 'county', decidedBy: `sv-${COUNTY}` });
    expect(c.state.reviewDueAt).toBe('2027-03-10T02:00:00.000Z');
  });

  it('returns the case one level down toward the origin to carry the decision out', () => {
    let c = confirmedDibao();
    c = act(c, { type: 'return', reason: 'pay and monitor' }, supervisor(COUNTY), LATER);
    expect(c.state).toMatchObject({ holder: TOWNSHIP, level: 'township', status: 'monitoring' });
    c = act(c, { type: 'return', reason: 'village visits' }, supervisor(TOWNSHIP), LATER);
    expect(c.state.holder).toBe(VILLAGE);
    expect(rejectionOf(c, { type: 'return', reason: 'x' }, supervisor(VILLAGE), LATER)).toEqual({ rejected: 'RETURN_NOT_ALLOWED_AT_ORIGIN' });
  });

  it('closes with the approval of a supervisor who did not request it, then accepts only reopen', () => {
    let c = confirmedDibao();
    c = act(c, { type: 'requestClosure', requestId: 'c1', reason: 'income above the line' }, caseworker(COUNTY), LATER);
    expect(c.state.pendingClosure).toMatchObject({ requestId: 'c1' });
    expect(c.state.step?.name).toBe('closure_approval');
    const requesterAsSupervisor = { id: `cw-${COUNTY}`, roles: ['supervisor' as const], division: COUNTY };
    expect(rejectionOf(c, { type: 'approveClosure', requestId: 'c1' }, requesterAsSupervisor, LATER)).toEqual({ rejected: 'SEPARATION_OF_DUTIES' });
    c = act(c, { type: 'approveClosure', requestId: 'c1' }, supervisor(COUNTY), LATER);
    expect(c.state).toMatchObject({ status: 'closed', step: null, reviewDueAt: null });
    expect(c.events.at(-1)).toMatchObject({ type: 'CaseClosed', data: { approvedBy: `sv-${COUNTY}` } });
    expect(rejectionOf(c, { type: 'addNote', text: 'late note' }, caseworker(COUNTY), LATER)).toEqual({ rejected: 'CASE_CLOSED' });
    c = act(c, { type: 'reopen', reason: 'income fell again' }, caseworker(COUNTY), LATER);
    expect(c.state).toMatchObject({ status: 'open', decision: null, holder: COUNTY });
  });

  it('lets a denied case go straight to closure', () => {
    let c = openCase({ division: TOWNSHIP, kind: 'disability_subsidy', policy: TOWNSHIP_SUBSIDY });
    c = act(c, { type: 'decide', outcome: 'denied', benefit: null, monthlyAmount: null, reason: 'not eligible' }, supervisor(TOWNSHIP), LATER);
    expect(c.state.status).toBe('decided');
    expect(c.state.reviewDueAt).toBeNull();
    c = act(c, { type: 'requestClosure', requestId: 'c1', reason: 'denied' }, caseworker(TOWNSHIP), LATER);
    c = act(c, { type: 'approveClosure', requestId: 'c1' }, supervisor(TOWNSHIP), LATER);
    expect(c.state.status).toBe('closed');
  });

  it('does not close an undecided case', () => {
    const c = openCase({ division: TOWNSHIP });
    expect(rejectionOf(c, { type: 'requestClosure', requestId: 'c1', reason: 'x' }, caseworker(TOWNSHIP), LATER)).toEqual({
      rejected: 'INVALID_STATUS',
      status: 'open',
      command: 'requestClosure',
    });
  });
});

describe('transfer to another unit at the same level', () => {
  it('refuses the same unit and a unit at another level', () => {
    const c = openCase({ division: TOWNSHIP });
    const to = (unit: string) => ({ type: 'requestTransfer' as const, transferId: 't1', to: unit, reason: 'moved' });
    expect(rejectionOf(c, to(TOWNSHIP), caseworker(TOWNSHIP), LATER)).toEqual({ rejected: 'TRANSFER_SAME_UNIT' });
    expect(rejectionOf(c, to(VILLAGE), caseworker(TOWNSHIP), LATER)).toEqual({ rejected: 'TRANSFER_LEVEL_MISMATCH', level: 'township' });
    expect(rejectionOf(c, to('12345'), caseworker(TOWNSHIP), LATER)).toEqual({ rejected: 'INVALID_DIVISION', field: 'to' });
  });

  it('moves the case when the receiving unit’s supervisor accepts, and escalation follows the new chain', () => {
    let c = openCase({ division: VILLAGE });
    c = escalateByApproval(c, LATER);
    c = act(c, { type: 'requestTransfer', transferId: 't1', to: OTHER_TOWNSHIP, reason: 'family moved' }, caseworker(TOWNSHIP), LATER);
    expect(rejectionOf(c, { type: 'acceptTransfer', transferId: 't1' }, supervisor(TOWNSHIP), LATER)).toEqual({
      rejected: 'FORBIDDEN',
      action: 'acceptTransfer',
    });
    c = act(c, { type: 'acceptTransfer', transferId: 't1' }, supervisor(OTHER_TOWNSHIP), LATER);
    expect(c.state).toMatchObject({ holder: OTHER_TOWNSHIP, chainBase: OTHER_TOWNSHIP, origin: VILLAGE, pendingTransfer: null });
    // The receiving unit is the new base: there is nothing below it on the case's chain.
    expect(rejectionOf(c, { type: 'return', reason: 'x' }, supervisor(OTHER_TOWNSHIP), LATER)).toEqual({ rejected: 'RETURN_NOT_ALLOWED_AT_ORIGIN' });
    c = escalateByApproval(c, LATER);
    expect(c.state.holder).toBe(COUNTY);
    c = act(c, { type: 'return', reason: 'x' }, supervisor(COUNTY), LATER);
    expect(c.state.holder).toBe(OTHER_TOWNSHIP);
  });

  it('transfers across counties only at county level, then escalates to the shared city', () => {
    let c = openCase({ division: COUNTY, kind: 'tekun' });
    c = act(c, { type: 'requestTransfer', transferId: 't1', to: OTHER_COUNTY, reason: 'moved' }, caseworker(COUNTY), LATER);
    c = act(c, { type: 'acceptTransfer', transferId: 't1' }, supervisor(OTHER_COUNTY), LATER);
    c = escalateByApproval(c, LATER);
    expect(c.state.holder).toBe(CITY);
  });
});
