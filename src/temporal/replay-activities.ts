import { createHash } from 'node:crypto';
import { WorkflowNotFoundError } from '@temporalio/common';
import type { Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { fetchCaseHistories, replayHistories } from '../audit/history-replay';
import { recordRunReplay, replaysOfWorkflow } from '../audit/history-replays.repository';
import { caseWorkflowId } from '../../workflows/case.messages';

// The replay of a case's Temporal histories, run by the worker with the very workflow code it
// runs (HistoryReplayWorkflow): each run not yet on record at its current length and code is
// replayed and recorded. The API only reads the record.

export interface ReplayActivities {
  /** Replays what is not yet on record; answers how many runs were replayed now. */
  replayCaseHistories(input: { caseId: string }): Promise<number>;
}

export function codeDigestOf(bundle: { code: string }): string {
  return createHash('sha256').update(bundle.code).digest('hex');
}

export function createReplayActivities(db: DataSource, temporal: Client, bundle: { code: string }): ReplayActivities {
  const codeDigest = codeDigestOf(bundle);
  return {
    async replayCaseHistories({ caseId }) {
      const workflowId = caseWorkflowId(caseId);
      let runs;
      try {
        runs = await fetchCaseHistories(temporal, caseId);
      } catch (e) {
        if (e instanceof WorkflowNotFoundError) return 0; // past retention: nothing left to replay
        throw e;
      }
      const known = new Map((await replaysOfWorkflow(db, workflowId)).map((r) => [r.runId, r]));
      let replayed = 0;
      for (const [runIndex, { runId, history }] of runs.entries()) {
        const historyLength = history.events?.length ?? 0;
        const onRecord = known.get(runId);
        if (onRecord && onRecord.historyLength === historyLength && onRecord.codeDigest === codeDigest) continue;
        const outcome = await replayHistories([history], workflowId, bundle, temporal.options.dataConverter);
        await recordRunReplay(db, workflowId, { runId, runIndex, historyLength, codeDigest, replays: outcome.ok, error: outcome.error ?? null });
        replayed++;
      }
      return replayed;
    },
  };
}
