import type { CaseAction } from './access';
import { caseAccess, openAccess } from './access';
import { earliest, isAtOrAfter, isIsoInstant } from './calendar';
import { chainUnitAt, returnTargetOf } from './chain';
import type {
  AcceptTransfer,
  ApproveClosure,
  ApproveEscalation,
  CaseCommand,
  OpenCase,
  RecordAssessment,
  RecordDecision,
  RecordFollowUp,
  RejectEscalation,
  RequestClosure,
  RequestEscalation,
  RequestTransfer,
  ReturnCase,
} from './commands';
import {
  addDuration,
  closureApprovalStep,
  DECIDED_STEP,
  dueItems,
  isEmergency,
  MONITORING_STEP,
  nextReviewAt,
  reviewStep,
  startStep,
  stepAfterMove,
  workingRule,
  workingStep,
} from './deadlines';
import { decisionLevels } from './decision-authority';
import { isDivisionCode, levelOf, parentOf } from './divisions';
import type { CaseEscalated, CaseEvent } from './events';
import type { Policy } from './policy';
import type { Rejection } from './rejections';
import type { CaseState, CaseStep } from './state';
import type { Actor, CaseStatus, Level } from './types';
import { CASE_KINDS, familyOf, isAbove, RISKS } from './types';

export type { Rejection } from './rejections';

/** Everything from outside that a decision may depend on: time, who acts, the pinned policy. */
export interface DecideContext {
  now: string;
  actor: Actor;
  policy: Policy;
}

export type Decision = { ok: true; events: CaseEvent[] } | { ok: false; rejection: Rejection };

const reject = (rejection: Rejection): Decision => ({ ok: false, rejection });
const accept = (...events: CaseEvent[]): Decision => ({ ok: true, events });

/** The access action each command needs. */
const ACTION: Record<Exclude<CaseCommand['type'], 'open'>, CaseAction> = {
  assess: 'assess',
  addNote: 'addNote',
  requestEscalation: 'requestEscalation',
  approveEscalation: 'approveEscalation',
  rejectEscalation: 'rejectEscalation',
  return: 'return',
  decide: 'decide',
  followUp: 'followUp',
  requestTransfer: 'requestTransfer',
  acceptTransfer: 'acceptTransfer',
  requestClosure: 'requestClosure',
  approveClosure: 'approveClosure',
  reopen: 'reopen',
  deadlinePassed: 'deadlinePassed',
};

/** Statuses in which each command makes sense (SPEC §3). */
const ALLOWED_IN: Record<Exclude<CaseCommand['type'], 'open' | 'deadlinePassed'>, readonly CaseStatus[]> = {
  assess: ['open', 'awaiting_approval', 'decided', 'monitoring'],
  addNote: ['open', 'awaiting_approval', 'decided', 'monitoring'],
  requestEscalation: ['open'],
  approveEscalation: ['awaiting_approval'],
  rejectEscalation: ['awaiting_approval'],
  return: ['open', 'decided', 'monitoring'],
  decide: ['open'],
  followUp: ['open', 'awaiting_approval', 'decided', 'monitoring'],
  requestTransfer: ['open', 'monitoring'],
  acceptTransfer: ['open', 'decided', 'monitoring'],
  requestClosure: ['decided', 'monitoring'],
  approveClosure: ['decided', 'monitoring'],
  reopen: ['closed'],
};

/** Decide what a command does to a case: the events to append, or why not. Pure. */
export function decide(state: CaseState | null, command: CaseCommand, ctx: DecideContext): Decision {
  if (!isIsoInstant(ctx.now)) return reject({ rejected: 'INVALID_INPUT', field: 'ctx.now', message: 'must be an ISO instant' });
  if (command.type === 'open') return state === null ? open(command, ctx) : reject({ rejected: 'CASE_ALREADY_OPEN' });
  if (state === null) return reject({ rejected: 'CASE_NOT_OPEN_YET' });

  const access = caseAccess(ctx.actor, ACTION[command.type], state);
  if (access === 'not_found') return reject({ rejected: 'NOT_FOUND' });
  if (access === 'forbidden') return reject({ rejected: 'FORBIDDEN', action: ACTION[command.type] });
  if (state.status === 'closed' && command.type !== 'reopen') return reject({ rejected: 'CASE_CLOSED' });
  if (command.type !== 'deadlinePassed' && !ALLOWED_IN[command.type].includes(state.status)) {
    if (state.status === 'awaiting_approval') return reject({ rejected: 'ESCALATION_PENDING' });
    return reject({ rejected: 'INVALID_STATUS', status: state.status, command: command.type });
  }

  switch (command.type) {
    case 'assess':
      return assess(state, command, ctx);
    case 'addNote':
      if (command.text.trim() === '') return invalid('text', 'must not be empty');
      return accept(base(ctx, 'NoteAdded', { text: command.text }));
    case 'requestEscalation':
      return requestEscalation(state, command, ctx);
    case 'approveEscalation':
      return approveEscalation(state, command, ctx);
    case 'rejectEscalation':
      return rejectEscalation(state, command, ctx);
    case 'return':
      return returnCase(state, command, ctx);
    case 'decide':
      return recordDecision(state, command, ctx);
    case 'followUp':
      return followUp(state, command, ctx);
    case 'requestTransfer':
      return requestTransfer(state, command, ctx);
    case 'acceptTransfer':
      return acceptTransfer(state, command, ctx);
    case 'requestClosure':
      return requestClosure(state, command, ctx);
    case 'approveClosure':
      return approveClosure(state, command, ctx);
    case 'reopen':
      return accept(base(ctx, 'CaseReopened', { reason: command.reason, step: workingStep(ctx.policy, state, ctx.now) }));
    case 'deadlinePassed':
      return deadlinePassed(state, ctx);
    default: {
      const unreachable: never = command;
      throw new Error(`unknown command ${JSON.stringify(unreachable)}`);
    }
  }
}

type EventOf<T extends CaseEvent['type']> = Extract<CaseEvent, { type: T }>;

/** An event stamped with the context's time and actor. */
function base<T extends CaseEvent['type']>(ctx: DecideContext, type: T, data: EventOf<T>['data']): EventOf<T> {
  return { type, at: ctx.now, actor: ctx.actor.id, data } as EventOf<T>;
}

const invalid = (field: string, message: string): Decision => reject({ rejected: 'INVALID_INPUT', field, message });

function open(command: OpenCase, ctx: DecideContext): Decision {
  if (!isDivisionCode(command.division)) return reject({ rejected: 'INVALID_DIVISION', field: 'division' });
  if (!CASE_KINDS.includes(command.kind)) return invalid('kind', 'unknown case kind');
  if (command.risk !== null && !RISKS.includes(command.risk)) return invalid('risk', 'unknown risk');
  if (openAccess(ctx.actor, command.division) === 'forbidden') return reject({ rejected: 'FORBIDDEN', action: 'open' });
  const { policy, now } = ctx;
  const family = familyOf(command.kind);
  const procedure = policy.kinds[command.kind].procedure;
  const procedureDueAt = procedure ? addDuration(now, procedure, policy) : null;
  const situation = { family, kind: command.kind, level: levelOf(command.division), risk: command.risk, procedureDueAt };
  const opened = base(ctx, 'CaseOpened', {
    caseId: command.caseId,
    caseNumber: command.caseNumber,
    family,
    kind: command.kind,
    origin: command.division,
    subjectRef: command.subjectRef,
    subjectMinorUnder14: command.subjectMinorUnder14,
    risk: command.risk,
    summary: command.summary,
    policyVersion: policy.version,
    step: workingStep(policy, situation, now),
    procedureDueAt,
  });
  const emergency = emergencyEscalation({ ...situation, holder: command.division, chainBase: command.division }, ctx);
  return emergency ? accept(opened, emergency) : accept(opened);
}

/**
 * 未成年人保护法 art. 92–93: a critical minor-protection case goes straight to the county
 * 救助保护机构 without waiting for approval. Null when no such move is needed.
 */
function emergencyEscalation(
  s: {
    family: CaseState['family'];
    kind: CaseState['kind'];
    risk: CaseState['risk'];
    holder: string;
    chainBase: string;
    procedureDueAt: string | null;
  },
  ctx: DecideContext,
): CaseEscalated | null {
  const { emergency } = ctx.policy;
  const level = levelOf(s.holder);
  if (!isEmergency(ctx.policy, s) || !isAbove(emergency.level, level)) return null;
  const to = chainUnitAt(s.chainBase, emergency.level);
  if (to === null) return null;
  return base(ctx, 'CaseEscalated', {
    from: s.holder,
    to,
    fromLevel: level,
    toLevel: emergency.level,
    cause: 'emergency',
    step: workingStep(ctx.policy, { ...s, level: emergency.level }, ctx.now),
    pendingEscalation: null,
  });
}

function assess(state: CaseState, command: RecordAssessment, ctx: DecideContext): Decision {
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
  const after = { ...state, risk, incomeVolatile };
  const data: EventOf<'AssessmentRecorded'>['data'] = {
    risk: command.risk,
    findings: command.findings,
    householdSize,
    monthlyAmount,
  };
  if (command.incomeVolatile !== undefined) data.incomeVolatile = command.incomeVolatile;

  // A child in danger goes to the county whatever the case's status (未成年人保护法 art. 92–93).
  const emergency = emergencyEscalation(after, ctx);
  if (emergency) return accept(base(ctx, 'AssessmentRecorded', data), emergency);
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
  return accept(base(ctx, 'AssessmentRecorded', data));
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

function requestEscalation(state: CaseState, command: RequestEscalation, ctx: DecideContext): Decision {
  if (state.pendingTransfer) return reject({ rejected: 'TRANSFER_PENDING' });
  const to = parentOf(state.holder);
  if (to === null) return reject({ rejected: 'NO_HIGHER_LEVEL' });
  if (command.reason.trim() === '') return invalid('reason', 'must not be empty');
  return accept(
    base(ctx, 'EscalationRequested', {
      requestId: command.requestId,
      from: state.holder,
      to,
      reason: command.reason,
      dueAt: addDuration(ctx.now, ctx.policy.escalationApproval.wait, ctx.policy),
    }),
  );
}

/** Checks shared by the decisions on a pending request: it exists, it is this one, it is not one's own. */
function checkPending(pending: { requestedBy: string } | null, id: string, givenId: string, ctx: DecideContext, none: Rejection): Rejection | null {
  if (pending === null) return none;
  if (id !== givenId) return { rejected: 'UNKNOWN_REQUEST', requestId: givenId };
  if (pending.requestedBy === ctx.actor.id) return { rejected: 'SEPARATION_OF_DUTIES' };
  return null;
}

function approveEscalation(state: CaseState, command: ApproveEscalation, ctx: DecideContext): Decision {
  const pending = state.pendingEscalation;
  const problem = checkPending(pending, pending?.requestId ?? '', command.requestId, ctx, { rejected: 'NO_PENDING_ESCALATION' });
  if (problem || pending === null) return reject(problem ?? { rejected: 'NO_PENDING_ESCALATION' });
  const toLevel = levelOf(pending.to);
  return accept(
    base(ctx, 'EscalationApproved', { requestId: pending.requestId }),
    base(ctx, 'CaseEscalated', {
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

function rejectEscalation(state: CaseState, command: RejectEscalation, ctx: DecideContext): Decision {
  const pending = state.pendingEscalation;
  const problem = checkPending(pending, pending?.requestId ?? '', command.requestId, ctx, { rejected: 'NO_PENDING_ESCALATION' });
  if (problem) return reject(problem);
  if (command.reason.trim() === '') return invalid('reason', 'must not be empty');
  return accept(base(ctx, 'EscalationRejected', { requestId: command.requestId, reason: command.reason }));
}

function returnCase(state: CaseState, command: ReturnCase, ctx: DecideContext): Decision {
  if (state.pendingTransfer) return reject({ rejected: 'TRANSFER_PENDING' });
  if (state.pendingClosure) return reject({ rejected: 'CLOSURE_PENDING' });
  const to = returnTargetOf(state.chainBase, state.holder);
  if (to === null) return reject({ rejected: 'RETURN_NOT_ALLOWED_AT_ORIGIN' });
  if (command.reason.trim() === '') return invalid('reason', 'must not be empty');
  return accept(
    base(ctx, 'CaseReturned', {
      from: state.holder,
      to,
      reason: command.reason,
      step: stepAfterMove(ctx.policy, state, levelOf(to), ctx.now),
    }),
  );
}

/** The levels that may decide this case now (amount: the decision's, else the assessed one). */
export function decisionLevelsFor(policy: Policy, state: CaseState, amount: number | null): Level[] {
  return decisionLevels(policy, state.kind, state.origin, amount ?? state.monthlyAmount);
}

function recordDecision(state: CaseState, command: RecordDecision, ctx: DecideContext): Decision {
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
  const supportOngoing = command.outcome === 'approved' && policy.kinds[state.kind].ongoingSupport;
  const step: CaseStep = { name: supportOngoing ? MONITORING_STEP : DECIDED_STEP, startedAt: now, dueAt: null };
  return accept(
    base(ctx, 'DecisionRecorded', {
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

/** Does this kind of follow-up satisfy the case's periodic review (and restart its interval)? */
function countsAsReview(policy: Policy, state: CaseState, kind: RecordFollowUp['kind']): boolean {
  const satisfiedBy = policy.kinds[state.kind].review?.satisfiedBy;
  return satisfiedBy === undefined || satisfiedBy.includes(kind);
}

function followUp(state: CaseState, command: RecordFollowUp, ctx: DecideContext): Decision {
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
  return accept(base(ctx, 'FollowUpRecorded', data));
}

function requestTransfer(state: CaseState, command: RequestTransfer, ctx: DecideContext): Decision {
  if (state.pendingTransfer) return reject({ rejected: 'TRANSFER_PENDING' });
  if (state.pendingClosure) return reject({ rejected: 'CLOSURE_PENDING' });
  if (!isDivisionCode(command.to)) return reject({ rejected: 'INVALID_DIVISION', field: 'to' });
  if (command.to === state.holder) return reject({ rejected: 'TRANSFER_SAME_UNIT' });
  if (levelOf(command.to) !== state.level) return reject({ rejected: 'TRANSFER_LEVEL_MISMATCH', level: state.level });
  return accept(base(ctx, 'TransferRequested', { transferId: command.transferId, from: state.holder, to: command.to, reason: command.reason }));
}

function acceptTransfer(state: CaseState, command: AcceptTransfer, ctx: DecideContext): Decision {
  const pending = state.pendingTransfer;
  const problem = checkPending(pending, pending?.transferId ?? '', command.transferId, ctx, { rejected: 'NO_PENDING_TRANSFER' });
  if (problem || pending === null) return reject(problem ?? { rejected: 'NO_PENDING_TRANSFER' });
  return accept(
    base(ctx, 'TransferAccepted', {
      transferId: pending.transferId,
      from: state.holder,
      to: pending.to,
      step: stepAfterMove(ctx.policy, state, state.level, ctx.now),
    }),
  );
}

function requestClosure(state: CaseState, command: RequestClosure, ctx: DecideContext): Decision {
  if (state.pendingClosure) return reject({ rejected: 'CLOSURE_PENDING' });
  if (state.pendingTransfer) return reject({ rejected: 'TRANSFER_PENDING' });
  if (command.reason.trim() === '') return invalid('reason', 'must not be empty');
  if (!ctx.policy.kinds[state.kind].closureRequiresApproval) {
    return accept(base(ctx, 'CaseClosed', { reason: command.reason, approvedBy: null }));
  }
  return accept(
    base(ctx, 'ClosureRequested', {
      requestId: command.requestId,
      reason: command.reason,
      step: closureApprovalStep(ctx.policy, ctx.now),
    }),
  );
}

function approveClosure(state: CaseState, command: ApproveClosure, ctx: DecideContext): Decision {
  const pending = state.pendingClosure;
  const problem = checkPending(pending, pending?.requestId ?? '', command.requestId, ctx, { rejected: 'NO_PENDING_CLOSURE' });
  if (problem || pending === null) return reject(problem ?? { rejected: 'NO_PENDING_CLOSURE' });
  return accept(base(ctx, 'CaseClosed', { reason: pending.reason, approvedBy: ctx.actor.id }));
}

/**
 * The workflow's timer fired. The earliest thing due is handled: a due review opens the review
 * step; a missed step or an unanswered escalation request escalates one level (督办) — the request
 * moving up with the case — or, at province, flags the case overdue where it is.
 */
function deadlinePassed(state: CaseState, ctx: DecideContext): Decision {
  const { policy, now } = ctx;
  const due = dueItems(state)[0];
  if (due === undefined) return reject({ rejected: 'NOT_DUE', dueAt: null });
  if (!isAtOrAfter(now, due.dueAt)) return reject({ rejected: 'NOT_DUE', dueAt: due.dueAt });

  if (due.kind === 'review') {
    const step = reviewStep(policy, state.kind, now);
    if (step === null || step.dueAt === null) {
      return accept(base(ctx, 'ReviewDue', { dueAt: due.dueAt }));
    }
    return accept(base(ctx, 'ReviewDue', { dueAt: step.dueAt, step }));
  }

  const stepName = due.kind === 'escalation_approval' ? 'escalation_approval' : (state.step?.name ?? 'step');
  const up = parentOf(state.holder);
  const escalates = due.kind === 'escalation_approval' || state.step?.escalateOnBreach !== false;
  const breached = base(ctx, 'SlaBreached', {
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
    base(ctx, 'CaseEscalated', {
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
