import { addWorkingDays, earliest } from '../calendar';
import type { RecordSignal } from '../commands';
import type { CaseState } from '../state';
import { accept, invalid, stamped, type DecideContext, type Decision, type EventOf } from './outcome';

// A monitoring signal matched to the subject of an open case: recorded on the case; when its rule
// asks for a review and the case is in monitoring, the review comes forward (e.g. a death in the
// household: review within the rule's working days).

export function recordSignal(state: CaseState, command: RecordSignal, ctx: DecideContext): Decision {
  if (!(Number.isFinite(command.score) && command.score >= 0 && command.score <= 100)) return invalid('score', 'must be 0–100');
  const within = command.reviewWithinWorkingDays;
  if (within !== null && !(Number.isInteger(within) && within >= 0)) return invalid('reviewWithinWorkingDays', 'must be a whole number ≥ 0');
  const data: EventOf<'SignalReceived'>['data'] = {
    signalId: command.signalId,
    source: command.source,
    signalType: command.signalType,
    score: command.score,
  };
  if (within !== null && state.status === 'monitoring') {
    const sooner = earliest([state.reviewDueAt, addWorkingDays(ctx.now, within, ctx.policy.calendar)]);
    if (sooner !== state.reviewDueAt) data.reviewDueAt = sooner;
  }
  return accept(stamped(ctx, 'SignalReceived', data));
}
