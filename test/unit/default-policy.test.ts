import type { CaseKind, Level } from '../../src/domain';
import { DEFAULT_POLICY, validatePolicy } from '../../src/domain';
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
  supervisor,
  tick,
  TOWNSHIP,
  VILLAGE,
} from '../support/builders';

// The shipped policy row by row (shared/policy-rules.md): the working step of each kind at each
// level with its deadline from Monday 2 March 2026 09:00, who decides, whether support runs on,
// how often it is reviewed and whether closing needs a second signature.

const UNIT: Record<Level, string> = { village: VILLAGE, township: TOWNSHIP, county: COUNTY, city: CITY, province: PROVINCE };

const H24 = '2026-03-03T01:00:00.000Z';
const WD5 = '2026-03-09T16:00:00.000Z';
const WD15 = '2026-03-23T16:00:00.000Z';
const WD3 = '2026-03-05T16:00:00.000Z';
const WD10 = '2026-03-16T16:00:00.000Z';
const M3 = '2026-06-02T01:00:00.000Z';

const STEPS: [CaseKind, Level, string, string][] = [
  ['dibao', 'village', 'application_intake', WD5],
  // 最低生活保障审核确认办法 第十五条 (start within 3 wd), 第二十条 (county 10 wd inside the 30-wd whole).
  ['dibao', 'township', 'investigation_start', WD3],
  ['dibao', 'county', 'confirmation', WD10],
  ['dibao', 'city', 'supervision', WD15],
  ['tekun', 'village', 'application_intake', WD5],
  ['tekun', 'township', 'initial_review', WD15],
  ['tekun', 'county', 'confirmation', WD15],
  ['temporary_aid', 'village', 'application_intake', H24],
  ['temporary_aid', 'township', 'aid_first', H24],
  ['temporary_aid', 'county', 'decision', WD5],
  // 两项补贴 (国发〔2015〕52号): township accepts and reviews, county 残联 grades, county 民政 decides.
  ['disability_subsidy', 'village', 'application_intake', WD5],
  ['disability_subsidy', 'township', 'acceptance_and_review', WD15],
  ['disability_subsidy', 'county', 'disability_grade_review', WD10],
  ['disability_subsidy', 'city', 'supervision', WD15],
  ['mandatory_report', 'village', 'first_visit', H24],
  ['mandatory_report', 'township', 'first_visit', H24],
  ['mandatory_report', 'county', 'assistance_plan', WD5],
  ['orphan', 'village', 'application_intake', WD5],
  // 孤儿: local practice (national text not found): 10 + 10 working days.
  ['orphan', 'township', 'application_review', WD10],
  ['orphan', 'county', 'confirmation', WD10],
  ['de_facto_unsupported', 'village', 'application_intake', WD5],
  ['de_facto_unsupported', 'township', 'application_review', WD15],
  ['de_facto_unsupported', 'county', 'confirmation', WD15],
  ['left_behind', 'village', 'follow_up_visit', M3],
  ['left_behind', 'township', 'assistance_plan', WD5],
  ['left_behind', 'county', 'supervision', WD15],
  ['guardianship_gap', 'village', 'first_visit', H24],
  ['guardianship_gap', 'township', 'verification', WD5],
  ['guardianship_gap', 'county', 'guardianship_arrangement', WD15],
  ['guardianship_gap', 'province', 'supervision', WD15],
];

/** [kind, the level that decides, review interval end (null: none), the review step it opens and its deadline] */
const SUPPORT: [CaseKind, Level, string | null, string | null, string | null][] = [
  ['dibao', 'county', '2027-03-02T01:00:00.000Z', 'review', '2027-03-16T16:00:00.000Z'],
  ['tekun', 'county', '2027-03-02T01:00:00.000Z', 'review', '2027-03-16T16:00:00.000Z'],
  ['temporary_aid', 'township', null, null, null],
  ['disability_subsidy', 'county', '2027-03-02T01:00:00.000Z', 'review', '2027-03-16T16:00:00.000Z'],
  ['mandatory_report', 'township', M3, 'follow_up_visit', '2026-06-09T16:00:00.000Z'],
  ['orphan', 'county', '2027-03-02T01:00:00.000Z', 'review', '2027-03-16T16:00:00.000Z'],
  ['de_facto_unsupported', 'county', '2027-03-02T01:00:00.000Z', 'review', '2027-03-16T16:00:00.000Z'],
  ['left_behind', 'township', M3, 'follow_up_visit', '2026-06-09T16:00:00.000Z'],
  ['guardianship_gap', 'county', M3, 'follow_up_visit', '2026-06-09T16:00:00.000Z'],
];

describe('the default policy', () => {
  it('is a valid policy document', () => {
    expect(validatePolicy(DEFAULT_POLICY).ok).toBe(true);
  });

  it.each(STEPS)('gives %s at the %s the step %s, due %s', (kind, level, name, dueAt) => {
    const c = openCase({ kind, division: UNIT[level] });
    expect(c.state.step).toEqual({ name, startedAt: MONDAY, dueAt });
  });

  it.each(SUPPORT)('has %s decided at the %s, reviewed until %s, then %s due %s', (kind, level, reviewDueAt, reviewStep, reviewStepDue) => {
    // 低保 and 特困 are approved only after their 公示: it ran the week before.
    let c = openCaseReadyAtMonday({ kind, division: UNIT[level] });
    c = act(c, { type: 'decide', outcome: 'approved', benefit: 'x', monthlyAmount: null, reason: 'ok' }, supervisor(UNIT[level]), MONDAY);
    expect(c.state).toMatchObject({ status: reviewDueAt === null ? 'decided' : 'monitoring', reviewDueAt });
    if (reviewDueAt !== null) {
      c = tick(c, reviewDueAt);
      expect(c.state.step).toEqual({ name: reviewStep, startedAt: reviewDueAt, dueAt: reviewStepDue });
    }
  });

  it.each(SUPPORT)('asks a second signature to close %s unless it is one-off aid', (kind, level) => {
    let c = openCase({ kind, division: UNIT[level] });
    c = act(c, { type: 'decide', outcome: 'denied', benefit: null, monthlyAmount: null, reason: 'no' }, supervisor(UNIT[level]), MONDAY);
    c = act(c, { type: 'requestClosure', requestId: 'c1', reason: 'denied' }, caseworker(UNIT[level]), MONDAY);
    expect(c.state.status).toBe(kind === 'temporary_aid' ? 'closed' : 'decided');
    expect(c.events.at(-1)?.type).toBe(kind === 'temporary_aid' ? 'CaseClosed' : 'ClosureRequested');
  });

  it('counts a visit as the periodic follow-up of a child, but only a review for a hardship household', () => {
    for (const [kind, level, counts] of [
      ['left_behind', 'township', true],
      ['guardianship_gap', 'county', true],
      ['mandatory_report', 'township', true],
      ['tekun', 'county', false],
      ['orphan', 'county', false],
    ] as const) {
      let c = openCaseReadyAtMonday({ kind, division: UNIT[level] });
      c = act(c, { type: 'decide', outcome: 'approved', benefit: 'x', monthlyAmount: null, reason: 'ok' }, supervisor(UNIT[level]), MONDAY);
      const before = c.state.reviewDueAt;
      c = act(c, { type: 'followUp', kind: 'visit', notes: 'visited' }, caseworker(UNIT[level]), '2026-04-01T09:00:00+08:00');
      expect(c.state.reviewDueAt === before).toBe(!counts);
    }
  });

  it('国发〔2015〕52号: 两项补贴 is accepted and reviewed at the township, graded by the county 残联 and decided by county 民政, never by the township', () => {
    const approve = { type: 'decide' as const, outcome: 'approved' as const, benefit: '困难残疾人生活补贴', monthlyAmount: 100, reason: '符合条件' };
    let c = openCase({ kind: 'disability_subsidy', division: TOWNSHIP });
    expect(rejectionOf(c, approve, supervisor(TOWNSHIP), MONDAY)).toEqual({ rejected: 'NOT_AUTHORIZED_LEVEL', decidesAt: 'county' });
    c = escalateByApproval(c, MONDAY);
    expect(c.state.step).toEqual({ name: 'disability_grade_review', startedAt: MONDAY, dueAt: WD10 });
    // The county's first assessment records the 残联's grade; 民政's decision step follows (DEFAULT 10 wd).
    const graded = '2026-03-04T09:00:00+08:00';
    c = act(c, { type: 'assess', risk: null, findings: '残联审核：二级肢体残疾', householdSize: 1, monthlyAmount: 100 }, caseworker(COUNTY), graded);
    expect(c.state.step).toEqual({ name: 'decision', startedAt: graded, dueAt: '2026-03-18T16:00:00.000Z' });
    c = act(c, approve, supervisor(COUNTY), graded);
    expect(c.state).toMatchObject({ status: 'monitoring', decision: { level: 'county', decidedBy: `sv-${COUNTY}` } });
  });

  it('shows full ID numbers to caseworkers only', () => {
    expect(DEFAULT_POLICY.disclosure).toEqual({ fullIdNumberTo: ['caseworker'] });
  });
});
