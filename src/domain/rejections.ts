import type { CaseAction } from './access';
import type { CaseCommandType } from './commands';
import type { CaseKind, CaseStatus, Level } from './types';

// Why the core refuses a command: values, turned into problem+json at the edge. A rejected command
// never enters history and changes nothing.
export type Rejection =
  | { rejected: 'CASE_NOT_OPEN_YET' }
  | { rejected: 'CASE_ALREADY_OPEN' }
  | { rejected: 'INVALID_DIVISION'; field: string }
  | { rejected: 'INVALID_INPUT'; field: string; message: string }
  /** Out of the actor's scope: answers like a missing case (404). */
  | { rejected: 'NOT_FOUND' }
  /** The actor's role or unit may not do this (403). */
  | { rejected: 'FORBIDDEN'; action: CaseAction }
  /** The holder's level has no authority for this decision (403 naming the level that decides). */
  | { rejected: 'NOT_AUTHORIZED_LEVEL'; decidesAt: Level }
  /** A closed case accepts only reopen. */
  | { rejected: 'CASE_CLOSED' }
  | { rejected: 'INVALID_STATUS'; status: CaseStatus; command: CaseCommandType }
  | { rejected: 'NO_HIGHER_LEVEL' }
  | { rejected: 'ESCALATION_PENDING' }
  | { rejected: 'NO_PENDING_ESCALATION' }
  | { rejected: 'TRANSFER_PENDING' }
  | { rejected: 'NO_PENDING_TRANSFER' }
  | { rejected: 'CLOSURE_PENDING' }
  | { rejected: 'NO_PENDING_CLOSURE' }
  | { rejected: 'UNKNOWN_REQUEST'; requestId: string }
  /** Nobody approves their own escalation request, transfer or closure. */
  | { rejected: 'SEPARATION_OF_DUTIES' }
  /** The holder is the base of the case's chain: there is no level below to return to. */
  | { rejected: 'RETURN_NOT_ALLOWED_AT_ORIGIN' }
  | { rejected: 'TRANSFER_SAME_UNIT' }
  | { rejected: 'TRANSFER_LEVEL_MISMATCH'; level: Level }
  /** `deadlinePassed` before anything is due; `dueAt` is the next deadline, if any. */
  | { rejected: 'NOT_DUE'; dueAt: string | null }
  /** The case's data was destroyed when its retention ended: nothing more can be done to it. */
  | { rejected: 'DATA_SHREDDED' }
  /** A legal hold stands: the data is not destroyed. */
  | { rejected: 'LEGAL_HOLD' }
  | { rejected: 'LEGAL_HOLD_IN_PLACE' }
  | { rejected: 'NO_LEGAL_HOLD' }
  /** The retention of a closed case has not ended yet (`endsAt`), or the case is not closed (null). */
  | { rejected: 'RETENTION_NOT_ENDED'; endsAt: string | null }
  /** The kind has no 公示 of this purpose: 孤儿 and 事实无人抚养儿童 forbid it for the child's privacy. */
  | { rejected: 'PUBLIC_NOTICE_NOT_ALLOWED'; kind: CaseKind; purpose: 'initial' | 'termination' }
  /** A 公示 runs (or its objection is open) until `endsAt`: the decision waits. */
  | { rejected: 'PUBLIC_NOTICE_RUNNING'; endsAt: string }
  /** The law requires an ended 公示 before this decision or termination. */
  | { rejected: 'PUBLIC_NOTICE_REQUIRED'; purpose: 'initial' | 'termination' }
  | { rejected: 'NO_RUNNING_NOTICE' }
  | { rejected: 'NO_OBJECTION_PENDING' }
  /** No extension for this kind, or already extended once. */
  | { rejected: 'PROCEDURE_NOT_EXTENDABLE'; grounds: string[] }
  | { rejected: 'NO_REFUSAL_NOTICE_DUE' }
  | { rejected: 'NO_REASSESSMENT_RULE'; kind: CaseKind };

export type RejectionCode = Rejection['rejected'];

/** Every rejection code, as data (to recognise one that crossed a process boundary). */
const CODES: Record<RejectionCode, true> = {
  CASE_NOT_OPEN_YET: true,
  CASE_ALREADY_OPEN: true,
  INVALID_DIVISION: true,
  INVALID_INPUT: true,
  NOT_FOUND: true,
  FORBIDDEN: true,
  NOT_AUTHORIZED_LEVEL: true,
  CASE_CLOSED: true,
  INVALID_STATUS: true,
  NO_HIGHER_LEVEL: true,
  ESCALATION_PENDING: true,
  NO_PENDING_ESCALATION: true,
  TRANSFER_PENDING: true,
  NO_PENDING_TRANSFER: true,
  CLOSURE_PENDING: true,
  NO_PENDING_CLOSURE: true,
  UNKNOWN_REQUEST: true,
  SEPARATION_OF_DUTIES: true,
  RETURN_NOT_ALLOWED_AT_ORIGIN: true,
  TRANSFER_SAME_UNIT: true,
  TRANSFER_LEVEL_MISMATCH: true,
  NOT_DUE: true,
  DATA_SHREDDED: true,
  LEGAL_HOLD: true,
  LEGAL_HOLD_IN_PLACE: true,
  NO_LEGAL_HOLD: true,
  RETENTION_NOT_ENDED: true,
  PUBLIC_NOTICE_NOT_ALLOWED: true,
  PUBLIC_NOTICE_RUNNING: true,
  PUBLIC_NOTICE_REQUIRED: true,
  NO_RUNNING_NOTICE: true,
  NO_OBJECTION_PENDING: true,
  PROCEDURE_NOT_EXTENDABLE: true,
  NO_REFUSAL_NOTICE_DUE: true,
  NO_REASSESSMENT_RULE: true,
};

export function isRejectionCode(value: unknown): value is RejectionCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(CODES, value);
}
