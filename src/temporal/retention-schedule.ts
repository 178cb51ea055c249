import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import type { Duration } from '@temporalio/common';
import type { RetentionSweepWorkflow } from '../../workflows/retention.workflow';

export const RETENTION_SCHEDULE_ID = 'retention-sweep';

/** The Temporal schedule that runs the retention sweep every `every` (created once; later starts update it). */
export async function ensureRetentionSchedule(client: Client, taskQueue: string, every: Duration, scheduleId = RETENTION_SCHEDULE_ID): Promise<void> {
  const action = {
    type: 'startWorkflow' as const,
    workflowType: 'RetentionSweepWorkflow',
    workflowId: `${scheduleId}-run`,
    taskQueue,
    args: [{}] as Parameters<typeof RetentionSweepWorkflow>,
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
