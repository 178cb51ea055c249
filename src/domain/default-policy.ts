import { CHINA_CALENDAR_2025_2027 } from './china-calendar';
import { DEFAULT_POLICY_SOURCES } from './default-policy-sources';
import { dibao, tekun } from './default-hardship';
import type { KindRule, Policy } from './policy';
import { hours, months, reviewStep, step, villageIntake, workingDays } from './policy-builders';

// The policy that ships with the project: every row of shared/policy-rules.md. A number taken from
// a regulation names it; every number marked DEFAULT is an operating default, not law, and is
// configurable by publishing a new policy version.

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

/**
 * 两项补贴 as the national texts have it (国发〔2015〕52号, procedure via local reproductions): the
 * township accepts and reviews, the county 残联 reviews the disability grade (the first assessment
 * at the county records it), county 民政 decides. Times are DEFAULTS. The shipped default since
 * 2026.3; a township decision is a province override with its citation.
 */
export const DISABILITY_SUBSIDY_NATIONAL_CHAIN: KindRule = {
  decision: { by: 'levels', levels: ['county'] },
  ongoingSupport: true,
  procedure: null,
  steps: {
    village: villageIntake,
    township: step('acceptance_and_review', workingDays(15)), // DEFAULT deadline
    county: step('disability_grade_review', workingDays(10), { next: step('decision', workingDays(10)) }), // DEFAULT
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
  version: '2026.3',
  calendar: CHINA_CALENDAR_2025_2027,
  // DEFAULT, illustrative: monthly dibao lines (yuan) to be replaced from local 民政 announcements.
  dibaoLine: { defaultMonthly: 800, byDivision: { '330000000000': 1100, '420000000000': 800 } },
  kinds: {
    dibao,
    tekun,
    temporary_aid: temporaryAid,
    disability_subsidy: DISABILITY_SUBSIDY_NATIONAL_CHAIN,
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
    // 未成年人保护法 art. 92–93 hold whatever the case's history: a reopened critical case goes again.
    onReopen: true,
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
