import type { RecordDecision } from '../commands';
import { DECIDED_STEP, MONITORING_STEP, nextReviewAt, startStep } from '../deadlines';
import { decisionNoticeProblem } from './public-notice';
import { decisionLevels } from '../decision-authority';
import type { Policy } from '../policy';
import type { CaseState, CaseStep } from '../state';
import type { Level } from '../types';
import { isAbove } from '../types';
import { accept, invalid, reject, stamped, type DecideContext, type Decision } from './outcome';

// The decision on a case, taken only at a level the policy gives authority (SPEC §5).

/** The levels that may decide this case now (amount: the decision's, else the assessed one). */
export function decisionLevelsFor(policy: Policy, state: CaseState, amount: number | null): Level[] {
  return decisionLevels(policy, state.kind, state.origin, amount ?? state.monthlyAmount);
}

export function recordDecision(state: CaseState, command: RecordDecision, ctx: DecideContext): Decision {
  if (state.pendingTransfer) return reject({ rejected: 'TRANSFER_PENDING' });
  if (command.monthlyAmount !== null && !(Number.isFinite(command.monthlyAmount) && command.monthlyAmount >= 0)) {
    return invalid('monthlyAmount', 'must be a number ≥ 0');
  }
  const { policy, now } = ctx;
  const levels = decisionLevelsFor(policy, state, command.monthlyAmount);
  if (!levels.includes(state.level)) {
    // Name the level the case should go to: the nearest one above the holder, else the first listed.
    const decidesAt = levels.find((l) => isAbove(l, state.level)) ?? levels[0];
    return reject({ rejected: 'NOT_AUTHORIZED_LEVEL', decidesAt });
  }
  // Only the level that decides hears that its decision waits for the 公示.
  const notice = decisionNoticeProblem(state, command.outcome, policy);
  if (notice) return reject(notice);
  const supportOngoing = command.outcome === 'approved' && policy.kinds[state.kind].ongoingSupport;
  const refusal = policy.kinds[state.kind].refusalNotice;
  const step: CaseStep =
    command.outcome === 'denied' && refusal
      ? startStep(policy, refusal, now, state)
      : { name: supportOngoing ? MONITORING_STEP : DECIDED_STEP, startedAt: now, dueAt: null };
  return accept(
    stamped(ctx, 'DecisionRecorded', {
      outcome: command.outcome,
      benefit: command.benefit,
      monthlyAmount: command.monthlyAmount,
      reason: command.reason,
      level: state.level,
      supportOngoing,
      step,
      reviewDueAt: supportOngoing ? nextReviewAt(policy, state, now) : null,
    }),
  );
}
