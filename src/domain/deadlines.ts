import { addDays, addHours, addMinutes, addMonths, addWorkingDays, earliest } from './calendar';
import type { Duration, Policy, ReviewCondition, StepRule } from './policy';
import type { CaseState, CaseStep } from './state';
import type { CaseKind, Family, Level, Risk } from './types';
import { isAbove, riskAtLeast } from './types';

// Which step a case is in and when it falls due, computed from the pinned policy. Steps are stored
// on the state with their due instant, so evolve (which has no policy) only copies event data.

export function addDuration(iso: string, duration: Duration, policy: Policy): string {
  switch (duration.unit) {
    case 'minutes':
      return addMinutes(iso, duration.amount);
    case 'hours':
      return addHours(iso, duration.amount);
    case 'days':
      return addDays(iso, duration.amount);
    case 'working_days':
      return addWorkingDays(iso, duration.amount, policy.calendar);
    case 'months':
      return addMonths(iso, duration.amount);
    default: {
      const unreachable: never = duration.unit;
      throw new Error(`unknown duration unit ${String(unreachable)}`);
    }
  }
}

/** What the working step depends on. */
export interface StepSituation {
  family: Family;
  kind: CaseKind;
  level: Level;
  risk: Risk | null;
  procedureDueAt: string | null;
}

export const isEmergency = (policy: Policy, s: { family: Family; risk: Risk | null }): boolean =>
  s.family === 'minor_protection' && riskAtLeast(s.risk, policy.emergency.riskAtLeast);

/** The rule for the step an open case is in at its level. */
export function workingRule(policy: Policy, s: StepSituation): StepRule {
  const { emergency, highRisk } = policy;
  if (isEmergency(policy, s) && !isAbove(emergency.level, s.level)) {
    return { ...emergency.acknowledge, next: emergency.act };
  }
  if (s.family === 'minor_protection' && riskAtLeast(s.risk, highRisk.riskAtLeast) && s.level === highRisk.level) {
    return highRisk.step;
  }
  return policy.kinds[s.kind].steps[s.level] ?? policy.defaultStep;
}

/** Start a step under `rule` at `startedAt`. */
export function startStep(policy: Policy, rule: StepRule, startedAt: string, s: { risk: Risk | null; procedureDueAt: string | null }): CaseStep {
  const override = (rule.riskOverrides ?? []).find((o) => riskAtLeast(s.risk, o.riskAtLeast));
  const sla = override ? override.sla : rule.sla;
  const own = 'remainderOfProcedure' in sla ? s.procedureDueAt : addDuration(startedAt, sla, policy);
  const dueAt = rule.withinProcedure && s.procedureDueAt !== null ? earliest([own, s.procedureDueAt]) : own;
  const step: CaseStep = { name: rule.name, startedAt, dueAt };
  if (!rule.escalateOnBreach) step.escalateOnBreach = false;
  return step;
}

export function workingStep(policy: Policy, s: StepSituation, at: string): CaseStep {
  return startStep(policy, workingRule(policy, s), at, s);
}

export const CLOSURE_APPROVAL_STEP = 'closure_approval';
export const MONITORING_STEP = 'monitoring';
export const DECIDED_STEP = 'decided';

export function closureApprovalStep(policy: Policy, at: string): CaseStep {
  return { name: CLOSURE_APPROVAL_STEP, startedAt: at, dueAt: addDuration(at, policy.closureApproval.wait, policy) };
}

/** 低保 第三十一条: half-yearly only where income is irregular and a member is able to work. */
function reviewConditionHolds(when: ReviewCondition, s: { risk: Risk | null; incomeVolatile: boolean; memberAbleToWork?: boolean }): boolean {
  if ('riskAtLeast' in when) return riskAtLeast(s.risk, when.riskAtLeast);
  return s.incomeVolatile && (when.memberAbleToWork !== true || s.memberAbleToWork === true);
}

/** When the next periodic review of a case in monitoring falls due, or null if the kind has none. */
export function nextReviewAt(
  policy: Policy,
  s: { kind: CaseKind; risk: Risk | null; incomeVolatile: boolean; memberAbleToWork?: boolean },
  from: string,
): string | null {
  const review = policy.kinds[s.kind].review;
  if (review === null) return null;
  const shorter = review.shorterIntervals.find(({ when }) => reviewConditionHolds(when, s));
  return addDuration(from, shorter ? shorter.interval : review.interval, policy);
}

export function reviewStep(policy: Policy, kind: CaseKind, at: string): CaseStep | null {
  const review = policy.kinds[kind].review;
  return review === null ? null : startStep(policy, review.step, at, { risk: null, procedureDueAt: null });
}

/**
 * The step after the case moves to `level` (escalation, return, transfer). An open case starts the
 * working step of its new level; steps that are not tied to a level (closure approval, a due
 * review, an emergency already acknowledged) start again at the new holder with the same deadline.
 */
export function stepAfterMove(policy: Policy, state: CaseState, level: Level, at: string): CaseStep | null {
  if (state.pendingClosure !== null) return closureApprovalStep(policy, at);
  // An emergency keeps its deadlines at each level it climbs (policy-rules: "each at the same deadlines").
  const { emergency } = policy;
  if (state.step?.name === emergency.acknowledge.name) return startStep(policy, { ...emergency.acknowledge, next: emergency.act }, at, state);
  if (state.step?.name === emergency.act.name) return startStep(policy, emergency.act, at, state);
  const unbound = unboundRule(policy, state);
  if (unbound) return startStep(policy, unbound, at, state);
  if (state.status === 'monitoring' || state.status === 'decided') {
    const review = policy.kinds[state.kind].review;
    if (review && state.step?.name === review.step.name && state.step.dueAt !== null) {
      return reviewStep(policy, state.kind, at);
    }
    return state.step;
  }
  return workingStep(policy, { ...state, level }, at);
}

/**
 * The rule of a step tied to the case rather than to a level (a re-assessment, a 公示 objection's
 * re-investigation or decision): it starts again, whole, at the unit the case moves to.
 */
function unboundRule(policy: Policy, state: CaseState): StepRule | null {
  const kind = policy.kinds[state.kind];
  const name = state.step?.name;
  const candidates = [kind.reassessment, kind.publicNotice?.objection, kind.terminationNotice?.objection];
  return candidates.find((r): r is StepRule => r !== undefined && r.name === name) ?? null;
}

/** The kind's whole procedure: shorter where confirmation is delegated to townships (低保: 20 wd). */
export function procedureOf(policy: Policy, kind: CaseKind): Duration | null {
  const rule = policy.kinds[kind];
  const delegated = rule.decision.by === 'delegation' && rule.decision.delegatedConfirmationToTownship;
  return delegated && rule.delegatedProcedure ? rule.delegatedProcedure : rule.procedure;
}

export type DueKind = 'step' | 'escalation_approval' | 'review' | 'public_notice';

export interface DueItem {
  kind: DueKind;
  dueAt: string;
}

/** Everything the case is waiting on with a due time, earliest first. */
export function dueItems(state: CaseState): DueItem[] {
  if (state.status === 'closed') return [];
  const items: DueItem[] = [];
  // An overdue step at province has nowhere left to go: it stays flagged and wakes nobody again.
  if (state.step?.dueAt && !state.overdue) items.push({ kind: 'step', dueAt: state.step.dueAt });
  if (state.pendingEscalation?.dueAt) items.push({ kind: 'escalation_approval', dueAt: state.pendingEscalation.dueAt });
  if (state.reviewDueAt) items.push({ kind: 'review', dueAt: state.reviewDueAt });
  if (state.publicNotice?.status === 'running') items.push({ kind: 'public_notice', dueAt: state.publicNotice.endsAt });
  return items.sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
}

/** The earliest instant the workflow must wake for this case, or null when nothing is due. */
export function nextDeadline(state: CaseState | null): string | null {
  if (state === null) return null;
  return earliest(dueItems(state).map((i) => i.dueAt));
}
