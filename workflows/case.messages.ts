import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Actor, CaseCommand, CaseEvent, CaseState, OpenCase, Policy } from '../src/domain';

// The one definition of how the API talks to a CaseWorkflow (DESIGN.md). No personal data
// ever travels here: the subject is a reference.

export const CASE_TASK_QUEUE_DEFAULT = 'casework';

export function caseWorkflowId(caseId: string): string {
  return `case-${caseId}`;
}

export interface CaseWorkflowInput {
  /** The command that opens the case, minus its number (allocated by the workflow). */
  open: Omit<OpenCase, 'caseNumber'>;
  openedBy: Actor;
  /** The policy version the case is pinned to, for its whole life. */
  policy: Policy;
  /** Carried across continue-as-new. */
  carried?: CarriedState;
  /** Continue-as-new once the history has this many events (default 2000; tests set less). */
  historyLimit?: number;
}

export interface CarriedState {
  state: CaseState;
}

export type PeopleCommand = Exclude<CaseCommand, OpenCase | { type: 'deadlinePassed' }>;

export interface CommandRequest {
  command: PeopleCommand;
  actor: Actor;
  /** From `If-Match`: the version the client saw; a different current version is rejected. */
  expectedVersion: number | null;
}

export interface CommandResult {
  state: CaseState;
  events: CaseEvent[];
}

/** Rejection type carried by the ApplicationFailure a validator throws. */
export const REJECTION_FAILURE_TYPE = 'CaseCommandRejected';

export const commandUpdate = defineUpdate<CommandResult, [CommandRequest]>('command');
/** Completes once CaseOpened is durably in PostgreSQL; answers the persisted state. */
export const openedUpdate = defineUpdate<CaseState, []>('opened');
export const stateQuery = defineQuery<CaseState | null>('state');
