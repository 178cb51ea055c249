import { returnTargetOf } from '../chain';
import type { ApproveEscalation, RejectEscalation, RequestEscalation, ReturnCase } from '../commands';
import { addDuration, stepAfterMove } from '../deadlines';
import { levelOf, parentOf } from '../divisions';
import type { CaseState } from '../state';
import { accept, invalid, isBlank, pendingRequestProblem, reject, stamped, type DecideContext, type Decision } from './outcome';

// Moving a case along its chain by people: a request to go up, its approval or rejection by the
// next level's supervisor, and a return one level down.

export function requestEscalation(state: CaseState, command: RequestEscalation, ctx: DecideContext): Decision {
  if (state.pendingTransfer) return reject({ rejected: 'TRANSFER_PENDING' });
  const to = parentOf(state.holder);
  if (to === null) return reject({ rejected: 'NO_HIGHER_LEVEL' });
  if (isBlank(command.reason)) return invalid('reason', 'must not be empty');
  return accept(
    stamped(ctx, 'EscalationRequested', {
      requestId: command.requestId,
      from: state.holder,
      to,
      reason: command.reason,
      dueAt: addDuration(ctx.now, ctx.policy.escalationApproval.wait, ctx.policy),
    }),
  );
}

export function approveEscalation(state: CaseState, command: ApproveEscalation, ctx: DecideContext): Decision {
  const pending = state.pendingEscalation;
  if (pending === null) return reject({ rejected: 'NO_PENDING_ESCALATION' });
  const problem = pendingRequestProblem(pending, pending.requestId, command.requestId, ctx, { rejected: 'NO_PENDING_ESCALATION' });
  if (problem) return reject(problem);
  const toLevel = levelOf(pending.to);
  return accept(
    stamped(ctx, 'EscalationApproved', { requestId: pending.requestId }),
    stamped(ctx, 'CaseEscalated', {
      from: state.holder,
      to: pending.to,
      fromLevel: state.level,
      toLevel,
      cause: 'approval',
      requestId: pending.requestId,
      step: stepAfterMove(ctx.policy, state, toLevel, ctx.now),
      pendingEscalation: null,
    }),
  );
}

export function rejectEscalation(state: CaseState, command: RejectEscalation, ctx: DecideContext): Decision {
  const pending = state.pendingEscalation;
  const problem = pendingRequestProblem(pending, pending?.requestId, command.requestId, ctx, { rejected: 'NO_PENDING_ESCALATION' });
  if (problem) return reject(problem);
  if (isBlank(command.reason)) return invalid('reason', 'must not be empty');
  return accept(stamped(ctx, 'EscalationRejected', { requestId: command.requestId, reason: command.reason }));
}

export function returnCase(state: CaseState, command: ReturnCase, ctx: DecideContext): Decision {
  if (state.pendingTransfer) return reject({ rejected: 'TRANSFER_PENDING' });
  if (state.pendingClosure) return reject({ rejected: 'CLOSURE_PENDING' });
  const to = returnTargetOf(state.chainBase, state.holder);
  if (to === null) return reject({ rejected: 'RETURN_NOT_ALLOWED_AT_ORIGIN' });
  if (isBlank(command.reason)) return invalid('reason', 'must not be empty');
  return accept(
    stamped(ctx, 'CaseReturned', {
      from: state.holder,
      to,
      reason: command.reason,
      step: stepAfterMove(ctx.policy, state, levelOf(to), ctx.now),
    }),
  );
}
