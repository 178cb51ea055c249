import type { CaseAccessView } from '../../src/domain';
import { caseAccess, isWithin, openAccess, subtreeRange } from '../../src/domain';
import {
  admin,
  auditor,
  caseworker,
  COUNTY,
  HUBEI_TOWNSHIP,
  OTHER_TOWNSHIP,
  OTHER_VILLAGE,
  PROVINCE,
  supervisor,
  SYSTEM,
  TOWNSHIP,
  VILLAGE,
} from '../support/builders';

const atTownship: CaseAccessView = { origin: VILLAGE, holder: TOWNSHIP, pendingEscalation: null, pendingTransfer: null };

describe('access to a case (role × action × scope)', () => {
  it('hides a case outside the principal’s subtree as if it did not exist', () => {
    expect(caseAccess(caseworker(HUBEI_TOWNSHIP), 'read', atTownship)).toBe('not_found');
    expect(caseAccess(supervisor(OTHER_TOWNSHIP), 'decide', atTownship)).toBe('not_found');
    expect(caseAccess(caseworker(OTHER_VILLAGE), 'read', atTownship)).toBe('not_found');
  });

  it('lets readers up the chain read, including the origin unit after escalation', () => {
    expect(caseAccess(auditor(PROVINCE), 'read', atTownship)).toBe('allowed');
    expect(caseAccess(caseworker(VILLAGE), 'read', atTownship)).toBe('allowed');
    expect(caseAccess(supervisor(COUNTY), 'read', atTownship)).toBe('allowed');
  });

  it('lets only the holder’s unit write', () => {
    expect(caseAccess(caseworker(TOWNSHIP), 'assess', atTownship)).toBe('allowed');
    expect(caseAccess(caseworker(VILLAGE), 'assess', atTownship)).toBe('forbidden');
    expect(caseAccess(caseworker(COUNTY), 'addNote', atTownship)).toBe('forbidden');
  });

  it('gives decisions, returns and closure approval to the holder’s supervisor, not its caseworker', () => {
    expect(caseAccess(supervisor(TOWNSHIP), 'decide', atTownship)).toBe('allowed');
    expect(caseAccess(caseworker(TOWNSHIP), 'decide', atTownship)).toBe('forbidden');
    expect(caseAccess(caseworker(TOWNSHIP), 'return', atTownship)).toBe('forbidden');
    expect(caseAccess(caseworker(TOWNSHIP), 'approveClosure', atTownship)).toBe('forbidden');
  });

  it('lets only a supervisor of the target unit decide an escalation request', () => {
    const pending = { ...atTownship, pendingEscalation: { to: COUNTY } };
    expect(caseAccess(supervisor(COUNTY), 'approveEscalation', pending)).toBe('allowed');
    expect(caseAccess(supervisor(TOWNSHIP), 'approveEscalation', pending)).toBe('forbidden');
    expect(caseAccess(supervisor(PROVINCE), 'rejectEscalation', pending)).toBe('forbidden');
    expect(caseAccess(caseworker(COUNTY), 'approveEscalation', pending)).toBe('forbidden');
  });

  it('lets the receiving unit’s supervisor see and accept a transfer', () => {
    const transferring = { ...atTownship, pendingTransfer: { to: OTHER_TOWNSHIP } };
    expect(caseAccess(supervisor(OTHER_TOWNSHIP), 'read', transferring)).toBe('allowed');
    expect(caseAccess(supervisor(OTHER_TOWNSHIP), 'acceptTransfer', transferring)).toBe('allowed');
    expect(caseAccess(supervisor(TOWNSHIP), 'acceptTransfer', transferring)).toBe('forbidden');
  });

  it('never lets auditors write, nor admins read case content', () => {
    for (const action of ['assess', 'addNote', 'decide', 'requestClosure', 'reopen'] as const) {
      expect(caseAccess(auditor(TOWNSHIP), action, atTownship)).toBe('forbidden');
    }
    expect(caseAccess(auditor(COUNTY), 'verify', atTownship)).toBe('allowed');
    expect(caseAccess(admin(PROVINCE), 'read', atTownship)).toBe('forbidden');
    expect(caseAccess(admin(HUBEI_TOWNSHIP), 'read', atTownship)).toBe('not_found');
  });

  it('lets only the system fire deadlines', () => {
    expect(caseAccess(SYSTEM, 'deadlinePassed', atTownship)).toBe('allowed');
    expect(caseAccess(supervisor(TOWNSHIP), 'deadlinePassed', atTownship)).toBe('forbidden');
  });

  it('lets a caseworker open cases only in their own unit', () => {
    expect(openAccess(caseworker(VILLAGE), VILLAGE)).toBe('allowed');
    expect(openAccess(caseworker(TOWNSHIP), VILLAGE)).toBe('forbidden');
    expect(openAccess(supervisor(VILLAGE), VILLAGE)).toBe('forbidden');
  });
});

describe('subtree ranges', () => {
  it('covers exactly the codes inside a scope, at every level', () => {
    expect(subtreeRange('330106002000')).toEqual(['330106002000', '330106002999']);
    expect(subtreeRange('330000000000')).toEqual(['330000000000', '339999999999']);
    for (const [scope, code] of [
      ['330106002000', '330106002051'],
      ['330106000000', '330106002051'],
      ['330100000000', '330106000000'],
      ['330106002051', '330106002051'],
      ['330106002000', '330106004001'],
      ['330000000000', '420102002003'],
    ] as const) {
      const [low, high] = subtreeRange(scope);
      expect(code >= low && code <= high).toBe(isWithin(scope, code));
    }
  });
});
