import { caseAccess } from './access';
import { isIsoInstant } from './calendar';
import type { CaseCommand, CaseCommandType } from './commands';
import type { CaseState } from './state';
import type { CaseStatus } from './types';
import { approveClosure, reopen, requestClosure } from './transitions/closure';
import { addNote, assess, followUp } from './transitions/casework';
import { deadlinePassed } from './transitions/deadline-passed';
import { recordDecision } from './transitions/decision';
import { approveEscalation, rejectEscalation, requestEscalation, returnCase } from './transitions/escalation';
import { open } from './transitions/intake';
import { reject, type DecideContext, type Decision } from './transitions/outcome';
import { extendProcedure, notifyRefusal, reportChange } from './transitions/procedure';
import { objectToNotice, resolveObjection, startPublicNotice } from './transitions/public-notice';
import { placeLegalHold, releaseLegalHold, shredData } from './transitions/retention';
import { acceptReferral, declineReferral, recordServiceDelivered, refer } from './transitions/referrals';
import { recordSignal } from './transitions/signals';
import { acceptTransfer, requestTransfer } from './transitions/transfer';

export type { DecideContext, Decision } from './transitions/outcome';
export type { Rejection } from './rejections';
export { decisionLevelsFor } from './transitions/decision';

// The dispatch: checks every command shares (time, access, status), then the transition family
// that knows the command (src/domain/transitions/).

/** Statuses in which each command makes sense (SPEC §3). */
const ANY_STATUS: readonly CaseStatus[] = ['open', 'awaiting_approval', 'decided', 'monitoring', 'closed'];
const ALLOWED_IN: Record<Exclude<CaseCommandType, 'open' | 'deadlinePassed'>, readonly CaseStatus[]> = {
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
  placeLegalHold: ANY_STATUS,
  releaseLegalHold: ANY_STATUS,
  shredData: ['closed'],
  startPublicNotice: ['open', 'monitoring'],
  objectToNotice: ['open', 'monitoring'],
  resolveObjection: ['monitoring'],
  extendProcedure: ['open', 'awaiting_approval'],
  notifyRefusal: ['decided'],
  reportChange: ['monitoring'],
  recordSignal: ['open', 'awaiting_approval', 'decided', 'monitoring'],
  refer: ['open', 'decided', 'monitoring'],
  acceptReferral: ['open', 'awaiting_approval', 'decided', 'monitoring'],
  declineReferral: ['open', 'awaiting_approval', 'decided', 'monitoring'],
  recordServiceDelivered: ['open', 'awaiting_approval', 'decided', 'monitoring'],
};

/** Commands a closed case still takes. */
const ON_CLOSED: readonly CaseCommandType[] = ['reopen', 'placeLegalHold', 'releaseLegalHold', 'shredData'];

/** Decide what a command does to a case: the events to append, or why not. Pure. */
export function decide(state: CaseState | null, command: CaseCommand, ctx: DecideContext): Decision {
  if (!isIsoInstant(ctx.now)) return reject({ rejected: 'INVALID_INPUT', field: 'ctx.now', message: 'must be an ISO instant' });
  if (command.type === 'open') return state === null ? open(command, ctx) : reject({ rejected: 'CASE_ALREADY_OPEN' });
  if (state === null) return reject({ rejected: 'CASE_NOT_OPEN_YET' });

  // The command type is the action the access rules name.
  const access = caseAccess(ctx.actor, command.type, state);
  if (access === 'not_found') return reject({ rejected: 'NOT_FOUND' });
  if (access === 'forbidden') return reject({ rejected: 'FORBIDDEN', action: command.type });
  // Its data destroyed, a case takes nothing more: there is nothing left to work on.
  if (state.shreddedAt) return reject({ rejected: 'DATA_SHREDDED' });
  if (state.status === 'closed' && !ON_CLOSED.includes(command.type)) return reject({ rejected: 'CASE_CLOSED' });
  if (command.type !== 'deadlinePassed' && !ALLOWED_IN[command.type].includes(state.status)) {
    if (state.status === 'awaiting_approval') return reject({ rejected: 'ESCALATION_PENDING' });
    return reject({ rejected: 'INVALID_STATUS', status: state.status, command: command.type });
  }

  switch (command.type) {
    case 'assess':
      return assess(state, command, ctx);
    case 'addNote':
      return addNote(command, ctx);
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
      return reopen(state, command, ctx);
    case 'deadlinePassed':
      return deadlinePassed(state, ctx);
    case 'placeLegalHold':
      return placeLegalHold(state, command, ctx);
    case 'releaseLegalHold':
      return releaseLegalHold(state, command, ctx);
    case 'shredData':
      return shredData(state, ctx);
    case 'startPublicNotice':
      return startPublicNotice(state, command, ctx);
    case 'objectToNotice':
      return objectToNotice(state, command, ctx);
    case 'resolveObjection':
      return resolveObjection(state, command, ctx);
    case 'extendProcedure':
      return extendProcedure(state, command, ctx);
    case 'notifyRefusal':
      return notifyRefusal(state, command, ctx);
    case 'reportChange':
      return reportChange(state, command, ctx);
    case 'recordSignal':
      return recordSignal(state, command, ctx);
    case 'refer':
      return refer(state, command, ctx);
    case 'acceptReferral':
      return acceptReferral(state, command, ctx);
    case 'declineReferral':
      return declineReferral(state, command, ctx);
    case 'recordServiceDelivered':
      return recordServiceDelivered(state, command, ctx);
    default: {
      const unreachable: never = command;
      throw new Error(`unknown command ${JSON.stringify(unreachable)}`);
    }
  }
}
