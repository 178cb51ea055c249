import { DEFAULT_POLICY, DISABILITY_SUBSIDY_NATIONAL_CHAIN, resolvePolicy, type Policy } from '../../src/domain';
import { CITY, COUNTY, HUBEI_TOWNSHIP, PROVINCE, TOWNSHIP, VILLAGE } from '../support/builders';
import {
  expectEventsExactlyAt,
  lawPolicy,
  nextMovedYear,
  openCaseAt,
  publicNoticeRunOut,
  rejectionOfSend,
  skipTo,
  type MovedYear,
} from '../support/law-time';
import {
  actor,
  events,
  expectEscalationExactlyAt,
  send,
  startDeadlineHarness,
  waitFor,
  workingDaysOracle,
  type TestCase,
} from '../support/time-skipping';

// The law as written (issue 13), one test per article, on the time-skipping Temporal test server
// with a real worker and PostgreSQL, counted through the real 2026 calendar (see law-time.ts: the
// 2026 arrangement moved by whole weeks, since the server's clock cannot go back to 2026).

let h: Awaited<ReturnType<typeof startDeadlineHarness>>;
beforeAll(async () => (h = await startDeadlineHarness('law')));
afterAll(() => h.close());

const cw = (unit: string) => actor('caseworker', unit);
const sv = (unit: string) => actor('supervisor', unit);
const assessment = { type: 'assess' as const, risk: null, findings: '入户调查', householdSize: 2, monthlyAmount: 500 };
const approve = { type: 'decide' as const, outcome: 'approved' as const, benefit: '救助', monthlyAmount: 600, reason: '符合条件' };
const deny = { type: 'decide' as const, outcome: 'denied' as const, benefit: null, monthlyAmount: null, reason: '不符合条件' };

/** n working days (the test's independent oracle) from an instant, in the moved year's calendar. */
const wd = (y: MovedYear, fromMs: number, n: number) => workingDaysOracle(fromMs, n, y.calendar.holidays, y.calendar.workingWeekends);

async function opened(first2026: string, kind: Parameters<typeof openCaseAt>[2], origin: string, base?: Policy, risk: 'critical' | null = null) {
  const y = await nextMovedYear(h, first2026);
  const policy = lawPolicy(y, base);
  const tc = await openCaseAt(h, y.at(first2026), kind, origin, policy, risk);
  return { y, tc };
}

describe('最低生活保障 (最低生活保障审核确认办法, 民发〔2021〕57号)', () => {
  it('最低生活保障审核确认办法第十五条: the township starts the household investigation within 3 working days of acceptance — the 调休 Saturday before 春节 counts — else 督办 to the county', async () => {
    const { y, tc } = await opened('2026-02-11T09:00', 'dibao', TOWNSHIP);
    // Thu 12, Fri 13, Sat 14 (调休上班): end of Saturday 14 February, not after 春节.
    expect(wd(y, tc.startMs, 3)).toBe(y.endOf('2026-02-14'));
    await expectEscalationExactlyAt(h, tc, y.endOf('2026-02-14'), TOWNSHIP, COUNTY);
  });

  it('最低生活保障审核确认办法第二十条: the county confirms within 10 working days of receiving the materials, across 春节 and both of its 调休 Saturdays', async () => {
    const { y, tc } = await opened('2026-02-11T10:00', 'dibao', COUNTY);
    // 12, 13, 14 (Sat), [15–23 春节], 24, 25, 26, 27, 28 (Sat), 2 Mar, 3 Mar.
    expect(wd(y, tc.startMs, 10)).toBe(y.endOf('2026-03-03'));
    const state = await waitFor(h, tc.caseId, () => true);
    expect(state.step).toMatchObject({ name: 'confirmation', dueAt: y.endOf('2026-03-03') });
    expect(state.procedureDueAt).toBe(wd(y, tc.startMs, 30));
    await expectEscalationExactlyAt(h, tc, y.endOf('2026-03-03'), COUNTY, CITY);
  });

  it('最低生活保障审核确认办法第二十二条: the 30-working-day whole binds the county when the township was late (10 wd from receipt would run past it)', async () => {
    const { y, tc } = await opened('2026-02-11T09:00', 'dibao', TOWNSHIP);
    await skipTo(h, y.at('2026-02-13T10:00'));
    const investigating = await send(tc, cw(TOWNSHIP), assessment);
    // DEFAULT 20 working days for the investigation from its start (2-13): 19 March.
    expect(investigating.step).toMatchObject({ name: 'investigation', dueAt: y.endOf('2026-03-19') });
    const atCounty = await expectEscalationExactlyAt(h, tc, y.endOf('2026-03-19'), TOWNSHIP, COUNTY);
    // Received 20 March: 10 wd would be 3 April; the whole (30 wd from 11 February) ends 31 March.
    expect(atCounty.procedureDueAt).toBe(y.endOf('2026-03-31'));
    expect(atCounty.step).toMatchObject({ name: 'confirmation', dueAt: y.endOf('2026-03-31') });
    await expectEscalationExactlyAt(h, tc, y.endOf('2026-03-31'), COUNTY, CITY);
  });

  it('民政部等《关于进一步做好最低生活保障等社会救助兜底保障工作的通知》四(一): where 浙江 delegates confirmation to townships the whole is 20 working days; the same application in 湖北 keeps 30', async () => {
    const base: Policy = {
      ...DEFAULT_POLICY,
      overrides: [
        {
          division: PROVINCE,
          citation: '浙江: 低保审核确认权限下放至乡镇(街道) (test citation)',
          values: { 'kinds.dibao.decision.delegatedConfirmationToTownship': true },
        },
      ],
    };
    const y = await nextMovedYear(h, '2026-02-11T09:00');
    const published = lawPolicy(y, base);
    const zhejiang = await openCaseAt(h, y.at('2026-02-11T09:00'), 'dibao', TOWNSHIP, resolvePolicy(published, TOWNSHIP));
    const hubei = await openCaseAt(h, y.at('2026-02-11T09:01'), 'dibao', HUBEI_TOWNSHIP, resolvePolicy(published, HUBEI_TOWNSHIP));
    const zj = await send(zhejiang, cw(TOWNSHIP), assessment);
    const hb = await send(hubei, cw(HUBEI_TOWNSHIP), assessment);
    expect(zj.policyVersion).toBe(`${published.version}@${PROVINCE}`);
    expect(hb.policyVersion).toBe(published.version);
    expect(zj.procedureDueAt).toBe(wd(y, zhejiang.startMs, 20));
    expect(hb.procedureDueAt).toBe(wd(y, hubei.startMs, 30));
    // The township investigation (DEFAULT 20 wd) ends with the 20-wd whole in 浙江; the township decides there.
    expect(zj.step).toMatchObject({ name: 'investigation', dueAt: zj.procedureDueAt });
    // 湖北's township may not confirm; 浙江's decides itself (not sent here, so the clock runs on).
    expect(await rejectionOfSend(hubei, sv(HUBEI_TOWNSHIP), approve)).toEqual({ rejected: 'NOT_AUTHORIZED_LEVEL', decidesAt: 'county' });
    // At its end the township is 督办'd by the county — whose own confirmation step is bound by the
    // same, spent whole, so the case goes on to the city at once: the procedure is over.
    const end = wd(y, zhejiang.startMs, 20);
    await expectEventsExactlyAt(h, zhejiang, end, ['SlaBreached', 'CaseEscalated', 'SlaBreached', 'CaseEscalated']);
    const trail = (await events(h, zhejiang.caseId)).filter((e) => e.type === 'CaseEscalated').map((e) => [e.data.from, e.data.to]);
    expect(trail).toEqual([
      [TOWNSHIP, COUNTY],
      [COUNTY, CITY],
    ]);
  });

  it('最低生活保障审核确认办法第十九条、第二十二条: the 公示 runs 7 calendar days through 春节; an objection is a ground to extend the whole to 45 working days, and only a listed ground is', async () => {
    const { y, tc } = await opened('2026-02-11T09:00', 'dibao', TOWNSHIP);
    await send(tc, cw(TOWNSHIP), assessment);
    await skipTo(h, y.at('2026-02-12T10:00'));
    const published = await send(tc, cw(TOWNSHIP), { type: 'startPublicNotice', noticeId: 'n1', purpose: 'initial' });
    // 7 天: calendar days, 7 × 24 hours from publication, holidays or not.
    const notice = published.publicNotice;
    expect(notice).toMatchObject({ status: 'running', place: TOWNSHIP });
    expect(Date.parse(notice?.endsAt ?? '') - Date.parse(notice?.startedAt ?? '')).toBe(7 * 86_400_000);
    await skipTo(h, y.at('2026-02-13T10:00'));
    await send(tc, cw(TOWNSHIP), { type: 'objectToNotice', objectionId: 'o1', summary: '村民反映申请人有经营收入' });
    expect(await rejectionOfSend(tc, sv(TOWNSHIP), { type: 'extendProcedure', ground: 'busy', reason: '工作忙' })).toMatchObject({
      rejected: 'INVALID_INPUT',
      field: 'ground',
    });
    const extended = await send(tc, sv(TOWNSHIP), { type: 'extendProcedure', ground: 'public_notice_objection', reason: '公示有异议，重新调查' });
    expect(extended.procedureDueAt).toBe(wd(y, tc.startMs, 45));
    expect(await rejectionOfSend(tc, sv(TOWNSHIP), { type: 'extendProcedure', ground: 'difficult_investigation', reason: '再延' })).toMatchObject({
      rejected: 'PROCEDURE_NOT_EXTENDABLE',
    });
    // Re-investigated; the new opinion is published again and the investigation's own clock comes back.
    await skipTo(h, y.at('2026-03-05T10:00'));
    const again = await send(tc, cw(TOWNSHIP), { type: 'startPublicNotice', noticeId: 'n2', purpose: 'initial' });
    expect(again.step).toMatchObject({ name: 'investigation', dueAt: y.endOf('2026-03-17') });
    await expectEventsExactlyAt(h, tc, again.publicNotice?.endsAt ?? '', ['PublicNoticeEnded']);
    const atCounty = await expectEscalationExactlyAt(h, tc, y.endOf('2026-03-17'), TOWNSHIP, COUNTY);
    // 10 wd from receipt (1 April) now fits inside the extended whole; unextended it would be 31 March.
    expect(atCounty.step).toMatchObject({ name: 'confirmation', dueAt: y.endOf('2026-04-01') });
  });

  it('最低生活保障审核确认办法第二十一条 and 特困人员认定办法第十八条: a refusal is told within 3 working days — after 国庆, the 调休 Saturday 10-10 counts — else the case is flagged overdue', async () => {
    for (const kind of ['dibao', 'tekun'] as const) {
      const { y, tc } = await opened('2026-09-28T09:00', kind, COUNTY);
      await skipTo(h, y.at('2026-09-30T10:00'));
      const denied = await send(tc, sv(COUNTY), deny);
      // [1–7 国庆] 8 Oct, 9 Oct, Sat 10 Oct (调休上班).
      expect(denied.step).toMatchObject({ name: 'refusal_notice', dueAt: y.endOf('2026-10-10') });
      await expectEscalationExactlyAt(h, tc, y.endOf('2026-10-10'), COUNTY, null);
      const told = await send(tc, cw(COUNTY), { type: 'notifyRefusal', notes: '书面告知并说明理由' });
      expect(told).toMatchObject({ overdue: false, step: { name: 'decided', dueAt: null } });
    }
  });

  it('最低生活保障审核确认办法第三十一条: reviewed yearly — monthly visits do not count — and half-yearly only where income is irregular and a member can work', async () => {
    const y = await nextMovedYear(h, '2026-03-02T09:00');
    const policy = lawPolicy(y);
    const incomeOnly = await openCaseAt(h, y.at('2026-03-02T09:00'), 'dibao', COUNTY, policy);
    const both = await openCaseAt(h, y.at('2026-03-02T09:01'), 'dibao', COUNTY, policy);
    await send(incomeOnly, cw(COUNTY), { ...assessment, incomeVolatile: true, memberAbleToWork: false });
    await send(both, cw(COUNTY), { ...assessment, incomeVolatile: true, memberAbleToWork: true });
    // 第十九条: both opinions are published for 7 days before the county confirms.
    await send(both, cw(COUNTY), { type: 'startPublicNotice', noticeId: 'n-both', purpose: 'initial' });
    await publicNoticeRunOut(h, incomeOnly, cw(COUNTY));
    await waitFor(h, both.caseId, (s) => s.publicNotice?.status === 'ended');
    const yearly = await send(incomeOnly, sv(COUNTY), approve);
    const halfYearly = await send(both, sv(COUNTY), approve);
    expect(Date.parse(yearly.reviewDueAt ?? '') - y.at('2026-03-02T09:00')).toBeGreaterThan(364 * 86_400_000);
    for (const month of ['04', '05', '06', '07', '08']) {
      await skipTo(h, y.at(`2026-${month}-02T09:00`));
      const visited = await send(incomeOnly, cw(COUNTY), { type: 'followUp', kind: 'visit', notes: '月度走访' });
      expect(visited.reviewDueAt).toBe(yearly.reviewDueAt);
    }
    await expectEventsExactlyAt(h, both, halfYearly.reviewDueAt ?? '', ['ReviewDue']);
    await expectEventsExactlyAt(h, incomeOnly, yearly.reviewDueAt ?? '', ['ReviewDue']);
  });
});

describe('特困人员 (特困人员认定办法, 民政部 2021)', () => {
  it('特困人员认定办法第十五条: the initial opinion is published in the village for 7 days (calendar days, straight through 春节), then the notice ends by itself', async () => {
    const { y, tc } = await opened('2026-02-11T09:00', 'tekun', VILLAGE);
    await skipTo(h, y.at('2026-02-12T10:00'));
    const started = await send(tc, cw(VILLAGE), { type: 'startPublicNotice', noticeId: 'n1', purpose: 'initial' });
    const endsAt = started.publicNotice?.endsAt ?? '';
    // Thursday 12 → Thursday 19 February, 10:00: seven days of which five are 春节 holidays.
    expect(endsAt.slice(0, 16)).toBe(new Date(y.at('2026-02-19T10:00')).toISOString().slice(0, 16));
    const ended = await expectEventsExactlyAt(h, tc, endsAt, ['PublicNoticeEnded']);
    expect(ended.publicNotice).toMatchObject({ status: 'ended', place: VILLAGE });
    expect(await rejectionOfSend(tc, cw(VILLAGE), { type: 'objectToNotice', objectionId: 'late', summary: '迟到的异议' })).toEqual({
      rejected: 'NO_RUNNING_NOTICE',
    });
  });

  it('特困人员认定办法第十五条: an objection sends the opinion back for re-investigation within 15 working days, and the decision waits', async () => {
    const { y, tc } = await opened('2026-02-11T09:00', 'tekun', TOWNSHIP);
    await skipTo(h, y.at('2026-02-12T10:00'));
    await send(tc, cw(TOWNSHIP), { type: 'startPublicNotice', noticeId: 'n1', purpose: 'initial' });
    await skipTo(h, y.at('2026-02-13T10:00'));
    const objected = await send(tc, cw(TOWNSHIP), { type: 'objectToNotice', objectionId: 'o1', summary: '邻居反映有子女赡养' });
    const due = wd(y, y.at('2026-02-13T10:00'), 15);
    expect(objected.step).toMatchObject({ name: 're_investigation', dueAt: due });
    const atCounty = await expectEscalationExactlyAt(h, tc, due, TOWNSHIP, COUNTY);
    // The re-investigation is the case's, not the township's: the county gets it whole (督办).
    expect(atCounty.step).toMatchObject({ name: 're_investigation', dueAt: wd(y, Date.parse(due), 15) });
    // The county that confirms waits for the new 公示: the objected one holds its approval.
    expect(await rejectionOfSend(tc, sv(COUNTY), approve)).toMatchObject({ rejected: 'PUBLIC_NOTICE_RUNNING' });
  });

  it('特困人员认定办法第二十三条: a change in self-care ability gets the county 复核评估 within 10 working days — across 国庆 and its 调休 Saturday — else 督办', async () => {
    // Confirmed on 28 September after its 公示 (第十五条), published a week before.
    const { y, tc } = await opened('2026-09-21T09:00', 'tekun', COUNTY);
    await publicNoticeRunOut(h, tc, cw(COUNTY));
    await send(tc, sv(COUNTY), approve);
    await skipTo(h, y.at('2026-09-29T10:00'));
    const changed = await send(tc, cw(COUNTY), { type: 'reportChange', notes: '生活自理能力下降' });
    // 30 Sep, [1–7 国庆], 8, 9, 10 (Sat), 12, 13, 14, 15, 16, 19 October.
    expect(changed.step).toMatchObject({ name: 'self_care_reassessment', dueAt: y.endOf('2026-10-19') });
    await expectEscalationExactlyAt(h, tc, y.endOf('2026-10-19'), COUNTY, CITY);
  });

  it('特困人员认定办法第二十六条: a termination is published for 7 days; an objection is decided within 15 working days, and support ends only after', async () => {
    // Confirmed on 28 September after its 公示 (第十五条), published a week before.
    const { y, tc } = await opened('2026-09-21T09:00', 'tekun', COUNTY);
    await publicNoticeRunOut(h, tc, cw(COUNTY));
    await send(tc, sv(COUNTY), approve);
    await skipTo(h, y.at('2026-09-29T10:00'));
    await send(tc, cw(COUNTY), { type: 'startPublicNotice', noticeId: 't1', purpose: 'termination' });
    expect(await rejectionOfSend(tc, cw(COUNTY), { type: 'requestClosure', requestId: 'c1', reason: '终止供养' })).toMatchObject({
      rejected: 'PUBLIC_NOTICE_RUNNING',
    });
    await skipTo(h, y.at('2026-09-30T10:00'));
    const objected = await send(tc, cw(COUNTY), { type: 'objectToNotice', objectionId: 'o1', summary: '本人不同意终止' });
    const due = wd(y, y.at('2026-09-30T10:00'), 15);
    expect(objected.step).toMatchObject({ name: 'objection_decision', dueAt: due });
    await expectEscalationExactlyAt(h, tc, due, COUNTY, CITY);
    const decided = await send(tc, sv(CITY), { type: 'resolveObjection', upheld: false, reason: '经核实异议不成立' });
    expect(decided.publicNotice).toMatchObject({ status: 'ended', purpose: 'termination' });
    const closing = await send(tc, cw(CITY), { type: 'requestClosure', requestId: 'c2', reason: '终止供养' });
    expect(closing.pendingClosure).toMatchObject({ requestId: 'c2' });
  });
});

describe('儿童 (孤儿, 事实无人抚养儿童)', () => {
  it('孤儿 (local practice, 民发〔2010〕161号 not found): township 10 working days, county 10, and no 公示 — nor for 事实无人抚养儿童 (民发〔2019〕62号 二(二))', async () => {
    const { y, tc } = await opened('2026-02-11T09:00', 'orphan', TOWNSHIP);
    expect(await rejectionOfSend(tc, cw(TOWNSHIP), { type: 'startPublicNotice', noticeId: 'n', purpose: 'initial' })).toEqual({
      rejected: 'PUBLIC_NOTICE_NOT_ALLOWED',
      kind: 'orphan',
      purpose: 'initial',
    });
    const atCounty = await expectEscalationExactlyAt(h, tc, y.endOf('2026-03-03'), TOWNSHIP, COUNTY);
    expect(atCounty.step).toMatchObject({ name: 'confirmation', dueAt: wd(y, Date.parse(y.endOf('2026-03-03')), 10) });
    const child = await openCaseAt(h, Date.parse(y.endOf('2026-03-03')) + 3_600_000, 'de_facto_unsupported', TOWNSHIP, tc.policy);
    expect(await rejectionOfSend(child, cw(TOWNSHIP), { type: 'startPublicNotice', noticeId: 'n', purpose: 'initial' })).toMatchObject({
      rejected: 'PUBLIC_NOTICE_NOT_ALLOWED',
    });
  });

  it('未成年人保护法第九十二、九十三条: a closed case of a child still at critical risk, reopened at the township, takes the emergency path to the county again', async () => {
    const { tc } = await opened('2026-03-02T09:00', 'mandatory_report', VILLAGE, undefined, 'critical');
    const atCounty = await waitFor(h, tc.caseId, (s) => s.holder === COUNTY);
    expect(atCounty.step?.name).toBe('emergency_acknowledgement');
    await send(tc, sv(COUNTY), { type: 'return', reason: '由街道跟进' });
    await send(tc, sv(TOWNSHIP), approve);
    const closing = await send(tc, cw(TOWNSHIP), { type: 'requestClosure', requestId: 'c1', reason: '已安置' });
    await send(tc, actor('supervisor', TOWNSHIP, 'sv2'), { type: 'approveClosure', requestId: closing.pendingClosure?.requestId ?? '' });
    const reopened = await send(tc, cw(TOWNSHIP), { type: 'reopen', reason: '再次受到侵害' });
    expect(reopened).toMatchObject({ holder: COUNTY, status: 'open', step: { name: 'emergency_acknowledgement' } });
    await expectEscalationExactlyAt(h, tc, new Date(Date.parse(reopened.updatedAt) + 2 * 3_600_000).toISOString(), COUNTY, CITY);
  });
});

describe('两项补贴 (国发〔2015〕52号)', () => {
  it('国发〔2015〕52号: the township accepts and reviews, the county 残联 reviews the grade, county 民政 decides — a township decision only by a province override with its citation', async () => {
    const y = await nextMovedYear(h, '2026-02-11T09:00');
    const published: Policy = {
      ...lawPolicy(y),
      kinds: { ...DEFAULT_POLICY.kinds, disability_subsidy: DISABILITY_SUBSIDY_NATIONAL_CHAIN },
      overrides: [
        {
          division: '420000000000',
          citation: '湖北: 两项补贴审核审定权下放乡镇(街道) (test citation)',
          values: { 'kinds.disability_subsidy.decision.levels': ['township'] },
        },
      ],
    };
    const tc = await openCaseAt(h, y.at('2026-02-11T09:00'), 'disability_subsidy', TOWNSHIP, resolvePolicy(published, TOWNSHIP));
    const hubei = await openCaseAt(h, y.at('2026-02-11T09:01'), 'disability_subsidy', HUBEI_TOWNSHIP, resolvePolicy(published, HUBEI_TOWNSHIP));
    expect(await rejectionOfSend(tc, sv(TOWNSHIP), approve)).toEqual({ rejected: 'NOT_AUTHORIZED_LEVEL', decidesAt: 'county' });
    expect((await send(hubei, sv(HUBEI_TOWNSHIP), approve)).status).toBe('monitoring');
    const atCounty = await expectEscalationExactlyAt(h, tc, wd(y, tc.startMs, 15), TOWNSHIP, COUNTY);
    expect(atCounty.step).toMatchObject({ name: 'disability_grade_review' });
    const graded = await send(tc, cw(COUNTY), { ...assessment, findings: '残联审核：二级肢体残疾' });
    expect(graded.step).toMatchObject({ name: 'decision', dueAt: wd(y, Date.parse(graded.updatedAt), 10) });
    expect((await send(tc, sv(COUNTY), approve)).status).toBe('monitoring');
  });
});

describe('deadlines at the top of the chain', () => {
  it('a breach at province stays flagged overdue — through later notes and assessments — and the read model lists it so', async () => {
    const { y, tc } = await opened('2026-02-11T09:00', 'tekun', PROVINCE);
    // DEFAULT 15 wd (supervision) at the province: 12, 13, 14 (Sat), 24 Feb … 6 March.
    const due = wd(y, tc.startMs, 15);
    await expectEscalationExactlyAt(h, tc, due, PROVINCE, null);
    await send(tc, cw(PROVINCE), { type: 'addNote', text: '省厅督办中' });
    const assessed = await send(tc, cw(PROVINCE), assessment);
    expect(assessed.overdue).toBe(true);
    const rows = await h.db.query<{ overdue: boolean }[]>('SELECT overdue FROM cases WHERE case_id = $1', [tc.caseId]);
    expect(rows[0].overdue).toBe(true);
  });
});

describe('test policies in minutes', () => {
  it('a step with a minute-level SLA (policy duration unit `minutes`) escalates exactly when its minutes pass', async () => {
    const y = await nextMovedYear(h, '2026-03-02T09:00');
    const base = DEFAULT_POLICY;
    const policy: Policy = {
      ...lawPolicy(y),
      kinds: {
        ...base.kinds,
        tekun: {
          ...base.kinds.tekun,
          steps: { ...base.kinds.tekun.steps, township: { ...base.kinds.tekun.steps.township!, sla: { amount: 5, unit: 'minutes' } } },
        },
      },
    };
    const tc: TestCase = await openCaseAt(h, y.at('2026-03-02T09:00'), 'tekun', TOWNSHIP, policy);
    await expectEscalationExactlyAt(h, tc, new Date(tc.startMs + 5 * 60_000).toISOString(), TOWNSHIP, COUNTY);
  });
});
