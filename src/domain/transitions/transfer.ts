import type { AcceptTransfer, RequestTransfer } from '../commands';
import { stepAfterMove } from '../deadlines';
import { isDivisionCode, levelOf } from '../divisions';
import type { CaseState } from '../state';
import { accept, pendingRequestProblem, reject, stamped, type DecideContext, type Decision } from './outcome';

// A family moved: the case goes to another unit at the same level, which must accept it.

export function requestTransfer(state: CaseState, command: RequestTransfer, ctx: DecideContext): Decision {
  if (state.pendingTransfer) return reject({ rejected: 'TRANSFER_PENDING' });
  if (state.pendingClosure) return reject({ rejected: 'CLOSURE_PENDING' });
  if (!isDivisionCode(command.to)) return reject({ rejected: 'INVALID_DIVISION', field: 'to' });
  if (command.to === state.holder) return reject({ rejected: 'TRANSFER_SAME_UNIT' });
  if (levelOf(command.to) !== state.level) return reject({ rejected: 'TRANSFER_LEVEL_MISMATCH', level: state.level });
  return accept(stamped(ctx, 'TransferRequested', { transferId: command.transferId, from: state.holder, to: command.to, reason: command.reason }));
}

export function acceptTransfer(state: CaseState, command: AcceptTransfer, ctx: DecideContext): Decision {
  const pending = state.pendingTransfer;
  if (pending === null) return reject({ rejected: 'NO_PENDING_TRANSFER' });
  const problem = pendingRequestProblem(pending, pending.transferId, command.transferId, ctx, { rejected: 'NO_PENDING_TRANSFER' });
  if (problem) return reject(problem);
  return accept(
    stamped(ctx, 'TransferAccepted', {
      transferId: pending.transferId,
      from: state.holder,
      to: pending.to,
      step: stepAfterMove(ctx.policy, state, state.level, ctx.now),
    }),
  );
}
