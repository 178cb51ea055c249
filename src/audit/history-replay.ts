import type { Client } from '@temporalio/client';
import type { History } from '@temporalio/common/lib/proto-utils';
import { WorkflowNotFoundError, type DataConverter } from '@temporalio/common';
import { Worker } from '@temporalio/worker';
import { within } from '../common/within';
import type { CaseState } from '../domain';
import type { RunReplay } from './history-replays.repository';
import { caseWorkflowId, stateQuery } from '../../workflows/case.messages';

// Does Temporal's history of a case still replay under today's workflow code? A change that would
// make a running case nondeterministic shows up here before it breaks that case in production.

export interface TemporalReplayReport {
  /** True once a replay of the case's runs is on record. */
  checked: boolean;
  /** Every run on record replays under the code it was replayed with (null: none on record yet). */
  replays: boolean | null;
  /** Runs on record (a case continues-as-new before its history grows large). */
  runs: number;
  /** The record is behind — a new run, a longer history, other workflow code — and a replay is under way. */
  pending: boolean;
  lastReplayedAt: string | null;
  /** The workflow code (sha256 of its bundle) the runs were last replayed with. */
  codeDigest: string | null;
  error?: string;
}

/**
 * The auditor's view of the replay record: what it says, and whether it is behind the case's
 * current run (`current`, from Temporal) or the workflow code the last started worker runs.
 */
export function replayReport(
  records: readonly RunReplay[],
  current: { runId: string; historyLength: number } | null,
  codeDigest: string | null,
): TemporalReplayReport {
  const ofCurrent = current ? records.find((r) => r.runId === current.runId) : undefined;
  const pending =
    records.length === 0 ||
    (current !== null && (ofCurrent === undefined || ofCurrent.historyLength !== current.historyLength)) ||
    (codeDigest !== null && records.some((r) => r.codeDigest !== codeDigest));
  const failed = records.find((r) => !r.replays);
  const last = records.reduce<RunReplay | null>((a, r) => (a === null || r.replayedAt > a.replayedAt ? r : a), null);
  return {
    checked: records.length > 0,
    replays: records.length ? failed === undefined : null,
    runs: records.length,
    pending,
    lastReplayedAt: last?.replayedAt ?? null,
    codeDigest: last?.codeDigest ?? null,
    ...(failed?.error ? { error: failed.error } : {}),
  };
}

/** One run of a case's workflow and its history. */
export interface RunHistory {
  runId: string;
  history: History;
}

/** Every run of the case's workflow, oldest first, following continue-as-new links back from the latest. */
export async function fetchCaseHistories(temporal: Client, caseId: string): Promise<RunHistory[]> {
  const workflowId = caseWorkflowId(caseId);
  const runs: RunHistory[] = [];
  let runId: string | undefined = (await temporal.workflow.getHandle(workflowId).describe()).runId;
  while (runId) {
    let history: History;
    try {
      history = await temporal.workflow.getHandle(workflowId, runId).fetchHistory();
    } catch (e) {
      // Older runs may already be past the namespace's retention: replay what is left.
      if (e instanceof WorkflowNotFoundError && runs.length > 0) break;
      throw e;
    }
    runs.unshift({ runId, history });
    runId = history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId ?? undefined;
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
