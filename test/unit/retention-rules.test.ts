import { addMonths, DEFAULT_POLICY, RETENTION, retentionEndsAt, workflowEndsAt, type Policy } from '../../src/domain';
import { act, admin, caseworker, COUNTY, OTHER_COUNTY, openCase, rejectionOf, SYSTEM, supervisor, type TestCase } from '../support/builders';

// Retention and destruction of a closed case's data (issue 12): retention per kind is policy data,
// a legal hold stops destruction, a destroyed case takes nothing more; and the reopen window after
// which a closed case's workflow completes.

const OPENED = '2026-03-02T09:00:00+08:00';
const CLOSED = '2026-03-10T09:00:00.000Z';

/** A dibao case decided and closed at the county on CLOSED. */
function closedCase(kind: 'dibao' | 'mandatory_report' = 'dibao'): TestCase {
  let c = openCase({ kind, division: COUNTY, at: OPENED });
  c = act(
    c,
    { type: 'decide', outcome: 'denied', benefit: null, monthlyAmount: null, reason: '不符合条件' },
    supervisor(COUNTY),
    '2026-03-05T09:00:00+08:00',
  );
  c = act(c, { type: 'requestClosure', requestId: 'c1', reason: '结案' }, caseworker(COUNTY), '2026-03-06T09:00:00+08:00');
  return act(c, { type: 'approveClosure', requestId: 'c1' }, supervisor(COUNTY, 'sv-2'), CLOSED);
}

describe('retention of closed cases (PIPL art. 19, 47)', () => {
  it('keeps a dibao file 5 years after closure (低保档案通知: 审批类 停保后不少于3年, 日常管理类 不少于5年) — law', () => {
    expect(RETENTION.dibao).toMatchObject({ years: 5, basis: 'law' });
    const c = closedCase();
    expect(c.state.closedAt).toBe(CLOSED);
    expect(retentionEndsAt(c.state)).toBe(addMonths(CLOSED, 60));
  });

  it('keeps minor-protection files 10 years and other hardship files 5 years, marked as defaults (no national rule found)', () => {
    expect(RETENTION.mandatory_report).toMatchObject({ years: 10, basis: 'default' });
    expect(RETENTION.orphan).toMatchObject({ years: 10, basis: 'default' });
    expect(RETENTION.tekun).toMatchObject({ years: 5, basis: 'default' });
    expect(retentionEndsAt(closedCase('mandatory_report').state)).toBe(addMonths(CLOSED, 120));
  });

  it('runs no retention while a case is not closed, and restarts it from the next closure after a reopen', () => {
    const c = closedCase();
    const reopened = act(c, { type: 'reopen', reason: '新情况' }, caseworker(COUNTY), '2026-04-01T09:00:00+08:00');
    expect(reopened.state.closedAt).toBeNull();
    expect(retentionEndsAt(reopened.state)).toBeNull();
    expect(rejectionOf(reopened, { type: 'shredData' }, SYSTEM, addMonths(CLOSED, 600))).toMatchObject({
      rejected: 'INVALID_STATUS',
      status: 'open',
    });
  });
});

describe('cases closed before closure times were recorded', () => {
  it('run their retention and reopen window from their last change, never earlier', () => {
    const c = closedCase();
    const { closedAt: _dropped, ...older } = c.state;
    const last = '2026-04-01T00:00:00.000Z';
    const legacy = { ...older, updatedAt: last };
    expect(retentionEndsAt(legacy)).toBe(addMonths(last, 60));
    expect(workflowEndsAt(legacy, DEFAULT_POLICY)).toBe('2026-06-30T00:00:00.000Z');
  });
});

describe('destroying a case whose retention ended (crypto-shredding)', () => {
  it('records CaseDataShredded once the retention has ended, not a moment before', () => {
    const c = closedCase();
    const ends = addMonths(CLOSED, 60);
    expect(rejectionOf(c, { type: 'shredData' }, SYSTEM, new Date(Date.parse(ends) - 1).toISOString())).toEqual({
      rejected: 'RETENTION_NOT_ENDED',
      endsAt: ends,
    });
    const shredded = act(c, { type: 'shredData' }, SYSTEM, ends);
    expect(shredded.events.at(-1)).toMatchObject({
      type: 'CaseDataShredded',
      actor: 'system',
      data: { closedAt: CLOSED, retentionYears: 5, basis: 'law' },
    });
    expect(shredded.state.shreddedAt).toBe(ends);
  });

  it('is done by the system only', () => {
    const c = closedCase();
    expect(rejectionOf(c, { type: 'shredData' }, admin(COUNTY), addMonths(CLOSED, 61))).toEqual({ rejected: 'FORBIDDEN', action: 'shredData' });
  });

  it('takes no command once the data is destroyed, not even a reopen or a legal hold', () => {
    const shredded = act(closedCase(), { type: 'shredData' }, SYSTEM, addMonths(CLOSED, 61));
    const later = addMonths(CLOSED, 62);
    expect(rejectionOf(shredded, { type: 'reopen', reason: '再次申请' }, caseworker(COUNTY), later)).toEqual({ rejected: 'DATA_SHREDDED' });
    expect(rejectionOf(shredded, { type: 'placeLegalHold', reason: '诉讼' }, admin(COUNTY), later)).toEqual({ rejected: 'DATA_SHREDDED' });
    expect(rejectionOf(shredded, { type: 'shredData' }, SYSTEM, later)).toEqual({ rejected: 'DATA_SHREDDED' });
  });
});

describe('legal hold', () => {
  it('stops destruction until an admin releases it, each with a reason', () => {
    const c = closedCase();
    const held = act(c, { type: 'placeLegalHold', reason: '行政诉讼待决' }, admin(COUNTY), '2027-01-01T00:00:00Z');
    expect(held.state.legalHold).toEqual({ placedBy: 'admin', placedAt: '2027-01-01T00:00:00Z', reason: '行政诉讼待决' });
    const after = addMonths(CLOSED, 61);
    expect(rejectionOf(held, { type: 'shredData' }, SYSTEM, after)).toEqual({ rejected: 'LEGAL_HOLD' });
    expect(rejectionOf(held, { type: 'placeLegalHold', reason: '再次' }, admin(COUNTY), after)).toEqual({ rejected: 'LEGAL_HOLD_IN_PLACE' });
    const released = act(held, { type: 'releaseLegalHold', reason: '诉讼已结' }, admin(COUNTY), after);
    expect(released.state.legalHold).toBeNull();
    expect(act(released, { type: 'shredData' }, SYSTEM, after).state.shreddedAt).toBe(after);
  });

  it('needs a reason, an admin, and a case in the admin’s scope', () => {
    const c = closedCase();
    const at = '2027-01-01T00:00:00Z';
    expect(rejectionOf(c, { type: 'placeLegalHold', reason: '  ' }, admin(COUNTY), at)).toMatchObject({ rejected: 'INVALID_INPUT', field: 'reason' });
    expect(rejectionOf(c, { type: 'placeLegalHold', reason: '诉讼' }, caseworker(COUNTY), at)).toEqual({
      rejected: 'FORBIDDEN',
      action: 'placeLegalHold',
    });
    expect(rejectionOf(c, { type: 'placeLegalHold', reason: '诉讼' }, admin(OTHER_COUNTY), at)).toEqual({ rejected: 'NOT_FOUND' });
    expect(rejectionOf(c, { type: 'releaseLegalHold', reason: '无' }, admin(COUNTY), at)).toEqual({ rejected: 'NO_LEGAL_HOLD' });
  });

  it('may be placed while the case is still being worked', () => {
    const c = openCase({ division: COUNTY, at: OPENED });
    expect(act(c, { type: 'placeLegalHold', reason: '调查' }, admin(COUNTY), OPENED).state.legalHold?.reason).toBe('调查');
  });
});

describe('the workflow of a closed case', () => {
  it('completes 90 days after closure by default (DEFAULT reopen window), or after the window the policy gives', () => {
    const c = closedCase();
    expect(workflowEndsAt(c.state, DEFAULT_POLICY)).toBe('2026-06-08T09:00:00.000Z');
    const weekly: Policy = { ...DEFAULT_POLICY, reopenWindow: { amount: 7, unit: 'days' } };
    expect(workflowEndsAt(c.state, weekly)).toBe('2026-03-17T09:00:00.000Z');
    expect(workflowEndsAt(openCase().state, DEFAULT_POLICY)).toBeNull();
  });
});
