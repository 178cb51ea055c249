import { CHINA_CALENDAR_2025_2027 } from './china-calendar';
import { DEFAULT_POLICY_SOURCES } from './default-policy-sources';
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

// 最低生活保障审核确认办法 (民发〔2021〕57号) and 特困人员认定办法 (2021): 公示 for 7 days (天, calendar
// days) in the applicant's village; an objection → re-investigation within 15 wd and a new 公示.
const RE_INVESTIGATION = step('re_investigation', workingDays(15));
const villageNotice = (required: boolean) => ({ level: 'village' as const, period: days(7), required, objection: RE_INVESTIGATION });
// 低保 第二十一条, 特困 第十八条: a refusal is told to the applicant, with reasons, within 3 wd (flagged if missed).
const refusalNotice = step('refusal_notice', workingDays(3), { escalateOnBreach: false });

const dibao: KindRule = {
  // 办法 第二条: township accepts and reviews, county civil affairs confirms; 有条件的地方 may delegate
  // confirmation to townships (a province override sets delegatedConfirmationToTownship).
  decision: { by: 'delegation', level: 'county', delegatedLevel: 'township', delegatedConfirmationToTownship: false },
  ongoingSupport: true,
  // 办法 第二十二条: 30 wd from acceptance; 2022 通知 四(一): 20 wd where townships confirm; either up
  // to 45 wd only on a recorded ground.
  procedure: workingDays(30),
  delegatedProcedure: workingDays(20),
  procedureExtension: {
    upTo: workingDays(45),
    grounds: ['public_notice_objection', 'household_separation', 'remote_application', 'difficult_investigation'],
  },
  steps: {
    village: villageIntake,
    // 办法 第十五条: the township starts the household investigation within 3 wd of acceptance; then
    // DEFAULT 20 wd for investigation, verification and the initial opinion, inside the whole.
    township: step('investigation_start', workingDays(3), {
      next: step('investigation', workingDays(20), { withinProcedure: true }),
    }),
    // 办法 第二十条: the county confirms within 10 wd of receiving the township's materials, and
    // within the 30-wd whole (第二十二条): whichever comes first.
    county: step('confirmation', workingDays(10), { withinProcedure: true }),
  },
  review: {
    // 办法 第三十一条 (law): yearly; half-yearly where income is irregular and a member can work.
    interval: months(12),
    shorterIntervals: [{ when: { volatileIncome: true, memberAbleToWork: true }, interval: months(6) }],
    step: reviewStep,
    // 定期核查 is a review of the household's finances: the monthly visits do not replace it.
    satisfiedBy: ['review'],
  },
  closureRequiresApproval: true, // DEFAULT
  // 办法 第十九条: 公示期 7 days in the applicant's village. `required` off: see docs/law.md (rollout).
  publicNotice: villageNotice(false),
  refusalNotice,
};

const tekun: KindRule = {
  // 特困人员认定办法 第十六条: the county confirms; 第二十八条: 有条件的地方 may delegate to townships.
  decision: { by: 'delegation', level: 'county', delegatedLevel: 'township', delegatedConfirmationToTownship: false },
  ongoingSupport: true,
  procedure: null,
  steps: {
    village: villageIntake,
    // 第十三条: initial review within 15 wd of acceptance.
    township: step('initial_review', workingDays(15)),
    // 第十六条: confirmation within 15 wd.
    county: step('confirmation', workingDays(15)),
  },
  // No periodic review in the 办法: the 12-month interval is a DEFAULT.
  review: { interval: months(12), shorterIntervals: [], step: reviewStep, satisfiedBy: ['review'] },
  closureRequiresApproval: true, // DEFAULT
  // 第十五条: 公示 for 7 days in the village; objection → re-investigation in 15 wd, a new 公示.
  publicNotice: villageNotice(false),
  refusalNotice,
  // 第二十三条: a change in self-care ability → county 复核评估 within 10 wd.
  reassessment: step('self_care_reassessment', workingDays(10)),
  // 第二十六条: termination → 7-day 公示; an objection decided within 15 wd.
  terminationNotice: { level: 'village', period: days(7), required: false, objection: step('objection_decision', workingDays(15)) },
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
  // NOT YET THE LAW'S CHAIN (docs/law.md): nationally (国发〔2015〕52号, via local reproductions) the
  // township accepts and reviews, the county 残联 reviews the grade and county 民政 decides. The
  // township decision kept here rests on an unverified 湖北 2023 delegation claim; it is marked
  // unverified in `sources` until the default moves to the county (the console and tests rely on it).
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

// 关于进一步加强事实无人抚养儿童保障工作的意见 (民发〔2019〕62号) 二(二)(三): township 15 wd from
// receipt, county 15 wd from receiving its conclusion; "不宜设置公示环节" (no 公示).
const deFactoUnsupported: KindRule = {
  decision: { by: 'levels', levels: ['county'] },
  ongoingSupport: true,
  procedure: null,
  steps: {
    village: villageIntake,
    township: step('application_review', workingDays(15)),
    county: step('confirmation', workingDays(15)),
  },
  review: { interval: months(12), shorterIntervals: [], step: reviewStep, satisfiedBy: ['review'] }, // DEFAULT
  closureRequiresApproval: true, // DEFAULT
  publicNotice: null,
};

// 孤儿: LOCAL PRACTICE, national text (民发〔2010〕161号) not found: township 10 wd, county 10 wd,
// no 公示 (local guides of 山东 and 湖北 agree).
const orphan: KindRule = {
  ...deFactoUnsupported,
  steps: {
    village: villageIntake,
    township: step('application_review', workingDays(10)),
    county: step('confirmation', workingDays(10)),
  },
};

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
  version: '2026.2',
  calendar: CHINA_CALENDAR_2025_2027,
  // DEFAULT, illustrative: monthly dibao lines (yuan) to be replaced from local 民政 announcements.
  dibaoLine: { defaultMonthly: 800, byDivision: { '330000000000': 1100, '420000000000': 800 } },
  kinds: {
    dibao,
    tekun,
    temporary_aid: temporaryAid,
    disability_subsidy: disabilitySubsidy,
    mandatory_report: mandatoryReport,
    orphan,
    de_facto_unsupported: deFactoUnsupported,
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
  sources: DEFAULT_POLICY_SOURCES,
};
