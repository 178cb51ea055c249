import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import type { Duration } from '@temporalio/common';
import type { AuditCheckpointWorkflow } from '../../workflows/audit-checkpoint.workflow';

export const CHECKPOINT_SCHEDULE_ID = 'audit-checkpoints';

/**
 * The Temporal schedule that signs a checkpoint every `every` (created once; later starts update
 * its interval). Overlapping runs are skipped: a slow checkpoint is never stacked.
 */
export async function ensureCheckpointSchedule(
  client: Client,
  taskQueue: string,
  every: Duration,
  scheduleId = CHECKPOINT_SCHEDULE_ID,
): Promise<void> {
  const action = {
    type: 'startWorkflow' as const,
    workflowType: 'AuditCheckpointWorkflow',
    workflowId: `${scheduleId}-run`,
    taskQueue,
    args: [] as Parameters<typeof AuditCheckpointWorkflow>,
  };
  try {
    await client.schedule.create({
      scheduleId,
      spec: { intervals: [{ every }] },
      action,
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
    });
  } catch (e) {
    if (!(e instanceof ScheduleAlreadyRunning)) throw e;
    await client.schedule.getHandle(scheduleId).update((previous) => ({ ...previous, spec: { intervals: [{ every }] }, action }));
  }
}
