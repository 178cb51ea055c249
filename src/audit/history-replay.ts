import { readFileSync } from 'node:fs';
import type { Client } from '@temporalio/client';
import type { History } from '@temporalio/common/lib/proto-utils';
import { WorkflowNotFoundError, type DataConverter } from '@temporalio/common';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { WORKFLOWS_PATH } from '../temporal/case-worker';
import { within } from '../common/within';
import type { CaseState } from '../domain';
import { caseWorkflowId, stateQuery } from '../../workflows/case.messages';

// Does Temporal's history of a case still replay under today's workflow code? A change that would
// make a running case nondeterministic shows up here before it breaks that case in production.

export interface TemporalReplayReport {
  /** False when Temporal no longer has (or never had) the history: nothing could be compared. */
  checked: boolean;
  replays: boolean | null;
  /** Runs replayed (a case continues-as-new before its history grows large). */
  runs: number;
  error?: string;
}

export interface WorkflowBundleSource {
  /** A prebuilt bundle file (tests, deployments that ship one); else bundled from source once. */
  bundlePath: string | null;
}

let bundled: Promise<{ code: string }> | null = null;

/** The workflow code to replay with; a converter's failure/payload converter modules go into the bundle. */
export function workflowBundle(source: WorkflowBundleSource, dataConverter: DataConverter = {}): Promise<{ code: string }> {
  if (source.bundlePath) return Promise.resolve({ code: readFileSync(source.bundlePath, 'utf8') });
  bundled ??= bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    ...(dataConverter.failureConverterPath ? { failureConverterPath: dataConverter.failureConverterPath } : {}),
    ...(dataConverter.payloadConverterPath ? { payloadConverterPath: dataConverter.payloadConverterPath } : {}),
    logger: { log() {}, info() {}, warn() {}, error() {}, debug() {}, trace() {} },
  }).then(({ code }) => ({ code }));
  return bundled;
}

/** Every run of the case's workflow, oldest first, following continue-as-new links back from the latest. */
export async function fetchCaseHistories(temporal: Client, caseId: string): Promise<History[]> {
  const workflowId = caseWorkflowId(caseId);
  const runs: History[] = [];
  let runId: string | undefined;
  for (;;) {
    let history: History;
    try {
      history = await temporal.workflow.getHandle(workflowId, runId).fetchHistory();
    } catch (e) {
      // Older runs may already be past the namespace's retention: replay what is left.
      if (e instanceof WorkflowNotFoundError && runs.length > 0) break;
      throw e;
    }
    runs.unshift(history);
    const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
    const previous = started?.continuedExecutionRunId;
    if (!previous) break;
    runId = previous;
  }
  return runs;
}

/** Only the error's class and first line: determinism messages name commands, never payloads. */
function describe(error: Error): string {
  return `${error.name}: ${error.message.split('\n')[0]}`.slice(0, 500);
}

/**
 * Replays the runs with one replay worker. The client's data converter decodes the payloads
 * (they may be encrypted) exactly as the real worker does.
 */
export async function replayHistories(
  histories: readonly History[],
  workflowId: string,
  bundle: { code: string },
  dataConverter: DataConverter = {},
): Promise<{ ok: boolean; error?: string }> {
  const results = Worker.runReplayHistories(
    { workflowBundle: bundle, replayName: 'casework-audit', dataConverter },
    histories.map((history) => ({ workflowId, history })),
  );
  for await (const result of results) {
    if (result.error) {
      await results.return?.(undefined);
      return { ok: false, error: describe(result.error) };
    }
  }
  return { ok: true };
}

export async function replayCase(temporal: Client, caseId: string, source: WorkflowBundleSource): Promise<TemporalReplayReport> {
  let histories: History[];
  try {
    histories = await fetchCaseHistories(temporal, caseId);
  } catch (e) {
    if (e instanceof WorkflowNotFoundError)
      return { checked: false, replays: null, runs: 0, error: 'Temporal has no history for this case (past retention).' };
    return { checked: false, replays: null, runs: 0, error: `Temporal is not reachable: ${(e as Error).name}` };
  }
  const { dataConverter } = temporal.options;
  const outcome = await replayHistories(histories, caseWorkflowId(caseId), await workflowBundle(source, dataConverter), dataConverter);
  return { checked: true, replays: outcome.ok, runs: histories.length, ...(outcome.error ? { error: outcome.error } : {}) };
}

/** The live state of the case's current run, or why it cannot be had (closed, past retention, no worker). */
export async function liveWorkflowState(
  temporal: Client,
  caseId: string,
  timeoutMs = 3000,
): Promise<{ state: CaseState | null } | { reason: string }> {
  try {
    const answer = await within(temporal.workflow.getHandle(caseWorkflowId(caseId)).query(stateQuery), timeoutMs);
    return answer.settled ? { state: answer.value } : { reason: 'the workflow did not answer: timeout' };
  } catch (e) {
    if (e instanceof WorkflowNotFoundError) return { reason: 'Temporal has no workflow for this case (past retention).' };
    return { reason: `the workflow did not answer: ${(e as Error).name === 'Error' ? (e as Error).message : (e as Error).name}` };
  }
}
