import {
  ancestorsOf,
  childPrefixLength,
  caseAccess,
  chainOf,
  chainUnitAt,
  countyOf,
  isDivisionCode,
  isInScope,
  isOnChain,
  isWithin,
  levelOf,
  openAccess,
  parentOf,
  returnTargetOf,
  significantPrefix,
} from '../../src/domain';
import type { CaseAccessView } from '../../src/domain';
import {
  act,
  caseworker,
  CITY,
  COUNTY,
  MONDAY,
  openCase,
  OTHER_TOWNSHIP,
  PROVINCE,
  rejectionOf,
  supervisor,
  SYSTEM,
  TOWNSHIP,
  VILLAGE,
} from '../support/builders';

// The five administrative levels as 12-digit codes (SPEC §2), the chain a case travels, and who may
// act on a case from where.

describe('division codes', () => {
  it('accepts twelve digits that do not start with 00', () => {
    expect(isDivisionCode(VILLAGE)).toBe(true);
    expect(isDivisionCode('110000000000')).toBe(true);
    expect(isDivisionCode('000000000000')).toBe(false);
    expect(isDivisionCode('001100000000')).toBe(false);
    expect(isDivisionCode('33010600100')).toBe(false);
    expect(isDivisionCode('3301060010011')).toBe(false);
    expect(isDivisionCode('33010600100a')).toBe(false);
    expect(isDivisionCode(` ${VILLAGE}`.slice(0, 12))).toBe(false);
  });

  it('reads the level from the lowest non-zero segment', () => {
    expect([PROVINCE, CITY, COUNTY, TOWNSHIP, VILLAGE].map(levelOf)).toEqual(['province', 'city', 'county', 'township', 'village']);
    // A city code with a zero county segment but a township segment is still a township.
    expect(levelOf('330100001000')).toBe('township');
    expect(levelOf('330000000001')).toBe('village');
  });

  it('walks up one level at a time to the province, and no further', () => {
    expect(parentOf(VILLAGE)).toBe(TOWNSHIP);
    expect(parentOf(TOWNSHIP)).toBe(COUNTY);
    expect(parentOf(COUNTY)).toBe(CITY);
    expect(parentOf(CITY)).toBe(PROVINCE);
    expect(parentOf(PROVINCE)).toBeNull();
    expect(ancestorsOf(VILLAGE)).toEqual([TOWNSHIP, COUNTY, CITY, PROVINCE]);
    expect(ancestorsOf(PROVINCE)).toEqual([]);
  });

  it('names the significant prefix of each level and the county a unit belongs to', () => {
    expect([PROVINCE, CITY, COUNTY, TOWNSHIP, VILLAGE].map(significantPrefix)).toEqual(['33', '3301', '330106', '330106002', VILLAGE]);
    expect(countyOf(VILLAGE)).toBe(COUNTY);
    expect(countyOf(TOWNSHIP)).toBe(COUNTY);
    expect(countyOf(COUNTY)).toBe(COUNTY);
    expect(countyOf(CITY)).toBeNull();
    expect(countyOf(PROVINCE)).toBeNull();
  });

  it('sees a unit inside its own subtree and its ancestors’, not a sibling’s', () => {
    expect(isWithin(TOWNSHIP, VILLAGE)).toBe(true);
    expect(isWithin(TOWNSHIP, TOWNSHIP)).toBe(true);
    expect(isWithin(PROVINCE, VILLAGE)).toBe(true);
    expect(isWithin(OTHER_TOWNSHIP, VILLAGE)).toBe(false);
    expect(isWithin(VILLAGE, TOWNSHIP)).toBe(false);
  });
});

describe('the chain a case travels', () => {
  it('runs from the base up to the province', () => {
    expect(chainOf(TOWNSHIP)).toEqual([TOWNSHIP, COUNTY, CITY, PROVINCE]);
    expect(isOnChain(VILLAGE, CITY)).toBe(true);
    expect(isOnChain(VILLAGE, OTHER_TOWNSHIP)).toBe(false);
  });

  it('returns one step toward the base, and not below it or off the chain', () => {
    expect(returnTargetOf(VILLAGE, COUNTY)).toBe(TOWNSHIP);
    expect(returnTargetOf(VILLAGE, TOWNSHIP)).toBe(VILLAGE);
    expect(returnTargetOf(VILLAGE, VILLAGE)).toBeNull();
    expect(returnTargetOf(VILLAGE, OTHER_TOWNSHIP)).toBeNull();
  });

  it('finds the chain’s unit at a level, or none when the chain starts above it', () => {
    expect(chainUnitAt(VILLAGE, 'county')).toBe(COUNTY);
    expect(chainUnitAt(VILLAGE, 'village')).toBe(VILLAGE);
    expect(chainUnitAt(CITY, 'county')).toBeNull();
  });
});

describe('who may act on a case', () => {
  const view: CaseAccessView = { origin: VILLAGE, holder: TOWNSHIP, pendingEscalation: null, pendingTransfer: null };

  it('sees a case from the origin, the holder, or the unit a transfer waits on', () => {
    expect(isInScope(caseworker(VILLAGE), view)).toBe(true);
    expect(isInScope(caseworker(COUNTY), view)).toBe(true);
    expect(isInScope(caseworker(OTHER_TOWNSHIP), view)).toBe(false);
    expect(isInScope(caseworker(OTHER_TOWNSHIP), { ...view, pendingTransfer: { to: OTHER_TOWNSHIP } })).toBe(true);
  });

  it('lets any reader in scope read, and only auditors verify', () => {
    expect(caseAccess(caseworker(VILLAGE), 'read', view)).toBe('allowed');
    expect(caseAccess(supervisor(CITY), 'read', view)).toBe('allowed');
    expect(caseAccess({ id: 'a', roles: ['auditor'], division: PROVINCE }, 'verify', view)).toBe('allowed');
    expect(caseAccess(supervisor(PROVINCE), 'verify', view)).toBe('forbidden');
    expect(caseAccess(SYSTEM, 'read', view)).toBe('forbidden');
  });

  it('gives an escalation with no request pending to the holder’s parent, and at province to nobody', () => {
    expect(caseAccess(supervisor(COUNTY), 'approveEscalation', view)).toBe('allowed');
    expect(caseAccess(supervisor(CITY), 'approveEscalation', view)).toBe('forbidden');
    const atProvince = { ...view, holder: PROVINCE };
    expect(caseAccess(supervisor(PROVINCE), 'approveEscalation', atProvince)).toBe('forbidden');
    expect(caseAccess(supervisor(CITY), 'approveEscalation', { ...view, pendingEscalation: { to: CITY } })).toBe('allowed');
  });

  it('gives a transfer to nobody when none is pending', () => {
    expect(caseAccess(supervisor(TOWNSHIP), 'acceptTransfer', view)).toBe('forbidden');
    expect(caseAccess(supervisor(OTHER_TOWNSHIP), 'acceptTransfer', { ...view, pendingTransfer: { to: OTHER_TOWNSHIP } })).toBe('allowed');
  });

  it('lets only a caseworker open, and only in their own unit', () => {
    expect(openAccess(caseworker(VILLAGE), VILLAGE)).toBe('allowed');
    expect(openAccess(supervisor(VILLAGE), VILLAGE)).toBe('forbidden');
    expect(openAccess(caseworker(TOWNSHIP), VILLAGE)).toBe('forbidden');
  });

  it('answers INVALID_STATUS, not FORBIDDEN, when the parent’s supervisor approves with nothing pending', () => {
    const c = openCase({ division: TOWNSHIP });
    expect(rejectionOf(c, { type: 'approveEscalation', requestId: 'r1' }, supervisor(COUNTY), MONDAY)).toEqual({
      rejected: 'INVALID_STATUS',
      status: 'open',
      command: 'approveEscalation',
    });
  });

  it('lets a caseworker or a supervisor of the holder reopen a closed case, and nobody else', () => {
    let c = openCase({ kind: 'temporary_aid', division: TOWNSHIP });
    c = act(c, { type: 'decide', outcome: 'denied', benefit: null, monthlyAmount: null, reason: 'no' }, supervisor(TOWNSHIP), MONDAY);
    c = act(c, { type: 'requestClosure', requestId: 'c1', reason: 'denied' }, caseworker(TOWNSHIP), MONDAY);
    expect(c.state.status).toBe('closed');
    expect(rejectionOf(c, { type: 'reopen', reason: 'x' }, supervisor(COUNTY), MONDAY)).toEqual({ rejected: 'FORBIDDEN', action: 'reopen' });
    expect(rejectionOf(c, { type: 'deadlinePassed' }, caseworker(TOWNSHIP), MONDAY)).toEqual({ rejected: 'FORBIDDEN', action: 'deadlinePassed' });
    expect(rejectionOf(c, { type: 'deadlinePassed' }, SYSTEM, MONDAY)).toEqual({ rejected: 'CASE_CLOSED' });
    expect(act(c, { type: 'reopen', reason: 'appeal' }, caseworker(TOWNSHIP), MONDAY).state.status).toBe('open');
  });
});

describe('the level below a unit (dashboard rows)', () => {
  it('counts the significant digits of the child units, a village being its own row', () => {
    expect(['330000000000', '330100000000', '330106000000', '330106002000', '330106002051'].map(childPrefixLength)).toEqual([4, 6, 9, 12, 12]);
  });
});
