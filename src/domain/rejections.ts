import type { CaseAction } from './access';
import type { CaseCommandType } from './commands';
import type { CaseStatus, Level } from './types';

// Why the core refuses a command: values, turned into problem+json at the edge. A rejected command
// never enters history and changes nothing.
export type Rejection =
  | { rejected: 'CASE_NOT_OPEN_YET' }
  | { rejected: 'CASE_ALREADY_OPEN' }
  | { rejected: 'INVALID_DIVISION'; field: string }
  | { rejected: 'INVALID_INPUT'; field: string; message: string }
  /** Kept for compatibility; the core implements every command. */
  | { rejected: 'NOT_IMPLEMENTED'; command: string }
  /** Out of the actor's scope: answers like a missing case (404). */
  | { rejected: 'NOT_FOUND' }
  /** The actor's role or unit may not do this (403). */
  | { rejected: 'FORBIDDEN'; action: CaseAction | 'open' }
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
  | { rejected: 'NOT_DUE'; dueAt: string | null };

export type RejectionCode = Rejection['rejected'];
