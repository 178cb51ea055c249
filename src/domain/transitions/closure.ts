import type { ApproveClosure, Reopen, RequestClosure } from '../commands';
import { closureApprovalStep, workingStep } from '../deadlines';
import { emergencyEscalation } from './intake';
import { terminationNoticeProblem } from './public-notice';
import type { CaseState } from '../state';
import { accept, invalid, isBlank, pendingRequestProblem, reject, stamped, type DecideContext, type Decision } from './outcome';

// Closing a case — at once, or by a supervisor's approval where the policy asks for one — and
// reopening it.

export function requestClosure(state: CaseState, command: RequestClosure, ctx: DecideContext): Decision {
  if (state.pendingClosure) return reject({ rejected: 'CLOSURE_PENDING' });
  if (state.pendingTransfer) return reject({ rejected: 'TRANSFER_PENDING' });
  if (isBlank(command.reason)) return invalid('reason', 'must not be empty');
  const notice = terminationNoticeProblem(state, ctx);
  if (notice) return reject(notice);
  if (!ctx.policy.kinds[state.kind].closureRequiresApproval) {
    return accept(stamped(ctx, 'CaseClosed', { reason: command.reason, approvedBy: null }));
  }
  return accept(
    stamped(ctx, 'ClosureRequested', {
      requestId: command.requestId,
      reason: command.reason,
      step: closureApprovalStep(ctx.policy, ctx.now),
    }),
  );
}

export function approveClosure(state: CaseState, command: ApproveClosure, ctx: DecideContext): Decision {
  const pending = state.pendingClosure;
  if (pending === null) return reject({ rejected: 'NO_PENDING_CLOSURE' });
  const problem = pendingRequestProblem(pending, pending.requestId, command.requestId, ctx, { rejected: 'NO_PENDING_CLOSURE' });
  if (problem) return reject(problem);
  return accept(stamped(ctx, 'CaseClosed', { reason: pending.reason, approvedBy: ctx.actor.id }));
}

export function reopen(state: CaseState, command: Reopen, ctx: DecideContext): Decision {
  const reopened = stamped(ctx, 'CaseReopened', { reason: command.reason, step: workingStep(ctx.policy, state, ctx.now) });
  // A child still in danger takes the emergency path again (未成年人保护法 art. 92–93), as on opening.
  const emergency = ctx.policy.emergency.onReopen === true ? emergencyEscalation(state, ctx) : null;
  return emergency ? accept(reopened, emergency) : accept(reopened);
}
