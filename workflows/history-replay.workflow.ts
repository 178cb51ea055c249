import { proxyActivities } from '@temporalio/workflow';
import type { ReplayActivities } from '../src/temporal/replay-activities';

// Replays the Temporal history of one case's workflow runs with the worker's own workflow code and
// records the outcome per run (issue 11): the auditor's verification reads the record instead of
// replaying thousands of history events inside the API. Started by the API when the record is
// stale (a new run, a longer history, new workflow code); one at a time per case.

const { replayCaseHistories } = proxyActivities<ReplayActivities>({
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '2 seconds', maximumInterval: '1 minute', maximumAttempts: 5 },
});

export async function HistoryReplayWorkflow(input: { caseId: string }): Promise<number> {
  return replayCaseHistories(input);
}
