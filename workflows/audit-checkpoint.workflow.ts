import { proxyActivities } from '@temporalio/workflow';
import type { CheckpointActivities, CheckpointMade } from '../src/temporal/checkpoint-activities';

// Signs a checkpoint of every case's chain head. Started by the `audit-checkpoints` schedule.

const { makeCheckpoint } = proxyActivities<CheckpointActivities>({
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes', maximumAttempts: 20 },
});

export async function AuditCheckpointWorkflow(): Promise<CheckpointMade> {
  return makeCheckpoint();
}
