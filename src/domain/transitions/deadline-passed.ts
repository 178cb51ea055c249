import { isAtOrAfter } from '../calendar';
import { addDuration, dueItems, reviewStep, stepAfterMove } from '../deadlines';
import { levelOf, parentOf } from '../divisions';
import type { CaseState } from '../state';
import { noticePeriodEnded } from './public-notice';
import { accept, reject, stamped, type DecideContext, type Decision } from './outcome';

/**
 * The workflow's timer fired. The earliest thing due is handled: a due review opens the review
 * step; a missed step or an unanswered escalation request escalates one level (督办) — the request
 * moving up with the case — or, at province, flags the case overdue where it is.
 */
export function deadlinePassed(state: CaseState, ctx: DecideContext): Decision {
  const { policy, now } = ctx;
  const due = dueItems(state)[0];
  if (due === undefined) return reject({ rejected: 'NOT_DUE', dueAt: null });
  if (!isAtOrAfter(now, due.dueAt)) return reject({ rejected: 'NOT_DUE', dueAt: due.dueAt });

  if (due.kind === 'public_notice') return noticePeriodEnded(state, ctx);
  if (due.kind === 'review') {
    // A closure waiting for approval keeps its step: the review is noted, the closure decides.
    if (state.pendingClosure !== null) return accept(stamped(ctx, 'ReviewDue', { dueAt: due.dueAt, keepStep: true }));
    const step = reviewStep(policy, state.kind, now);
    if (step === null || step.dueAt === null) {
      return accept(stamped(ctx, 'ReviewDue', { dueAt: due.dueAt }));
    }
    return accept(stamped(ctx, 'ReviewDue', { dueAt: step.dueAt, step }));
  }

  const stepName = due.kind === 'escalation_approval' ? 'escalation_approval' : (state.step?.name ?? 'step');
  const up = parentOf(state.holder);
  const escalates = due.kind === 'escalation_approval' || state.step?.escalateOnBreach !== false;
  const breached = stamped(ctx, 'SlaBreached', {
    step: stepName,
    dueAt: due.dueAt,
    holder: state.holder,
    level: state.level,
    ...(up === null || !escalates ? { overdue: true } : {}),
  });
  if (up === null || !escalates) return accept(breached);

  const toLevel = levelOf(up);
  const beyond = parentOf(up);
  const pending = state.pendingEscalation;
  return accept(
    breached,
    stamped(ctx, 'CaseEscalated', {
      from: state.holder,
      to: up,
      fromLevel: state.level,
      toLevel,
      cause: 'sla_breach',
      step: stepAfterMove(policy, state, toLevel, now),
      pendingEscalation: pending !== null && beyond !== null ? { to: beyond, dueAt: addDuration(now, policy.escalationApproval.wait, policy) } : null,
    }),
  );
}
