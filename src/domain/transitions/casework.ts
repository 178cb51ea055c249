import { earliest } from '../calendar';
import type { AddNote, RecordAssessment, RecordFollowUp } from '../commands';
import { MONITORING_STEP, nextReviewAt, startStep, workingRule } from '../deadlines';
import type { Policy } from '../policy';
import type { CaseState, CaseStep } from '../state';
import { RISKS } from '../types';
import { emergencyEscalation } from './intake';
import { accept, invalid, isBlank, stamped, type DecideContext, type Decision, type EventOf } from './outcome';

// The holder's work on a case: assessments, notes and follow-up visits, and what they do to the
// step the case is in and to its periodic review.

export function assess(state: CaseState, command: RecordAssessment, ctx: DecideContext): Decision {
  const { householdSize, monthlyAmount } = command;
  if (householdSize !== null && !(Number.isInteger(householdSize) && householdSize > 0)) {
    return invalid('householdSize', 'must be a whole number ≥ 1');
  }
  if (monthlyAmount !== null && !(Number.isFinite(monthlyAmount) && monthlyAmount >= 0)) {
    return invalid('monthlyAmount', 'must be a number ≥ 0');
  }
  if (command.risk !== null && !RISKS.includes(command.risk)) return invalid('risk', 'unknown risk');
  const { policy, now } = ctx;
  const risk = command.risk ?? state.risk;
  const incomeVolatile = command.incomeVolatile ?? state.incomeVolatile;
  const memberAbleToWork = command.memberAbleToWork ?? state.memberAbleToWork;
  const after = { ...state, risk, incomeVolatile, memberAbleToWork };
  const data: EventOf<'AssessmentRecorded'>['data'] = {
    risk: command.risk,
    findings: command.findings,
    householdSize,
    monthlyAmount,
  };
  if (command.incomeVolatile !== undefined) data.incomeVolatile = command.incomeVolatile;
  if (command.memberAbleToWork !== undefined) data.memberAbleToWork = command.memberAbleToWork;

  // A child in danger goes to the county whatever the case's status (未成年人保护法 art. 92–93).
  const emergency = emergencyEscalation(after, ctx);
  if (emergency) return accept(stamped(ctx, 'AssessmentRecorded', data), emergency);
  if (state.status === 'open' || state.status === 'awaiting_approval') {
    const step = stepAfterWork(state, after, policy, now, 'assessment');
    if (step !== state.step) data.step = step;
  } else {
    if (state.step?.name === policy.emergency.acknowledge.name) data.step = startStep(policy, policy.emergency.act, now, after);
    if (state.status === 'monitoring' && state.reviewDueAt !== null) {
      // A higher risk or a volatile income shortens the interval at once; a lower one waits for the next visit.
      const sooner = earliest([state.reviewDueAt, nextReviewAt(policy, after, now)]);
      if (sooner !== state.reviewDueAt) data.reviewDueAt = sooner;
    }
  }
  return accept(stamped(ctx, 'AssessmentRecorded', data));
}

export function addNote(command: AddNote, ctx: DecideContext): Decision {
  if (isBlank(command.text)) return invalid('text', 'must not be empty');
  return accept(stamped(ctx, 'NoteAdded', { text: command.text }));
}

/**
 * The step after the holder worked on an open case: a new risk may call for a different step; an
 * assessment or follow-up completes a step that has a `next` (emergency acknowledged, aid given);
 * a follow-up restarts a recurring visit step. Returns the same object when nothing changes.
 */
function stepAfterWork(before: CaseState, after: CaseState, policy: Policy, now: string, work: 'assessment' | 'follow_up'): CaseStep | null {
  const oldRule = workingRule(policy, before);
  const newRule = workingRule(policy, after);
  const current = before.step;
  if (newRule.name !== oldRule.name) return startStep(policy, newRule, now, after);
  if (current === null || current.name !== oldRule.name) return current;
  if (oldRule.next) return startStep(policy, oldRule.next, now, after);
  if (work === 'follow_up' && oldRule.recurring) return startStep(policy, oldRule, now, after);
  if (after.risk !== before.risk && oldRule.riskOverrides) return startStep(policy, oldRule, current.startedAt, after);
  return current;
}

/** Does this kind of follow-up satisfy the case's periodic review (and restart its interval)? */
function countsAsReview(policy: Policy, state: CaseState, kind: RecordFollowUp['kind']): boolean {
  const satisfiedBy = policy.kinds[state.kind].review?.satisfiedBy;
  return satisfiedBy === undefined || satisfiedBy.includes(kind);
}

export function followUp(state: CaseState, command: RecordFollowUp, ctx: DecideContext): Decision {
  const { policy, now } = ctx;
  const data: EventOf<'FollowUpRecorded'>['data'] = { kind: command.kind, notes: command.notes };
  if (state.status === 'open' || state.status === 'awaiting_approval') {
    const step = stepAfterWork(state, state, policy, now, 'follow_up');
    if (step !== state.step) data.step = step;
  } else if (state.step?.name === policy.emergency.acknowledge.name) {
    // An emergency in a decided or monitored case: the visit acknowledges it; now act.
    data.step = startStep(policy, policy.emergency.act, now, state);
  } else if (state.status === 'monitoring' && countsAsReview(policy, state, command.kind)) {
    // The periodic review done: its step (if one was due) ends; the next interval starts.
    if (state.pendingClosure === null) data.step = { name: MONITORING_STEP, startedAt: now, dueAt: null };
    data.reviewDueAt = nextReviewAt(policy, state, now);
  }
  return accept(stamped(ctx, 'FollowUpRecorded', data));
}
