import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { decide, evolve, familyOf, nextDeadline, type Actor, type CaseCommand, type CaseEvent, type CaseState, type Rejection } from '../src/domain';
import type { CaseActivities } from '../src/temporal/activities';
import { CaseHolderKey, CaseKindKey, CaseLevelKey, CaseNumberKey, CaseStatusKey } from '../src/temporal/search-attributes';
import {
  commandUpdate,
  openedUpdate,
  REJECTION_FAILURE_TYPE,
  stateQuery,
  type CaseWorkflowInput,
  type CommandRequest,
  type CommandResult,
} from './case.messages';

// One workflow per case: holds the live state, asks the pure core to decide, persists every
// accepted batch of events before answering, and wakes itself when a deadline passes.

const PERSISTENCE_OPTIONS = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '200 milliseconds', maximumInterval: '10 seconds' },
} as const;
/** Before patch 'local-persistence': every write was a (remote) activity. Kept for old histories. */
const remotePersistence = proxyActivities<CaseActivities>(PERSISTENCE_OPTIONS);
/**
 * Local activities: short, idempotent writes to PostgreSQL that need no task-queue round trip
 * through the server (opening a case went from ~150 ms to ~50 ms). Retried until they succeed.
 */
const localPersistence = proxyLocalActivities<CaseActivities>(PERSISTENCE_OPTIONS);

/** Continue-as-new well before Temporal's own warnings (10k events): replays stay fast. */
const DEFAULT_HISTORY_LIMIT = 2000;

const SYSTEM: Actor = { id: 'system', roles: ['system'], division: '000000000000' };

function rejectionFailure(rejection: Rejection | { rejected: 'VERSION_MISMATCH'; currentVersion: number }): ApplicationFailure {
  return ApplicationFailure.create({
    type: REJECTION_FAILURE_TYPE,
    message: rejection.rejected,
    details: [rejection],
    nonRetryable: true,
  });
}

/** China-time calendar year of an instant (case numbers are per year). */
function chinaYear(iso: string): number {
  return new Date(Date.parse(iso) + 8 * 3600_000).getUTCFullYear();
}

export async function CaseWorkflow(input: CaseWorkflowInput): Promise<void> {
  // Histories recorded before the switch to local activities replay with remote ones.
  const { allocateCaseNumber, appendEvents } = patched('local-persistence') ? localPersistence : remotePersistence;
  const { policy } = input;
  let state: CaseState | null = input.carried?.state ?? null;
  let persistedVersion = state?.version ?? 0;
  // Commands are applied one at a time, in arrival order.
  let queue: Promise<unknown> = Promise.resolve();
  const serially = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work);
    queue = next.catch(() => undefined);
    return next;
  };

  const now = () => new Date().toISOString();

  async function apply(events: CaseEvent[]): Promise<CaseState> {
    const before = state;
    const after = events.reduce<CaseState | null>(evolve, before)!;
    await appendEvents({ caseId: after.caseId, firstSeq: (before?.version ?? 0) + 1, events, policyVersion: after.policyVersion, state: after });
    state = after;
    persistedVersion = after.version;
    upsertSearchAttributes([
      { key: CaseStatusKey, value: after.status },
      { key: CaseLevelKey, value: after.level },
      { key: CaseHolderKey, value: after.holder },
    ]);
    return after;
  }

  function check(request: CommandRequest, current: CaseState | null): CaseEvent[] {
    if (current && request.expectedVersion !== null && request.expectedVersion !== current.version) {
      throw rejectionFailure({ rejected: 'VERSION_MISMATCH', currentVersion: current.version });
    }
    const decision = decide(current, request.command as CaseCommand, { now: now(), actor: request.actor, policy });
    if (!decision.ok) throw rejectionFailure(decision.rejection);
    return decision.events;
  }

  setHandler(stateQuery, () => state);
  setHandler(openedUpdate, async () => {
    await condition(() => persistedVersion >= 1);
    return state!;
  });
  setHandler(
    commandUpdate,
    (request: CommandRequest): Promise<CommandResult> =>
      serially(async () => {
        // Decide again: an earlier command in the queue may have changed the state since validation.
        const events = check(request, state);
        return { state: await apply(events), events };
      }),
    { validator: (request: CommandRequest) => void check(request, state) },
  );

  if (state === null) {
    const openedAt = now();
    const caseNumber = await allocateCaseNumber({
      caseId: input.open.caseId,
      family: familyOf(input.open.kind),
      county: input.open.division.slice(0, 6),
      year: chinaYear(openedAt),
    });
    const decision = decide(null, { ...input.open, caseNumber }, { now: openedAt, actor: input.openedBy, policy });
    if (!decision.ok) throw ApplicationFailure.nonRetryable(`cannot open case: ${decision.rejection.rejected}`);
    await serially(() => apply(decision.events));
    upsertSearchAttributes([
      { key: CaseKindKey, value: state!.kind },
      { key: CaseNumberKey, value: state!.caseNumber },
    ]);
  }

  const historyLimit = input.historyLimit ?? DEFAULT_HISTORY_LIMIT;
  const historyTooLong = () => workflowInfo().continueAsNewSuggested || workflowInfo().historyLength >= historyLimit;

  // A deadline the core declined to act on is not waited for again until the state changes,
  // so a policy quirk can never spin this loop.
  let spentDeadline: string | null = null;
  for (;;) {
    const seen = state!.version;
    const due = nextDeadline(state, policy);
    const wake = () => state!.version !== seen || historyTooLong();
    const changed =
      due === null || due === spentDeadline
        ? await condition(wake).then(() => true)
        : await condition(wake, Math.max(1, Date.parse(due) - Date.now()));
    if (changed) spentDeadline = null;
    else if (due !== null) {
      await serially(async () => {
        const decision = decide(state, { type: 'deadlinePassed' }, { now: now(), actor: SYSTEM, policy });
        if (decision.ok && decision.events.length) await apply(decision.events);
        else spentDeadline = due;
      });
    }
    if (historyTooLong()) {
      // Pending deadlines live in the state (re-derived by nextDeadline) and accepted commands
      // finish first, so nothing is lost across the new run.
      await condition(allHandlersFinished);
      await continueAsNew<typeof CaseWorkflow>({ ...input, carried: { state: state! } });
    }
  }
}
