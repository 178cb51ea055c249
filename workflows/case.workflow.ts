import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  log,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { chinaYearOf, decide, evolve, familyOf, nextDeadline, workflowEndsAt, type Actor, type CaseEvent, type CaseState } from '../src/domain';
import type { AppendEventsInput, CaseActivities } from '../src/temporal/activities';
import {
  caseSearchAttributes,
  CaseKindKey,
  CaseNumberKey,
  commandUpdate,
  openedUpdate,
  placeSearchAttributes,
  refusalOf,
  rejectionFailure,
  rejectionFrom,
  shredUpdate,
  stateQuery,
  type CaseWorkflowInput,
  type CommandRejection,
  type CommandRequest,
  type CommandResult,
  type ShredRequest,
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

/**
 * The live case: nothing before CaseOpened is durable (or PostgreSQL refused to store it for good),
 * then the state after the last persisted batch.
 */
type Live = { opened: false; refused?: CommandRejection } | { opened: true; state: CaseState };

const stateOf = (live: Live): CaseState | null => (live.opened ? live.state : null);

export async function CaseWorkflow(input: CaseWorkflowInput): Promise<void> {
  // Histories recorded before the switch to local activities replay with remote ones.
  const { allocateCaseNumber, appendEvents } = patched('local-persistence') ? localPersistence : remotePersistence;
  // Histories recorded before 'quiet-history' upserted every search attribute on every batch and
  // restarted the deadline timer on every change: 9 history events per note, now 6.
  const quiet = patched('quiet-history');
  const { policy } = input;
  let live: Live = input.carried ? { opened: true, state: input.carried.state } : { opened: false };
  // Commands are applied one at a time, in arrival order.
  let queue: Promise<unknown> = Promise.resolve();
  const serially = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work);
    queue = next.catch(() => undefined);
    return next;
  };

  const now = () => new Date().toISOString();

  /**
   * Persist a batch of events, then make what is stored the live state: the batch, or — when this
   * was a workflow task re-run after a worker died, and the first attempt's batch (decided at
   * another time) already committed — the stored one, so the workflow never drifts from its log.
   */
  async function apply(before: CaseState | null, events: CaseEvent[], commandKey: AppendEventsInput['commandKey'] = null): Promise<CommandResult> {
    const after = events.reduce<CaseState | null>(evolve, before);
    if (after === null) throw ApplicationFailure.nonRetryable('an empty batch cannot open a case');
    let stored: CaseEvent[] | null = null;
    /** The stored batch is another command's: this one was decided on a state the log has left. */
    let foreign = false;
    try {
      const outcome = await appendEvents({
        caseId: after.caseId,
        firstSeq: (before?.version ?? 0) + 1,
        events,
        policyVersion: after.policyVersion,
        state: after,
        commandKey,
      });
      stored = outcome?.alreadyStored ?? null;
      foreign = outcome?.ours === false;
    } catch (e) {
      // Refused for good (a value PostgreSQL cannot store): the batch is dropped, the state stays.
      const refusal = refusalOf(e);
      if (!refusal) throw e;
      log.warn('events refused by PostgreSQL; nothing recorded', { caseId: after.caseId, types: events.map((ev) => ev.type), refusal });
      throw rejectionFailure(refusal);
    }
    const state = stored ? (stored.reduce<CaseState | null>(evolve, before) ?? after) : after;
    become(state, before);
    if (foreign) throw rejectionFailure({ rejected: 'VERSION_MISMATCH', currentVersion: state.version });
    return { state, events: stored ?? events };
  }

  function become(state: CaseState, before: CaseState | null): void {
    live = { opened: true, state };
    const shown = quiet ? caseSearchAttributes(state, before) : placeSearchAttributes(state);
    if (shown.length) upsertSearchAttributes(shown);
  }

  /**
   * A command that expects a version the workflow has not reached: the log is ahead of the
   * workflow (an Update's speculative task wrote its batch, then the server restarted and lost the
   * task — the API only sends versions the read model has). The workflow takes the stored events.
   */
  async function caughtUp(request: CommandRequest, before: CaseState | null): Promise<CaseState | null> {
    if (!before || request.expectedVersion === null || request.expectedVersion <= before.version) return before;
    if (!patched('catch-up-from-log')) return before;
    const { events } = await localPersistence.storedEventsAfter({ caseId: before.caseId, version: before.version });
    const state = events.reduce<CaseState>(evolve, before);
    if (state.version !== before.version) become(state, before);
    return state;
  }

  function check(request: CommandRequest, current: CaseState | null, { aheadMayBeInLog = false } = {}): CaseEvent[] {
    const expected = request.expectedVersion;
    // The validator lets a version ahead of the workflow through: the handler catches up first.
    const behind = aheadMayBeInLog && current !== null && expected !== null && expected > current.version;
    if (current && expected !== null && expected !== current.version && !behind) {
      throw rejectionFailure({ rejected: 'VERSION_MISMATCH', currentVersion: current.version });
    }
    const decision = decide(current, request.command, { now: now(), actor: request.actor, policy });
    if (!decision.ok) throw rejectionFailure(decision.rejection);
    return decision.events;
  }

  setHandler(stateQuery, () => stateOf(live));
  setHandler(openedUpdate, async () => {
    await condition(() => live.opened || live.refused !== undefined);
    if (live.opened) return live.state;
    throw rejectionFailure(live.refused ?? { rejected: 'CASE_NOT_OPEN_YET' });
  });
  setHandler(
    commandUpdate,
    (request: CommandRequest): Promise<CommandResult> =>
      serially(async () => {
        // Decide again: an earlier command in the queue may have changed the state since validation.
        const before = await caughtUp(request, stateOf(live));
        const events = check(request, before);
        const commandKey = request.key ? { principal: request.actor.id, key: request.key } : null;
        return apply(before, events, commandKey);
      }),
    { validator: (request: CommandRequest) => void check(request, stateOf(live), { aheadMayBeInLog: true }) },
  );

  // The retention sweep: destroy the case's data once its retention ended (the core decides; the
  // append destroys the key in the same transaction). A completed case gets a new run for it.
  const shredding = (current: CaseState | null): CaseEvent[] => {
    const decision = decide(current, { type: 'shredData' }, { now: now(), actor: SYSTEM, policy });
    if (!decision.ok) throw rejectionFailure(decision.rejection);
    return decision.events;
  };
  setHandler(
    shredUpdate,
    (_request: ShredRequest): Promise<CaseState> =>
      serially(async () => {
        const before = stateOf(live);
        return (await apply(before, shredding(before))).state;
      }),
    { validator: (_request: ShredRequest) => void shredding(stateOf(live)) },
  );

  async function openCase({ open, openedBy }: CaseWorkflowInput): Promise<CaseState> {
    const openedAt = now();
    const caseNumber = await allocateCaseNumber({
      caseId: open.caseId,
      family: familyOf(open.kind),
      county: open.division.slice(0, 6),
      year: chinaYearOf(openedAt),
    });
    const decision = decide(null, { ...open, caseNumber }, { now: openedAt, actor: openedBy, policy });
    if (!decision.ok) throw ApplicationFailure.nonRetryable(`cannot open case: ${decision.rejection.rejected}`);
    const opened = await serially(async () => (await apply(null, decision.events)).state).catch(async (e: unknown) => {
      const refusal = rejectionFrom(e);
      if (!refusal) throw e;
      // Tell whoever waits for the opening, then end this run: there is no case.
      live = { opened: false, refused: refusal };
      await condition(allHandlersFinished);
      throw rejectionFailure(refusal);
    });
    // Quiet: the opening batch showed them all at once.
    if (!quiet) {
      upsertSearchAttributes([
        { key: CaseKindKey, value: opened.kind },
        { key: CaseNumberKey, value: opened.caseNumber },
      ]);
    }
    return opened;
  }

  const opened = live.opened ? live.state : await openCase(input);
  /** The live state: from here on the case is open, so this is always a case. */
  const current = (): CaseState => (live.opened ? live.state : opened);

  const historyLimit = input.historyLimit ?? DEFAULT_HISTORY_LIMIT;
  const historyTooLong = () => workflowInfo().continueAsNewSuggested || workflowInfo().historyLength >= historyLimit;

  // A deadline the core declined to act on is not waited for again until the state changes,
  // so a policy quirk can never spin this loop. Quiet: a change that keeps the deadline (a note)
  // leaves its timer running.
  let spentDeadline: string | null = null;
  for (;;) {
    const state = current();
    const seen = state.version;
    const changedSince = () => current().version !== seen;
    // Closed cases stop costing: the workflow completes once the policy's reopen window has passed
    // (at once when the data was destroyed); a later reopen starts a new run from the event log.
    // Runs recorded before this patch waited forever; they replay as they were.
    if (state.status === 'closed' && patched('closed-completes')) {
      const wake = () => changedSince() || historyTooLong();
      const ends = state.shreddedAt ? state.shreddedAt : workflowEndsAt(state, policy);
      const changed = ends === null ? await condition(wake).then(() => true) : await condition(wake, Math.max(1, Date.parse(ends) - Date.now()));
      if (!changed) {
        await condition(allHandlersFinished);
        if (current().version === seen) return;
      }
    } else {
      const due = nextDeadline(state);
      const wake = quiet
        ? () => historyTooLong() || nextDeadline(current()) !== due || (due === spentDeadline && changedSince())
        : () => changedSince() || historyTooLong();
      const changed =
        due === null || due === spentDeadline
          ? await condition(wake).then(() => true)
          : await condition(wake, Math.max(1, Date.parse(due) - Date.now()));
      if (changed) spentDeadline = null;
      else if (due !== null) {
        await serially(async () => {
          const before = current();
          const decision = decide(before, { type: 'deadlinePassed' }, { now: now(), actor: SYSTEM, policy });
          if (!decision.ok || !decision.events.length) spentDeadline = due;
          else {
            await apply(before, decision.events).catch((e: unknown) => {
              // Refused for good (logged by apply): not tried again until the state changes.
              if (!rejectionFrom(e)) throw e;
              spentDeadline = due;
            });
          }
        });
      }
    }
    if (historyTooLong()) {
      // Pending deadlines live in the state (re-derived by nextDeadline) and accepted commands
      // finish first, so nothing is lost across the new run.
      await condition(allHandlersFinished);
      await continueAsNew<typeof CaseWorkflow>({ ...input, carried: { state: current() } });
    }
  }
}
