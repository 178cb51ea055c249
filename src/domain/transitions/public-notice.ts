import { isAtOrAfter } from '../calendar';
import type { ObjectToNotice, ResolveObjection, StartPublicNotice } from '../commands';
import { addDuration, startStep } from '../deadlines';
import type { Policy, PublicNoticeRule } from '../policy';
import type { Rejection } from '../rejections';
import type { CaseState } from '../state';
import { accept, invalid, isBlank, reject, stamped, type DecideContext, type Decision } from './outcome';

// 公示: the township publishes the initial opinion (低保 第十九条, 特困 第十五条) or the termination
// of support (特困 第二十六条) in the applicant's village for 7 days; an objection sends the case back
// for re-investigation and a new 公示, or (termination) to a decision within 15 working days.
// 孤儿 and 事实无人抚养儿童 have none: their texts forbid it to protect the child's privacy.

function ruleFor(policy: Policy, state: CaseState, purpose: StartPublicNotice['purpose']): PublicNoticeRule | null {
  const kind = policy.kinds[state.kind];
  return (purpose === 'initial' ? kind.publicNotice : kind.terminationNotice) ?? null;
}

export function startPublicNotice(state: CaseState, command: StartPublicNotice, ctx: DecideContext): Decision {
  if (isBlank(command.noticeId)) return invalid('noticeId', 'must not be empty');
  if (command.purpose !== 'initial' && command.purpose !== 'termination') return invalid('purpose', 'must be initial or termination');
  const rule = ruleFor(ctx.policy, state, command.purpose);
  if (rule === null) return reject({ rejected: 'PUBLIC_NOTICE_NOT_ALLOWED', kind: state.kind, purpose: command.purpose });
  const wanted = command.purpose === 'initial' ? 'open' : 'monitoring';
  if (state.status !== wanted) return reject({ rejected: 'INVALID_STATUS', status: state.status, command: 'startPublicNotice' });
  const notice = state.publicNotice ?? null;
  if (notice?.status === 'running') return reject({ rejected: 'PUBLIC_NOTICE_RUNNING', endsAt: notice.endsAt });
  // After an objection the new opinion is published again (重新公示): the interrupted step comes back.
  const resumes = notice?.status === 'objected' && notice.purpose === command.purpose;
  return accept(
    stamped(ctx, 'PublicNoticeStarted', {
      noticeId: command.noticeId,
      purpose: command.purpose,
      place: state.chainBase,
      endsAt: addDuration(ctx.now, rule.period, ctx.policy),
      ...(resumes ? { step: notice.stepBefore } : {}),
    }),
  );
}

export function objectToNotice(state: CaseState, command: ObjectToNotice, ctx: DecideContext): Decision {
  if (isBlank(command.objectionId)) return invalid('objectionId', 'must not be empty');
  if (isBlank(command.summary)) return invalid('summary', 'must not be empty');
  const notice = state.publicNotice ?? null;
  if (notice?.status !== 'running' || isAtOrAfter(ctx.now, notice.endsAt)) return reject({ rejected: 'NO_RUNNING_NOTICE' });
  const objection = ruleFor(ctx.policy, state, notice.purpose)?.objection;
  return accept(
    stamped(ctx, 'PublicNoticeObjected', {
      noticeId: notice.noticeId,
      objectionId: command.objectionId,
      summary: command.summary,
      stepBefore: state.step,
      ...(objection ? { step: startStep(ctx.policy, objection, ctx.now, state) } : {}),
    }),
  );
}

/** An objection to a termination 公示 is decided (特困 第二十六条); an initial one is answered by a new 公示. */
export function resolveObjection(state: CaseState, command: ResolveObjection, ctx: DecideContext): Decision {
  if (typeof command.upheld !== 'boolean') return invalid('upheld', 'must be true or false');
  if (isBlank(command.reason)) return invalid('reason', 'must not be empty');
  const notice = state.publicNotice ?? null;
  if (notice?.status !== 'objected' || notice.purpose !== 'termination') return reject({ rejected: 'NO_OBJECTION_PENDING' });
  return accept(
    stamped(ctx, 'PublicNoticeEnded', {
      noticeId: notice.noticeId,
      outcome: command.upheld ? 'objection_upheld' : 'objection_dismissed',
      reason: command.reason,
      step: notice.stepBefore,
    }),
  );
}

/** The timer: the 公示 period passed without objection. */
export function noticePeriodEnded(state: CaseState, ctx: DecideContext): Decision {
  const notice = state.publicNotice ?? null;
  if (notice?.status !== 'running') return reject({ rejected: 'NOT_DUE', dueAt: null });
  return accept(stamped(ctx, 'PublicNoticeEnded', { noticeId: notice.noticeId, outcome: 'no_objection' }));
}

/** Why a decision must wait for the 公示: one is running or objected to, or the law requires one first. */
export function decisionNoticeProblem(state: CaseState, outcome: 'approved' | 'denied', policy: Policy): Rejection | null {
  const notice = state.publicNotice ?? null;
  if (notice?.purpose === 'initial' && (notice.status === 'running' || notice.status === 'objected')) {
    return { rejected: 'PUBLIC_NOTICE_RUNNING', endsAt: notice.endsAt };
  }
  const rule = policy.kinds[state.kind].publicNotice;
  const ended = notice?.purpose === 'initial' && notice.status === 'ended';
  if (outcome === 'approved' && rule?.required === true && !ended) return { rejected: 'PUBLIC_NOTICE_REQUIRED', purpose: 'initial' };
  return null;
}

/** Why support may not end yet: its termination 公示 runs, was objected to, or is required first. */
export function terminationNoticeProblem(state: CaseState, ctx: DecideContext): Rejection | null {
  const notice = state.publicNotice ?? null;
  if (notice?.purpose === 'termination' && (notice.status === 'running' || notice.status === 'objected')) {
    return { rejected: 'PUBLIC_NOTICE_RUNNING', endsAt: notice.endsAt };
  }
  const rule = ctx.policy.kinds[state.kind].terminationNotice;
  const ended = notice?.purpose === 'termination' && notice.status === 'ended';
  if (state.status === 'monitoring' && rule?.required === true && !ended) return { rejected: 'PUBLIC_NOTICE_REQUIRED', purpose: 'termination' };
  return null;
}
