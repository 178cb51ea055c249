import { decisionLevels, DEFAULT_POLICY, dibaoLineFor } from '../../src/domain';
import type { Policy } from '../../src/domain';
import {
  act,
  caseworker,
  COUNTY,
  escalateByApproval,
  HUBEI_TOWNSHIP,
  MONDAY,
  openCase,
  rejectionOf,
  supervisor,
  TOWNSHIP,
  VILLAGE,
  TOWNSHIP_SUBSIDY,
} from '../support/builders';

// Which level decides (SPEC §5): the policy's decision rule per kind, the local dibao line that
// sets the temporary-aid threshold, and the amount the threshold is compared with.

const decision = (monthlyAmount: number | null) => ({
  type: 'decide' as const,
  outcome: 'approved' as const,
  benefit: 'cash',
  monthlyAmount,
  reason: 'fire destroyed the home',
});
const assessed = (monthlyAmount: number) => ({ type: 'assess' as const, risk: null, findings: 'need', householdSize: 3, monthlyAmount });

/** The default policy with other monthly dibao lines. */
const withLines = (byDivision: Record<string, number>, defaultMonthly = 800): Policy => ({
  ...DEFAULT_POLICY,
  dibaoLine: { defaultMonthly, byDivision },
});

describe('the local dibao line', () => {
  it('takes the most specific entry for a division, whatever order the entries are listed in', () => {
    const policy = withLines({ '330100000000': 1300, '330000000000': 1100, '330106000000': 1500, '420000000000': 900 });
    // 西湖区 has its own line; the rest of 杭州 the city's; the rest of 浙江 the province's.
    expect(dibaoLineFor(policy, TOWNSHIP)).toBe(1500);
    expect(dibaoLineFor(policy, COUNTY)).toBe(1500);
    expect(dibaoLineFor(policy, '330105001000')).toBe(1300);
    expect(dibaoLineFor(policy, '330200000000')).toBe(1100);
    expect(dibaoLineFor(policy, HUBEI_TOWNSHIP)).toBe(900);
  });

  it('lets a county entry win over the province-wide one listed after it', () => {
    const policy = withLines({ '330106000000': 1500, '330000000000': 1100 });
    expect(dibaoLineFor(policy, VILLAGE)).toBe(1500);
    expect(dibaoLineFor(policy, '330105001000')).toBe(1100);
  });

  it('falls back to the default line outside every listed division', () => {
    expect(dibaoLineFor(withLines({ '330000000000': 1100 }, 750), '110101001000')).toBe(750);
    expect(dibaoLineFor(withLines({}, 750), TOWNSHIP)).toBe(750);
    // A city entry does not reach a neighbouring city of the same province.
    expect(dibaoLineFor(withLines({ '330100000000': 1300 }, 750), '330200000000')).toBe(750);
  });
});

describe('who decides temporary aid (临时救助)', () => {
  it('puts the threshold at 3 × the most specific local line', () => {
    const policy = withLines({ '330000000000': 1100, '330106000000': 1500 });
    // 西湖区: 3 × 1500 = 4500 is still the township's.
    expect(decisionLevels(policy, 'temporary_aid', TOWNSHIP, 4500)).toEqual(['township', 'county']);
    expect(decisionLevels(policy, 'temporary_aid', TOWNSHIP, 4501)).toEqual(['county']);
    // Elsewhere in 浙江: 3 × 1100 = 3300.
    expect(decisionLevels(policy, 'temporary_aid', '330105001000', 3301)).toEqual(['county']);
    expect(decisionLevels(policy, 'temporary_aid', '330105001000', 3300)).toEqual(['township', 'county']);
    // No amount at stake: the township may decide.
    expect(decisionLevels(policy, 'temporary_aid', TOWNSHIP, null)).toEqual(['township', 'county']);
  });

  it('uses the assessed amount when the decision names none', () => {
    const c = act(openCase({ kind: 'temporary_aid', division: TOWNSHIP }), assessed(5000), caseworker(TOWNSHIP), MONDAY);
    expect(rejectionOf(c, decision(null), supervisor(TOWNSHIP), MONDAY)).toEqual({ rejected: 'NOT_AUTHORIZED_LEVEL', decidesAt: 'county' });
    // The decision's own amount, when given, is the sum at stake.
    const decided = act(c, decision(1000), supervisor(TOWNSHIP), MONDAY);
    expect(decided.events.at(-1)).toMatchObject({ type: 'DecisionRecorded', data: { level: 'township', monthlyAmount: 1000 } });
  });

  it('lets the township decide without an amount when the assessed amount is within its limit, keeping the assessed figure', () => {
    const c = act(openCase({ kind: 'temporary_aid', division: TOWNSHIP }), assessed(3300), caseworker(TOWNSHIP), MONDAY);
    const decided = act(c, decision(null), supervisor(TOWNSHIP), MONDAY);
    expect(decided.events.at(-1)).toMatchObject({
      type: 'DecisionRecorded',
      data: { outcome: 'approved', monthlyAmount: null, level: 'township', supportOngoing: false, reviewDueAt: null },
    });
    expect(decided.state).toMatchObject({ status: 'decided', monthlyAmount: 3300, decision: { monthlyAmount: null, level: 'township' } });
  });

  it('sends a large sum from a Hubei township (line 800) to the county above 2,400', () => {
    const c = openCase({ kind: 'temporary_aid', division: HUBEI_TOWNSHIP });
    expect(rejectionOf(c, decision(2401), supervisor(HUBEI_TOWNSHIP), MONDAY)).toEqual({ rejected: 'NOT_AUTHORIZED_LEVEL', decidesAt: 'county' });
    expect(act(c, decision(2400), supervisor(HUBEI_TOWNSHIP), MONDAY).state.status).toBe('decided');
  });
});

describe('recording a decision', () => {
  it('refuses a negative or non-finite amount', () => {
    const c = openCase({ kind: 'temporary_aid', division: TOWNSHIP });
    for (const amount of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(rejectionOf(c, decision(amount), supervisor(TOWNSHIP), MONDAY)).toEqual({
        rejected: 'INVALID_INPUT',
        field: 'monthlyAmount',
        message: 'must be a number ≥ 0',
      });
    }
    expect(act(c, decision(0), supervisor(TOWNSHIP), MONDAY).state.decision).toMatchObject({ monthlyAmount: 0 });
  });

  it('records an approved ongoing decision with its monitoring step and first review date', () => {
    const c = act(
      openCase({ kind: 'disability_subsidy', division: TOWNSHIP, policy: TOWNSHIP_SUBSIDY }),
      decision(200),
      supervisor(TOWNSHIP),
      MONDAY,
    );
    expect(c.events.at(-1)).toEqual({
      type: 'DecisionRecorded',
      at: MONDAY,
      actor: `sv-${TOWNSHIP}`,
      data: {
        outcome: 'approved',
        benefit: 'cash',
        monthlyAmount: 200,
        reason: 'fire destroyed the home',
        level: 'township',
        supportOngoing: true,
        step: { name: 'monitoring', startedAt: MONDAY, dueAt: null },
        reviewDueAt: '2027-03-02T01:00:00.000Z',
      },
    });
    expect(c.state).toMatchObject({
      status: 'monitoring',
      monthlyAmount: 200,
      decision: { outcome: 'approved', benefit: 'cash', monthlyAmount: 200, level: 'township', decidedBy: `sv-${TOWNSHIP}`, decidedAt: MONDAY },
    });
  });

  it('records a denial as decided, without ongoing support or review', () => {
    const c = act(
      openCase({ kind: 'disability_subsidy', division: TOWNSHIP, policy: TOWNSHIP_SUBSIDY }),
      { ...decision(null), outcome: 'denied' },
      supervisor(TOWNSHIP),
      MONDAY,
    );
    expect(c.events.at(-1)).toMatchObject({
      data: { outcome: 'denied', supportOngoing: false, step: { name: 'decided', startedAt: MONDAY, dueAt: null }, reviewDueAt: null },
    });
    expect(c.state).toMatchObject({ status: 'decided', reviewDueAt: null, step: { name: 'decided' } });
  });

  it('names the nearest deciding level above the holder, else the first level the policy lists', () => {
    // Disability subsidies are the township's: at the county the rejection names the township.
    let c = escalateByApproval(openCase({ kind: 'disability_subsidy', division: TOWNSHIP, policy: TOWNSHIP_SUBSIDY }), MONDAY);
    expect(rejectionOf(c, decision(null), supervisor(COUNTY), MONDAY)).toEqual({ rejected: 'NOT_AUTHORIZED_LEVEL', decidesAt: 'township' });
    // A policy where the village or the county decides: the township is sent up, not down.
    const villageOrCounty: Policy = {
      ...DEFAULT_POLICY,
      kinds: { ...DEFAULT_POLICY.kinds, tekun: { ...DEFAULT_POLICY.kinds.tekun, decision: { by: 'levels', levels: ['village', 'county'] } } },
    };
    c = openCase({ kind: 'tekun', division: TOWNSHIP, policy: villageOrCounty });
    expect(rejectionOf(c, decision(null), supervisor(TOWNSHIP), MONDAY)).toEqual({ rejected: 'NOT_AUTHORIZED_LEVEL', decidesAt: 'county' });
    // Mandatory reports: the township or the county; from the village the township is nearest.
    c = openCase({ kind: 'mandatory_report', division: VILLAGE, risk: 'low' });
    expect(rejectionOf(c, decision(null), supervisor(VILLAGE), MONDAY)).toEqual({ rejected: 'NOT_AUTHORIZED_LEVEL', decidesAt: 'township' });
  });

  it('gives dibao to the county, or to the township where the province delegated confirmation', () => {
    expect(decisionLevels(DEFAULT_POLICY, 'dibao', TOWNSHIP, null)).toEqual(['county']);
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
    expect(decisionLevels(delegated, 'dibao', TOWNSHIP, null)).toEqual(['township']);
    // Delegated: the county no longer confirms.
    const atCounty = escalateByApproval(openCase({ division: TOWNSHIP, policy: delegated }), MONDAY);
    expect(rejectionOf(atCounty, decision(600), supervisor(COUNTY), MONDAY)).toEqual({ rejected: 'NOT_AUTHORIZED_LEVEL', decidesAt: 'township' });
  });
});
