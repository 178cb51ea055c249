import { CHINA_CALENDAR_2025_2027 } from './china-calendar';
import type { Duration, KindRule, Policy, StepRule } from './policy';

// The policy that ships with the project: every row of shared/policy-rules.md. A number taken from
// a regulation names it; every number marked DEFAULT is an operating default, not law, and is
// configurable by publishing a new policy version.

const workingDays = (amount: number): Duration => ({ amount, unit: 'working_days' });
const hours = (amount: number): Duration => ({ amount, unit: 'hours' });
const days = (amount: number): Duration => ({ amount, unit: 'days' });
const months = (amount: number): Duration => ({ amount, unit: 'months' });

const step = (name: string, sla: StepRule['sla'], extra: Partial<StepRule> = {}): StepRule => ({
  name,
  sla,
  escalateOnBreach: true,
  ...extra,
});

// DEFAULT: a village takes in an application and hands it to the township within 5 working days.
const villageIntake = step('application_intake', workingDays(5));
// DEFAULT: a periodic review, once due, must be done within 10 working days.
const reviewStep = step('review', workingDays(10));

const dibao: KindRule = {
  // 最低生活保障审核确认办法 (民发〔2021〕57号): township reviews, county civil affairs confirms; a
  // province may delegate confirmation to townships (set delegatedConfirmationToTownship).
  decision: { by: 'delegation', level: 'county', delegatedLevel: 'township', delegatedConfirmationToTownship: false },
  ongoingSupport: true,
  // 最低生活保障审核确认办法 (2021): whole procedure within 30 working days (45 in special cases,
  // not modelled: an extension would be a new policy version) — wording to be confirmed.
  procedure: workingDays(30),
  steps: {
    village: villageIntake,
    // DEFAULT split of the statutory 30-working-day whole: investigation + verification 20 days.
    township: step('investigation', workingDays(20)),
    // 最低生活保障审核确认办法 (2021): confirmation gets the remainder of the 30 working days.
    county: step('confirmation', { remainderOfProcedure: true }),
  },
  review: {
    // DEFAULT, following the 办法's 动态管理: review recipients every 12 months, 6 if income is volatile.
    interval: months(12),
    shorterIntervals: [{ when: { volatileIncome: true }, interval: months(6) }],
    step: reviewStep,
    // 定期核查 is a review of the household's finances: the monthly visits do not replace it.
    satisfiedBy: ['review'],
  },
  closureRequiresApproval: true, // DEFAULT
  // 最低生活保障审核确认办法 (2021): 公示期 7 days in the village before confirmation.
  publicNotice: { level: 'village', period: days(7) },
};

const tekun: KindRule = {
  // 特困人员认定办法 (民发〔2021〕43号): township reviews, county confirms — confirm.
  decision: { by: 'levels', levels: ['county'] },
  ongoingSupport: true,
  procedure: null,
  steps: {
    village: villageIntake,
    // 特困人员认定办法 (2021): initial review within 15 working days — confirm.
    township: step('initial_review', workingDays(15)),
    // 特困人员认定办法 (2021): confirmation within 15 working days — confirm.
    county: step('confirmation', workingDays(15)),
  },
  review: { interval: months(12), shorterIntervals: [], step: reviewStep, satisfiedBy: ['review'] }, // DEFAULT interval
  closureRequiresApproval: true, // DEFAULT
  publicNotice: null,
};

const temporaryAid: KindRule = {
  // DEFAULT threshold: township decides up to 3 × the local monthly dibao line, county above.
  decision: { by: 'amount', multipleOfDibaoLine: 3, upToThreshold: ['township', 'county'], above: ['county'] },
  ongoingSupport: false,
  procedure: null,
  steps: {
    // DEFAULT: an urgent application reaches the township the same day.
    village: step('application_intake', hours(24)),
    // 关于进一步加强和改进临时救助工作的意见: 急难型 aid first (先行救助), paperwork after;
    // DEFAULT 24 hours to give aid, then DEFAULT 5 working days to decide.
    township: step('aid_first', hours(24), { next: step('decision', workingDays(5)) }),
    county: step('decision', workingDays(5)), // DEFAULT
  },
  review: null,
  closureRequiresApproval: false, // DEFAULT: one-off aid closes without a second signature
  publicNotice: null,
};

const disabilitySubsidy: KindRule = {
  // 湖北省 2023 全省民政工作会议: 两项补贴 审核审定权全部下放到乡镇(街道).
  decision: { by: 'levels', levels: ['township'] },
  ongoingSupport: true,
  procedure: null,
  steps: {
    village: villageIntake,
    township: step('review_and_decision', workingDays(15)), // DEFAULT deadline
  },
  review: { interval: months(12), shorterIntervals: [], step: reviewStep, satisfiedBy: ['review'] }, // DEFAULT
  closureRequiresApproval: true, // DEFAULT
  publicNotice: null,
};

// 未成年人保护法 art. 11: report immediately; DEFAULT 24 hours to the first verification visit.
const firstVisit = step('first_visit', hours(24));
// DEFAULT: minor-protection cases in monitoring are followed up every 3 months, monthly at risk ≥ medium.
const childFollowUps = {
  interval: months(3),
  shorterIntervals: [{ when: { riskAtLeast: 'medium' as const }, interval: months(1) }],
  step: step('follow_up_visit', workingDays(5)), // DEFAULT grace to carry out a due visit
  satisfiedBy: ['visit', 'review'] as ('visit' | 'review')[],
};

const mandatoryReport: KindRule = {
  // DEFAULT (our judgement): the township 儿童督导员 verifies and plans; the county
  // 未成年人救助保护机构 decides too, as it holds emergencies and placements.
  decision: { by: 'levels', levels: ['township', 'county'] },
  ongoingSupport: true,
  procedure: null,
  steps: {
    village: firstVisit, // escalates to the township, then the county
    township: firstVisit,
    county: step('assistance_plan', workingDays(5)), // DEFAULT
  },
  review: childFollowUps,
  closureRequiresApproval: true, // DEFAULT: any closure approved by the holder's supervisor
  publicNotice: null,
};

const orphanLike = (): KindRule => ({
  // 关于进一步加强事实无人抚养儿童保障工作的意见 (民发〔2019〕62号): township reviews, county confirms — confirm.
  decision: { by: 'levels', levels: ['county'] },
  ongoingSupport: true,
  procedure: null,
  steps: {
    village: villageIntake,
    township: step('application_review', workingDays(15)), // same 意见 (2019): 15 working days — confirm
    county: step('confirmation', workingDays(15)), // same 意见 (2019): 15 working days — confirm
  },
  review: { interval: months(12), shorterIntervals: [], step: reviewStep, satisfiedBy: ['review'] }, // DEFAULT
  closureRequiresApproval: true, // DEFAULT
  publicNotice: null,
});

const leftBehind: KindRule = {
  // DEFAULT (our judgement): the township 儿童督导员 decides on care arrangements.
  decision: { by: 'levels', levels: ['township', 'county'] },
  ongoingSupport: true,
  procedure: null,
  steps: {
    // DEFAULT: the village 儿童主任 visits every 3 months, monthly at risk ≥ medium; a missed visit
    // escalates to the township.
    village: step('follow_up_visit', months(3), {
      riskOverrides: [{ riskAtLeast: 'medium', sla: months(1) }],
      recurring: true,
    }),
    township: step('assistance_plan', workingDays(5)), // DEFAULT
  },
  review: childFollowUps,
  closureRequiresApproval: true, // DEFAULT
  publicNotice: null,
};

const guardianshipGap: KindRule = {
  // 未成年人保护法 art. 92–94: civil affairs (county level) takes temporary/long-term guardianship.
  decision: { by: 'levels', levels: ['county'] },
  ongoingSupport: true,
  procedure: null,
  steps: {
    village: firstVisit,
    township: step('verification', workingDays(5)), // DEFAULT
    county: step('guardianship_arrangement', workingDays(15)), // DEFAULT
  },
  review: childFollowUps,
  closureRequiresApproval: true, // DEFAULT
  publicNotice: null,
};

export const DEFAULT_POLICY: Policy = {
  version: '2026.1',
  calendar: CHINA_CALENDAR_2025_2027,
  // DEFAULT, illustrative: monthly dibao lines (yuan) to be replaced from local 民政 announcements.
  dibaoLine: { defaultMonthly: 800, byDivision: { '330000000000': 1100, '420000000000': 800 } },
  kinds: {
    dibao,
    tekun,
    temporary_aid: temporaryAid,
    disability_subsidy: disabilitySubsidy,
    mandatory_report: mandatoryReport,
    orphan: orphanLike(),
    de_facto_unsupported: orphanLike(),
    left_behind: leftBehind,
    guardianship_gap: guardianshipGap,
  },
  // DEFAULT: a level the kind has no step for (reached by 督办) gets 15 working days.
  defaultStep: step('supervision', workingDays(15)),
  emergency: {
    // 未成年人保护法 art. 92–93: 临时监护 by civil affairs — the county 未成年人救助保护机构.
    riskAtLeast: 'critical',
    level: 'county',
    // DEFAULT hours: 2 to acknowledge, 24 to act; escalate to city, then province, at the same deadlines.
    acknowledge: step('emergency_acknowledgement', hours(2)),
    act: step('emergency_action', hours(24)),
  },
  // DEFAULT: a high-risk child gets an assistance plan from the township 儿童督导员 in 5 working days.
  highRisk: { riskAtLeast: 'high', level: 'township', step: step('assistance_plan', workingDays(5)) },
  // DEFAULT: an escalation request waits 3 working days, then goes one level further, still pending.
  escalationApproval: { wait: workingDays(3) },
  // DEFAULT: a closure request waits 10 working days for the holder's supervisor, then escalates.
  closureApproval: { wait: workingDays(10) },
  // DEFAULT: the caseworker verifies identity and household (家庭经济状况核对); supervisors decide
  // on the caseworker's findings and auditors inspect — both see the masked number (PIPL art. 28).
  disclosure: { fullIdNumberTo: ['caseworker'] },
};
