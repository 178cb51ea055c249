import type { ExtendProcedure, NotifyRefusal, ReportChange } from '../commands';
import { addDuration, DECIDED_STEP, startStep, workingRule } from '../deadlines';
import type { CaseState } from '../state';
import { accept, invalid, isBlank, reject, stamped, type DecideContext, type Decision } from './outcome';

// The procedure's own clock and what the law asks around it: an extension only on a recorded ground
// (低保 第二十二条: 30 → 45 wd; 2022 通知 四(一): 20 → 45 wd where townships confirm), the refusal
// told to the applicant (低保 第二十一条, 特困 第十八条), and a re-assessment when circumstances
// change (特困 第二十三条).

export function extendProcedure(state: CaseState, command: ExtendProcedure, ctx: DecideContext): Decision {
  const { policy } = ctx;
  const extension = policy.kinds[state.kind].procedureExtension;
  if (!extension || state.procedureDueAt === null) return reject({ rejected: 'PROCEDURE_NOT_EXTENDABLE', grounds: [] });
  if (state.procedureExtendedFor) return reject({ rejected: 'PROCEDURE_NOT_EXTENDABLE', grounds: [] });
  if (!extension.grounds.includes(command.ground)) return invalid('ground', `must be one of ${extension.grounds.join(', ')}`);
  if (isBlank(command.reason)) return invalid('reason', 'must not be empty');
  const procedureDueAt = addDuration(state.openedAt, extension.upTo, policy);
  const extended = { ...state, procedureDueAt };
  // A step bound by the whole procedure gets the longer time; one with its own shorter limit keeps it.
  const rule = workingRule(policy, state);
  const current = state.step;
  const bound = current !== null && current.name === rule.name && current.dueAt === state.procedureDueAt;
  return accept(
    stamped(ctx, 'ProcedureExtended', {
      ground: command.ground,
      reason: command.reason,
      procedureDueAt,
      ...(bound ? { step: startStep(policy, rule, current.startedAt, extended) } : {}),
    }),
  );
}

export function notifyRefusal(state: CaseState, command: NotifyRefusal, ctx: DecideContext): Decision {
  if (isBlank(command.notes)) return invalid('notes', 'must not be empty');
  const rule = ctx.policy.kinds[state.kind].refusalNotice;
  if (!rule || state.step?.name !== rule.name) return reject({ rejected: 'NO_REFUSAL_NOTICE_DUE' });
  return accept(stamped(ctx, 'RefusalNotified', { notes: command.notes, step: { name: DECIDED_STEP, startedAt: ctx.now, dueAt: null } }));
}

export function reportChange(state: CaseState, command: ReportChange, ctx: DecideContext): Decision {
  if (isBlank(command.notes)) return invalid('notes', 'must not be empty');
  const rule = ctx.policy.kinds[state.kind].reassessment;
  if (!rule) return reject({ rejected: 'NO_REASSESSMENT_RULE', kind: state.kind });
  return accept(stamped(ctx, 'ChangeReported', { notes: command.notes, step: startStep(ctx.policy, rule, ctx.now, state) }));
}
