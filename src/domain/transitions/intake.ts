import { chainUnitAt } from '../chain';
import type { OpenCase } from '../commands';
import { addDuration, isEmergency, procedureOf, workingStep } from '../deadlines';
import { isDivisionCode, levelOf } from '../divisions';
import type { CaseEscalated } from '../events';
import type { CaseState } from '../state';
import { CASE_KINDS, familyOf, isAbove, RISKS } from '../types';
import { openAccess } from '../access';
import { accept, invalid, reject, stamped, type DecideContext, type Decision } from './outcome';

// Opening a case, and the emergency path a child in danger takes from the first moment.

export function open(command: OpenCase, ctx: DecideContext): Decision {
  if (!isDivisionCode(command.division)) return reject({ rejected: 'INVALID_DIVISION', field: 'division' });
  if (!CASE_KINDS.includes(command.kind)) return invalid('kind', 'unknown case kind');
  if (command.risk !== null && !RISKS.includes(command.risk)) return invalid('risk', 'unknown risk');
  if (openAccess(ctx.actor, command.division, command.kind) === 'forbidden') return reject({ rejected: 'FORBIDDEN', action: 'open' });
  const { policy, now } = ctx;
  const family = familyOf(command.kind);
  const procedure = procedureOf(policy, command.kind);
  const procedureDueAt = procedure ? addDuration(now, procedure, policy) : null;
  const situation = { family, kind: command.kind, level: levelOf(command.division), risk: command.risk, procedureDueAt };
  const opened = stamped(ctx, 'CaseOpened', {
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
    // Only when linked: openings without a signal or report stay byte-for-byte as they were.
    ...(command.signalId ? { signalId: command.signalId } : {}),
    ...(command.reportId ? { reportId: command.reportId } : {}),
  });
  const emergency = emergencyEscalation({ ...situation, holder: command.division, chainBase: command.division }, ctx);
  return emergency ? accept(opened, emergency) : accept(opened);
}

/** What the emergency path depends on. */
export type EmergencySituation = Pick<CaseState, 'family' | 'kind' | 'risk' | 'holder' | 'chainBase' | 'procedureDueAt'>;

/**
 * 未成年人保护法 art. 92–93: a critical minor-protection case goes straight to the county
 * 救助保护机构 without waiting for approval. Null when no such move is needed.
 */
export function emergencyEscalation(s: EmergencySituation, ctx: DecideContext): CaseEscalated | null {
  const { emergency } = ctx.policy;
  const level = levelOf(s.holder);
  if (!isEmergency(ctx.policy, s) || !isAbove(emergency.level, level)) return null;
  const to = chainUnitAt(s.chainBase, emergency.level);
  if (to === null) return null;
  return stamped(ctx, 'CaseEscalated', {
    from: s.holder,
    to,
    fromLevel: level,
    toLevel: emergency.level,
    cause: 'emergency',
    step: workingStep(ctx.policy, { ...s, level: emergency.level }, ctx.now),
    pendingEscalation: null,
  });
}
