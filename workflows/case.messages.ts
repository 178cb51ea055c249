import { ActivityFailure, ApplicationFailure, defineQuery, defineUpdate } from '@temporalio/workflow';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import {
  isRejectionCode,
  type Actor,
  type CaseCommand,
  type CaseEvent,
  type CaseState,
  type OpenCase,
  type Policy,
  type Rejection,
} from '../src/domain';

// Everything that crosses the Temporal boundary between the API and a CaseWorkflow, defined once
// (DESIGN.md): ids, input, Updates and Queries, the rejection a validator throws and how it is
// read back, and the search attributes. No personal data ever travels here: the subject is a
// reference, search attributes are codes.

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

/**
 * The input of a new run of a case whose workflow completed (a closed case past its reopen
 * window): the state rebuilt by `evolve` from the case's event log, narratives as stored (sealed),
 * and the policy the case is pinned to. The chain continues at the next seq.
 */
export function resumedRun(state: CaseState, policy: Policy): CaseWorkflowInput {
  return {
    open: {
      type: 'open',
      caseId: state.caseId,
      kind: state.kind,
      division: state.origin,
      subjectRef: state.subjectRef,
      subjectMinorUnder14: state.subjectMinorUnder14,
      risk: state.risk,
      summary: state.summary,
    },
    openedBy: { id: state.openedBy, roles: ['caseworker'], division: state.origin },
    policy,
    carried: { state },
  };
}

/** Commands people send (the timers' deadlinePassed and the retention sweep's shredData are the system's). */
export type PeopleCommand = Exclude<CaseCommand, OpenCase | { type: 'deadlinePassed' } | { type: 'shredData' }>;

export interface CommandRequest {
  command: PeopleCommand;
  actor: Actor;
  /** From `If-Match`: the version the client saw; a different current version is rejected. */
  expectedVersion: number | null;
  /** The request's Idempotency-Key (the Update id is `<actor id>:<key>`); recorded with the events. */
  key?: string | null;
  /**
   * The case the request is for (absent in requests recorded before issue 12): names the payload's
   * case, so the codec endpoint decodes it only for readers who have the case in scope.
   */
  caseId?: string;
}

/** The Update id of a command with an Idempotency-Key: a retry is the same Update, applied once per run. */
export function commandUpdateId(actorId: string, key: string): string {
  return `${actorId}:${key}`;
}

export interface CommandResult {
  state: CaseState;
  events: CaseEvent[];
}

export const commandUpdate = defineUpdate<CommandResult, [CommandRequest]>('command');

/** The retention sweep's request to destroy a case's data (the core decides whether its retention ended). */
export interface ShredRequest {
  caseId: string;
}
export const shredUpdate = defineUpdate<CaseState, [ShredRequest]>('shred');
/** Completes once CaseOpened is durably in PostgreSQL; answers the persisted state. */
export const openedUpdate = defineUpdate<CaseState, []>('opened');
export const stateQuery = defineQuery<CaseState | null>('state');

// ── Rejections ─────────────────────────────────────────────────────────────────────────────────

/**
 * Why a command was refused: the core's rejection, a stale `If-Match`, or events PostgreSQL
 * refused to store for good (a value it cannot hold: the command fails, it is never retried).
 */
export type CommandRejection = Rejection | { rejected: 'VERSION_MISMATCH'; currentVersion: number } | { rejected: 'UNSTORABLE'; sqlState: string };

/** Failure type of an activity's write that PostgreSQL refused for good (src/persistence/persistence-errors.ts). */
export const PERSISTENCE_REFUSED = 'PersistenceRefused';

/** The rejection a write refused for good becomes; null for any other failure (retried, or a bug). */
export function refusalOf(failure: unknown): CommandRejection | null {
  // A remote activity's failure arrives wrapped in an ActivityFailure, a local activity's as itself.
  const cause = failure instanceof ActivityFailure ? failure.cause : failure;
  if (!(cause instanceof ApplicationFailure) || cause.type !== PERSISTENCE_REFUSED) return null;
  const detail: unknown = cause.details?.[0];
  const sqlState = typeof detail === 'object' && detail !== null && 'sqlState' in detail ? String(detail.sqlState) : 'unknown';
  return { rejected: 'UNSTORABLE', sqlState };
}

/** Failure type of the ApplicationFailure a validator throws for a refused command. */
const REJECTION_FAILURE_TYPE = 'CaseCommandRejected';

/** The failure the workflow throws to refuse a command (non-retryable; carries the rejection). */
export function rejectionFailure(rejection: CommandRejection): ApplicationFailure {
  return ApplicationFailure.create({ type: REJECTION_FAILURE_TYPE, message: rejection.rejected, details: [rejection], nonRetryable: true });
}

/** The rejection a refused command's failure carries, checked on the way back; null for any other failure. */
export function rejectionFrom(failure: unknown): CommandRejection | null {
  if (!(failure instanceof ApplicationFailure) || failure.type !== REJECTION_FAILURE_TYPE) return null;
  const detail: unknown = failure.details?.[0];
  if (typeof detail !== 'object' || detail === null || !('rejected' in detail)) return null;
  const code = detail.rejected;
  if (code === 'VERSION_MISMATCH') {
    return 'currentVersion' in detail && typeof detail.currentVersion === 'number' ? { rejected: code, currentVersion: detail.currentVersion } : null;
  }
  if (code === 'UNSTORABLE')
    return 'sqlState' in detail && typeof detail.sqlState === 'string' ? { rejected: code, sqlState: detail.sqlState } : null;
  // Recognised code: the rest of the value is the core's own rejection, made by `decide`.
  return isRejectionCode(code) ? (detail as Rejection) : null;
}

// ── Search attributes (codes, enums and numbers only: SPEC §4) ─────────────────────────────────

export const CaseKindKey = defineSearchAttributeKey('CaseKind', SearchAttributeType.KEYWORD);
export const CaseStatusKey = defineSearchAttributeKey('CaseStatus', SearchAttributeType.KEYWORD);
export const CaseLevelKey = defineSearchAttributeKey('CaseLevel', SearchAttributeType.KEYWORD);
export const CaseHolderKey = defineSearchAttributeKey('CaseHolder', SearchAttributeType.KEYWORD);
export const CaseNumberKey = defineSearchAttributeKey('CaseNumber', SearchAttributeType.KEYWORD);

type SearchAttributeUpdate = { key: typeof CaseStatusKey; value: string };

/** Where the case is: status, level, holder (what every batch upserted before patch 'quiet-history'). */
export function placeSearchAttributes(state: CaseState): SearchAttributeUpdate[] {
  return [
    { key: CaseStatusKey, value: state.status },
    { key: CaseLevelKey, value: state.level },
    { key: CaseHolderKey, value: state.holder },
  ];
}

/** The search attributes of `state` that differ from `before` (all five when it has just opened). */
export function caseSearchAttributes(state: CaseState, before: CaseState | null): SearchAttributeUpdate[] {
  const all = (s: CaseState): SearchAttributeUpdate[] => [
    { key: CaseKindKey, value: s.kind },
    { key: CaseNumberKey, value: s.caseNumber },
    ...placeSearchAttributes(s),
  ];
  const was = new Map(before ? all(before).map((u) => [u.key.name, u.value]) : []);
  return all(state).filter((u) => was.get(u.key.name) !== u.value);
}

/** Registered with the server before workers run (`--search-attribute NAME=Keyword`). */
export const CASE_SEARCH_ATTRIBUTES: Record<string, 'Keyword'> = Object.fromEntries(
  [CaseKindKey, CaseStatusKey, CaseLevelKey, CaseHolderKey, CaseNumberKey].map((k) => [k.name, 'Keyword' as const]),
);

// ── Replay of a case's history (audit) ─────────────────────────────────────────────────────────

/** The id of the HistoryReplayWorkflow of a case: at most one runs at a time. */
export function historyReplayWorkflowId(caseId: string): string {
  return `replay-case-${caseId}`;
}
