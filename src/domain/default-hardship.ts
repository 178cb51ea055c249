import type { KindRule } from './policy';
import { days, months, reviewStep, step, villageIntake, workingDays } from './policy-builders';

// The shipped rules of 最低生活保障 and 特困人员 (issue 13: the law as written). Where each value
// comes from: default-policy-sources.ts; the bounds the law sets: law-bounds.ts.

// 最低生活保障审核确认办法 (民发〔2021〕57号) and 特困人员认定办法 (2021): 公示 for 7 days (天, calendar
// days) in the applicant's village; an objection → re-investigation within 15 wd and a new 公示.
const RE_INVESTIGATION = step('re_investigation', workingDays(15));
const villageNotice = (required: boolean) => ({ level: 'village' as const, period: days(7), required, objection: RE_INVESTIGATION });
// 低保 第二十一条, 特困 第十八条: a refusal is told to the applicant, with reasons, within 3 wd (flagged if missed).
const refusalNotice = step('refusal_notice', workingDays(3), { escalateOnBreach: false });

export const dibao: KindRule = {
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
  // 办法 第十九条: 公示期 7 days in the applicant's village, before the county confirms (required since 2026.3).
  publicNotice: villageNotice(true),
  refusalNotice,
};

export const tekun: KindRule = {
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
  // 第十五条: 公示 for 7 days in the village before confirmation (required since 2026.3); objection →
  // re-investigation in 15 wd, a new 公示.
  publicNotice: villageNotice(true),
  refusalNotice,
  // 第二十三条: a change in self-care ability → county 复核评估 within 10 wd.
  reassessment: step('self_care_reassessment', workingDays(10)),
  // 第二十六条: termination → 7-day 公示; an objection decided within 15 wd.
  terminationNotice: { level: 'village', period: days(7), required: false, objection: step('objection_decision', workingDays(15)) },
};
