import type { WorkingCalendar } from './calendar';
import type { CaseKind, Level, Risk, Role } from './types';

// Policy: a versioned, validated JSON document admins publish; every case pins the version it was
// opened under (SPEC §5). The core reads it and never hard-codes a deadline or a deciding level.
// Shape checks live in policy-schema.ts, the shipped defaults in default-policy.ts.

/** `minutes` is for test policies with minute-level SLAs (fault drills); no statute counts in minutes. */
export const DURATION_UNITS = ['minutes', 'hours', 'working_days', 'days', 'months'] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];

export interface Duration {
  amount: number;
  unit: DurationUnit;
}

/**
 * A step's deadline: a fixed duration from the step's start, or whatever is left of the kind's
 * whole procedure (dibao confirmation gets the remainder of the 30 working days).
 */
export type StepSla = Duration | { remainderOfProcedure: true };

export interface StepRule {
  /** Step name shown on the case, e.g. 'investigation', 'confirmation', 'first_visit'. */
  name: string;
  sla: StepSla;
  /** Shorter deadline when the case's risk is at least the given level (left_behind visits). */
  riskOverrides?: { riskAtLeast: Risk; sla: Duration }[];
  /** Does a missed deadline escalate the case one level up (督办)? Otherwise nothing happens. */
  escalateOnBreach: boolean;
  /** A recurring step (periodic visits) starts again when a follow-up is recorded. */
  recurring?: boolean;
  /**
   * The step that follows once the holder records an assessment or a follow-up (emergency:
   * acknowledged → act; 急难型 temporary aid: aid given → paperwork and decision).
   */
  next?: StepRule;
  /**
   * The step's own deadline binds together with the kind's whole procedure: due at whichever comes
   * first (低保 county: 10 wd from receipt, 第二十条, inside the 30-wd whole, 第二十二条).
   */
  withinProcedure?: boolean;
}

/** Who decides a kind. The first level listed is the one a rejection names. */
export type DecisionRule =
  | { by: 'levels'; levels: Level[] }
  /** dibao: the county confirms unless the province delegated confirmation to townships. */
  | { by: 'delegation'; level: Level; delegatedLevel: Level; delegatedConfirmationToTownship: boolean }
  /** temporary_aid: up to `multipleOfDibaoLine` × the local monthly dibao line, else `above`. */
  | { by: 'amount'; multipleOfDibaoLine: number; upToThreshold: Level[]; above: Level[] };

/**
 * `volatileIncome` with `memberAbleToWork`: both must hold (低保 第三十一条: 收入来源不固定、家庭成员有劳动能力).
 * `volatileIncome` alone (policies before issue 13): income alone suffices.
 */
export type ReviewCondition = { volatileIncome: true; memberAbleToWork?: true } | { riskAtLeast: Risk };

export interface ReviewRule {
  /** Interval between periodic reviews / follow-up visits while support runs (monitoring). */
  interval: Duration;
  /** Shorter intervals; the first matching one wins. */
  shorterIntervals: { when: ReviewCondition; interval: Duration }[];
  /** The review step a due review opens, with its own deadline. */
  step: StepRule;
  /**
   * Which follow-ups count as the periodic review and restart its interval: a dibao household's
   * 定期核查 is a review (monthly visits do not replace it); a left-behind child's is a visit.
   * Absent (older policies): any follow-up.
   */
  satisfiedBy?: ('visit' | 'review')[];
}

export interface KindRule {
  decision: DecisionRule;
  /** An approved decision starts support that runs on (monitoring); otherwise the case is closable. */
  ongoingSupport: boolean;
  /** The whole procedure's deadline from opening, where the law sets one (dibao: 30 working days). */
  procedure: Duration | null;
  /** The working step while the case is open at each level. Levels not listed use `defaultStep`. */
  steps: Partial<Record<Level, StepRule>>;
  review: ReviewRule | null;
  closureRequiresApproval: boolean;
  /** 公示 of the initial opinion before the decision (低保, 特困); null where the text forbids it (孤儿). */
  publicNotice: PublicNoticeRule | null;
  /** Whole procedure when confirmation is delegated to townships (低保: 20 wd, 2022 通知 四(一)). */
  delegatedProcedure?: Duration;
  /** Extension of the whole procedure, only with a recorded ground (低保: up to 45 wd). */
  procedureExtension?: { upTo: Duration; grounds: string[] };
  /** After a refusal, the applicant is told within this (低保 第二十一条, 特困 第十八条: 3 wd). */
  refusalNotice?: StepRule;
  /** A reported change (特困: self-care ability) opens a re-assessment (第二十三条: 10 wd). */
  reassessment?: StepRule;
  /** 公示 before support ends (特困 第二十六条: 7 days; an objection decided within 15 wd). */
  terminationNotice?: PublicNoticeRule;
}

export interface PublicNoticeRule {
  /** Where it is published (the applicant's village / community). */
  level: Level;
  /** 7 calendar days (天, not 工作日). */
  period: Duration;
  /**
   * The decision (or the termination) waits for an ended notice. Absent or false: a notice, once
   * started, still holds the decision while it runs, but none is demanded (policies before issue 13).
   */
  required?: boolean;
  /** The step an objection opens: re-investigation (initial) or the objection's decision (termination). */
  objection?: StepRule;
}

/** Where a value of the policy comes from: the law (with its article), a marked default, or local practice. */
export type Source = { basis: 'law'; article: string } | { basis: 'default'; note?: string } | { basis: 'local_practice'; note: string };

/**
 * A province's, city's or county's own values (浙江 delegating 低保 confirmation to townships), by
 * JSON path into the policy (`kinds.dibao.decision.delegatedConfirmationToTownship`), with the
 * document that sets them.
 */
export interface JurisdictionOverride {
  division: string;
  citation: string;
  values: Record<string, unknown>;
}

export interface EmergencyRule {
  /** Risk at or above which a minor-protection case is an emergency. */
  riskAtLeast: Risk;
  /** Where an emergency goes straight away (the county 未成年人救助保护机构). */
  level: Level;
  /** Deadline to acknowledge; once acknowledged (assessment or follow-up) the `act` deadline runs. */
  acknowledge: StepRule;
  act: StepRule;
  /**
   * A reopened case of a child still at or above `riskAtLeast` takes the path again (issue 13).
   * Absent (policies before 2026.2): reopening does not, so histories recorded then replay alike.
   */
  onReopen?: boolean;
}

export interface HighRiskRule {
  riskAtLeast: Risk;
  level: Level;
  step: StepRule;
}

export interface DibaoLine {
  /** Monthly urban/rural dibao line, yuan, used where no more specific entry exists. */
  defaultMonthly: number;
  /** By division code (any level); the most specific (longest significant prefix) wins. */
  byDivision: Record<string, number>;
}

export interface Policy {
  version: string;
  calendar: WorkingCalendar;
  dibaoLine: DibaoLine;
  kinds: Record<CaseKind, KindRule>;
  /** Step at a level the kind lists no step for (after a 督办 escalation beyond its usual levels). */
  defaultStep: StepRule;
  emergency: EmergencyRule;
  highRisk: HighRiskRule;
  /** How long an escalation request waits for the next level's supervisor. */
  escalationApproval: { wait: Duration };
  /** How long a closure request waits for the holder's supervisor. */
  closureApproval: { wait: Duration };
  /**
   * Who sees personal data unmasked (PIPL art. 28: a child's ID number is sensitive). Absent in
   * policies published before it existed: then nobody does.
   */
  disclosure?: { fullIdNumberTo: Role[] };
  /**
   * How long a closed case's workflow waits for a reopen before it completes (a later reopen
   * starts a new run from the event log). Absent: DEFAULT_REOPEN_WINDOW (src/domain/retention.ts).
   */
  reopenWindow?: Duration;
  /** Where each value comes from, by JSON path (`kinds.dibao.procedure`). Absent in older policies. */
  sources?: Record<string, Source>;
  /** Values a province, city or county sets for its cases (applied province → city → county). */
  overrides?: JurisdictionOverride[];
  /** Set on a resolved policy: the division it was resolved for (the case's origin). */
  resolvedFor?: string;
}
