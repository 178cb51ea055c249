import { DEFAULT_POLICY, disclosureTo, isRejectionCode, isYuan, MAX_YUAN, roleMayAttempt, ROUTE_ROLES } from '../../src/domain';
import { admin, auditor, caseworker, COUNTY, OTHER_TOWNSHIP, supervisor, TOWNSHIP, VILLAGE } from '../support/builders';

describe('money is yuan with at most two decimals', () => {
  it.each([0, 0.01, 0.29, 12.34, 1100, MAX_YUAN])('accepts %p', (v) => expect(isYuan(v)).toBe(true));
  it.each([-0.01, 1e-7, 0.001, 12.345, MAX_YUAN + 0.01, Number.NaN, Number.POSITIVE_INFINITY, '12', null])('refuses %p', (v) =>
    expect(isYuan(v)).toBe(false),
  );
});

describe('who sees personal data unmasked (PIPL art. 28, 未成年人保护法 art. 4 and 72: need to know)', () => {
  const held = { holder: TOWNSHIP };
  const all = { name: true, birthDate: true, idNumber: true, narrative: true };
  const none = { name: false, birthDate: false, idNumber: false, narrative: false };

  it("shows the holder unit's caseworkers and supervisors who the person is and what was written, full ID numbers to the roles the policy names", () => {
    expect(disclosureTo(caseworker(TOWNSHIP), DEFAULT_POLICY, held)).toEqual(all);
    expect(disclosureTo(supervisor(TOWNSHIP), DEFAULT_POLICY, held)).toEqual({ ...all, idNumber: false });
    expect(disclosureTo(supervisor(TOWNSHIP), { disclosure: { fullIdNumberTo: ['supervisor'] } }, held).idNumber).toBe(true);
    expect(disclosureTo(caseworker(TOWNSHIP), { disclosure: { fullIdNumberTo: [] } }, held).idNumber).toBe(false);
    expect(disclosureTo(caseworker(TOWNSHIP), {}, held).idNumber).toBe(false);
  });

  it('masks everything for other units in scope (a county reading a township case, the village that opened it) and for auditors', () => {
    expect(disclosureTo(caseworker(COUNTY), DEFAULT_POLICY, held)).toEqual(none);
    expect(disclosureTo(supervisor(COUNTY), DEFAULT_POLICY, held)).toEqual(none);
    expect(disclosureTo(caseworker(VILLAGE), DEFAULT_POLICY, held)).toEqual(none);
    expect(disclosureTo(auditor(TOWNSHIP), DEFAULT_POLICY, held)).toEqual(none);
    expect(disclosureTo(admin(TOWNSHIP), DEFAULT_POLICY, held)).toEqual(none);
  });

  it('shows the supervisor who decides a request waiting on their unit what the request is about, not their caseworkers', () => {
    const asked = { holder: TOWNSHIP, pendingEscalation: { to: COUNTY }, pendingTransfer: null };
    expect(disclosureTo(supervisor(COUNTY), DEFAULT_POLICY, asked)).toEqual({ ...all, idNumber: false });
    expect(disclosureTo(caseworker(COUNTY), DEFAULT_POLICY, asked)).toEqual(none);
    const moving = { holder: TOWNSHIP, pendingEscalation: null, pendingTransfer: { to: OTHER_TOWNSHIP } };
    expect(disclosureTo(supervisor(OTHER_TOWNSHIP), DEFAULT_POLICY, moving).narrative).toBe(true);
  });

  it('unmasks everything on a break-glass read by any reader, but never for an admin', () => {
    expect(disclosureTo(auditor(COUNTY), DEFAULT_POLICY, held, { breakGlass: true })).toEqual(all);
    expect(disclosureTo(caseworker(COUNTY), { disclosure: { fullIdNumberTo: [] } }, held, { breakGlass: true })).toEqual(all);
    expect(disclosureTo(admin(TOWNSHIP), DEFAULT_POLICY, held, { breakGlass: true })).toEqual(none);
  });
});

describe('which roles may call a route at all (SPEC §1)', () => {
  it('derives the case routes from the case rules and keeps admins out of case content', () => {
    expect(ROUTE_ROLES['case.open']).toEqual(['caseworker']);
    expect([...ROUTE_ROLES['case.read']].sort()).toEqual(['auditor', 'caseworker', 'supervisor']);
    expect(ROUTE_ROLES['case.verify']).toEqual(['auditor']);
    expect([...ROUTE_ROLES['case.act']].sort()).toEqual(['caseworker', 'supervisor']);
    expect(ROUTE_ROLES['approval.read']).toEqual(['supervisor']);
    expect(ROUTE_ROLES['audit.export']).toEqual(['auditor']);
    expect(ROUTE_ROLES['access-log.read']).toEqual(['auditor']);
    expect(ROUTE_ROLES['policy.publish']).toEqual(['admin']);
    // Admins see no case content, but they place and release legal holds (issue 12).
    expect(ROUTE_ROLES['case.legal-hold']).toEqual(['admin']);
    expect([...ROUTE_ROLES['case.unmask']].sort()).toEqual(['auditor', 'caseworker', 'supervisor']);
  });

  it('lets a role attempt a route when any of its roles is listed', () => {
    expect(roleMayAttempt(['caseworker'], 'case.open')).toBe(true);
    expect(roleMayAttempt(['auditor', 'caseworker'], 'case.open')).toBe(true);
    expect(roleMayAttempt(admin(TOWNSHIP).roles, 'case.read')).toBe(false);
    expect(roleMayAttempt(['system'], 'case.act')).toBe(false);
    expect(roleMayAttempt([], 'division.read')).toBe(false);
  });
});

describe('rejections that crossed the Temporal boundary are recognised by their code', () => {
  it('knows the core codes and nothing else', () => {
    expect(isRejectionCode('SEPARATION_OF_DUTIES')).toBe(true);
    expect(isRejectionCode('NOT_DUE')).toBe(true);
    expect(isRejectionCode('VERSION_MISMATCH')).toBe(false);
    expect(isRejectionCode('toString')).toBe(false);
    expect(isRejectionCode(42)).toBe(false);
  });
});
