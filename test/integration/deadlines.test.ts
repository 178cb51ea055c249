import { addHours, addMonths } from '../../src/domain';
import { CITY, COUNTY, PROVINCE, TOWNSHIP, VILLAGE } from '../support/builders';
import { publicNoticeRunOut } from '../support/law-time';
import {
  actor,
  chinaDate,
  events,
  expectEscalationExactlyAt,
  openCaseOnWednesday,
  send,
  startDeadlineHarness,
  waitFor,
  workingDaysOracle,
  type TestCase,
} from '../support/time-skipping';

// One test per deadline of the default policy (shared/policy-rules.md), on the time-skipping
// Temporal test server: each case escalates exactly when — and only when — its deadline passes.
// Cases open on a Wednesday 09:00 China time with a public holiday on that Friday, so every
// working-day rule counts across a holiday and a weekend.

let h: Awaited<ReturnType<typeof startDeadlineHarness>>;
beforeAll(async () => (h = await startDeadlineHarness()));
afterAll(() => h.close());

const wd = (tc: TestCase, n: number, fromMs = tc.startMs) => workingDaysOracle(fromMs, n, [tc.holiday]);
const hours = (fromMs: number, n: number) => new Date(fromMs + n * 3_600_000).toISOString();

describe('hardship deadlines', () => {
  it('dibao: escalates from the village to the township when the 5-working-day intake passes (across a holiday and a weekend)', async () => {
    const tc = await openCaseOnWednesday(h, 'dibao', VILLAGE);
    const due = wd(tc, 5);
    // Wednesday → Thursday, (Friday holiday, weekend), Monday … Thursday: 24:00 of the eighth day after.
    expect(Date.parse(due) - Date.parse(`${chinaDate(tc.startMs)}T00:00:00+08:00`)).toBe(9 * 86_400_000);
    await expectEscalationExactlyAt(h, tc, due, VILLAGE, TOWNSHIP);
  });

  it('dibao: escalates from the township to the county when the investigation has not started within 3 working days (第十五条), and after the DEFAULT 20 once it has', async () => {
    const tc = await openCaseOnWednesday(h, 'dibao', TOWNSHIP);
    await expectEscalationExactlyAt(h, tc, wd(tc, 3), TOWNSHIP, COUNTY);
    const started = await openCaseOnWednesday(h, 'dibao', TOWNSHIP);
    await send(started, actor('caseworker', TOWNSHIP), { type: 'assess', risk: null, findings: '入户调查', householdSize: 2, monthlyAmount: null });
    await expectEscalationExactlyAt(h, started, wd(started, 20), TOWNSHIP, COUNTY);
  });

  it('dibao: escalates from the county to the city when its 10 working days from receipt pass before confirmation (第二十条)', async () => {
    const tc = await openCaseOnWednesday(h, 'dibao', COUNTY);
    await expectEscalationExactlyAt(h, tc, wd(tc, 10), COUNTY, CITY);
  });

  it('dibao: a recipient comes up for review after 12 months, and a county that misses the 10-working-day review escalates to the city', async () => {
    const tc = await openCaseOnWednesday(h, 'dibao', COUNTY);
    // 最低生活保障审核确认办法 第十九条: confirmed only after its 7-day 公示, let pass here.
    await publicNoticeRunOut(h, tc, actor('caseworker', COUNTY));
    const decided = await send(tc, actor('supervisor', COUNTY), {
      type: 'decide',
      outcome: 'approved',
      benefit: '低保',
      monthlyAmount: 600,
      reason: '符合条件',
    });
    expect(decided.status).toBe('monitoring');
    const reviewAt = addMonths(decided.updatedAt, 12);
    expect(decided.reviewDueAt).toBe(reviewAt);
    const before = (await events(h, tc.caseId)).length;
    await h.env.sleep(Date.parse(reviewAt) - Date.parse(decided.updatedAt) + 60_000);
    const due = await waitFor(h, tc.caseId, (s) => s.version > before);
    const reviewDue = (await events(h, tc.caseId)).slice(before);
    expect(reviewDue.map((e) => e.type)).toEqual(['ReviewDue']);
    const reviewDeadline = workingDaysOracle(Date.parse(reviewAt), 10, [tc.holiday]);
    expect(due.step).toMatchObject({ name: 'review', dueAt: reviewDeadline });
    await expectEscalationExactlyAt(h, tc, reviewDeadline, COUNTY, CITY);
  });

  it('tekun: escalates from the township to the county after 15 working days of initial review', async () => {
    const tc = await openCaseOnWednesday(h, 'tekun', TOWNSHIP);
    await expectEscalationExactlyAt(h, tc, wd(tc, 15), TOWNSHIP, COUNTY);
  });

  it('tekun: escalates from the county to the city after 15 working days of confirmation', async () => {
    const tc = await openCaseOnWednesday(h, 'tekun', COUNTY);
    await expectEscalationExactlyAt(h, tc, wd(tc, 15), COUNTY, CITY);
  });

  it('temporary_aid: the township gives aid first within 24 hours, else the case escalates to the county', async () => {
    const tc = await openCaseOnWednesday(h, 'temporary_aid', TOWNSHIP);
    await expectEscalationExactlyAt(h, tc, hours(tc.startMs, 24), TOWNSHIP, COUNTY);
  });

  it('temporary_aid: a county that does not decide within 5 working days escalates to the city', async () => {
    const tc = await openCaseOnWednesday(h, 'temporary_aid', COUNTY);
    await expectEscalationExactlyAt(h, tc, wd(tc, 5), COUNTY, CITY);
  });

  it('disability_subsidy (国发〔2015〕52号): escalates from the township to the county after 15 working days of acceptance and review, where the county 残联 grade review begins', async () => {
    const tc = await openCaseOnWednesday(h, 'disability_subsidy', TOWNSHIP);
    const atCounty = await expectEscalationExactlyAt(h, tc, wd(tc, 15), TOWNSHIP, COUNTY);
    expect(atCounty.step).toMatchObject({ name: 'disability_grade_review' });
  });
});

describe('minor-protection deadlines', () => {
  it('mandatory_report: escalates to the township when the first visit is not made within 24 hours, then to the county', async () => {
    const tc = await openCaseOnWednesday(h, 'mandatory_report', VILLAGE, 'medium');
    await expectEscalationExactlyAt(h, tc, hours(tc.startMs, 24), VILLAGE, TOWNSHIP);
    const atTownship = await waitFor(h, tc.caseId, (s) => s.holder === TOWNSHIP);
    expect(atTownship.step?.dueAt).toBeTruthy();
    await expectEscalationExactlyAt(h, tc, atTownship.step!.dueAt!, TOWNSHIP, COUNTY);
  });

  it('critical risk: goes straight to the county, then escalates to the city and the province 2 hours each without acknowledgement, and stays overdue there', async () => {
    const tc = await openCaseOnWednesday(h, 'guardianship_gap', VILLAGE, 'critical');
    const opened = await events(h, tc.caseId);
    expect(opened.map((e) => e.type)).toEqual(['CaseOpened', 'CaseEscalated']);
    expect(opened[1].data).toMatchObject({ cause: 'emergency', to: COUNTY });
    await expectEscalationExactlyAt(h, tc, hours(tc.startMs, 2), COUNTY, CITY);
    const atCity = await waitFor(h, tc.caseId, (s) => s.holder === CITY);
    await expectEscalationExactlyAt(h, tc, addHours(atCity.step!.startedAt, 2), CITY, PROVINCE);
    const atProvince = await waitFor(h, tc.caseId, (s) => s.holder === PROVINCE);
    await expectEscalationExactlyAt(h, tc, addHours(atProvince.step!.startedAt, 2), PROVINCE, null);
  });

  it('critical risk: once acknowledged, the county must act within 24 hours or the case escalates to the city', async () => {
    const tc = await openCaseOnWednesday(h, 'mandatory_report', VILLAGE, 'critical');
    const ack = await send(tc, actor('caseworker', COUNTY), {
      type: 'assess',
      risk: 'critical',
      findings: '已到场',
      householdSize: null,
      monthlyAmount: null,
    });
    expect(ack.step?.name).toBe('emergency_action');
    await expectEscalationExactlyAt(h, tc, addHours(ack.updatedAt, 24), COUNTY, CITY);
  });

  it('high risk: a township without an assistance plan after 5 working days escalates to the county', async () => {
    const tc = await openCaseOnWednesday(h, 'left_behind', TOWNSHIP, 'high');
    await expectEscalationExactlyAt(h, tc, wd(tc, 5), TOWNSHIP, COUNTY);
  });

  it.each([
    ['orphan', 10],
    ['de_facto_unsupported', 15],
  ] as const)('%s: escalates from the township to the county after %i working days of review', async (kind, days) => {
    const tc = await openCaseOnWednesday(h, kind, TOWNSHIP);
    await expectEscalationExactlyAt(h, tc, wd(tc, days), TOWNSHIP, COUNTY);
  });

  it.each([
    ['orphan', 10],
    ['de_facto_unsupported', 15],
  ] as const)('%s: escalates from the county to the city after %i working days of confirmation', async (kind, days) => {
    const tc = await openCaseOnWednesday(h, kind, COUNTY);
    await expectEscalationExactlyAt(h, tc, wd(tc, days), COUNTY, CITY);
  });

  it('left_behind: a village that misses the 3-monthly visit of a low-risk child escalates to the township', async () => {
    const tc = await openCaseOnWednesday(h, 'left_behind', VILLAGE, 'low');
    await expectEscalationExactlyAt(h, tc, addMonths(new Date(tc.startMs).toISOString(), 3), VILLAGE, TOWNSHIP);
  });

  it('left_behind: visits are monthly when the risk is medium or above', async () => {
    const tc = await openCaseOnWednesday(h, 'left_behind', VILLAGE, 'medium');
    await expectEscalationExactlyAt(h, tc, addMonths(new Date(tc.startMs).toISOString(), 1), VILLAGE, TOWNSHIP);
  });

  it('guardianship_gap: escalates from the township after 5 working days of verification, and from the county after 15 of arrangement', async () => {
    const tc = await openCaseOnWednesday(h, 'guardianship_gap', TOWNSHIP);
    await expectEscalationExactlyAt(h, tc, wd(tc, 5), TOWNSHIP, COUNTY);
    const atCounty = await waitFor(h, tc.caseId, (s) => s.holder === COUNTY);
    await expectEscalationExactlyAt(h, tc, workingDaysOracle(Date.parse(atCounty.step!.startedAt), 15, [tc.holiday]), COUNTY, CITY);
  });
});

describe('deadlines of requests', () => {
  it('an escalation request not decided within 3 working days escalates the case to the level above, the request still pending', async () => {
    const tc = await openCaseOnWednesday(h, 'dibao', VILLAGE);
    const requested = await send(tc, actor('caseworker', VILLAGE), {
      type: 'requestEscalation',
      requestId: '11111111-1111-4111-8111-111111111111',
      reason: '需乡镇审核',
    });
    expect(requested.status).toBe('awaiting_approval');
    const after = await expectEscalationExactlyAt(h, tc, wd(tc, 3), VILLAGE, TOWNSHIP);
    expect(after.pendingEscalation).toMatchObject({ requestId: '11111111-1111-4111-8111-111111111111', to: COUNTY });
  });

  it('a closure request not approved within 10 working days escalates the case one level', async () => {
    // 留守儿童 care: decided at the township, closed with a supervisor's approval.
    const tc = await openCaseOnWednesday(h, 'left_behind', TOWNSHIP, 'low');
    await send(tc, actor('supervisor', TOWNSHIP, 'head'), {
      type: 'decide',
      outcome: 'denied',
      benefit: null,
      monthlyAmount: null,
      reason: '不符合条件',
    });
    const requested = await send(tc, actor('caseworker', TOWNSHIP), {
      type: 'requestClosure',
      requestId: '22222222-2222-4222-8222-222222222222',
      reason: '结案',
    });
    expect(requested.step?.name).toBe('closure_approval');
    await expectEscalationExactlyAt(h, tc, workingDaysOracle(Date.parse(requested.updatedAt), 10, [tc.holiday]), TOWNSHIP, COUNTY);
  });

  it('at province a passed deadline cannot escalate further: the case stays and is flagged overdue', async () => {
    const tc = await openCaseOnWednesday(h, 'tekun', PROVINCE);
    const after = await expectEscalationExactlyAt(h, tc, wd(tc, 15), PROVINCE, null);
    expect(after.overdue).toBe(true);
  });
});
