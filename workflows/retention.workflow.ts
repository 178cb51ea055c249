import { proxyActivities } from '@temporalio/workflow';
import type { RetentionActivities, RetentionScope, ShredOutcome } from '../src/temporal/retention-activities';

// Destroys the data of closed cases whose retention ended (src/domain/retention.ts), one case at a
// time through the case's own workflow, then purges subjects of openings that never produced a
// case. Started by the `retention-sweep` schedule; time is workflow time, so tests skip years.

const { casesPastRetention, shredCase, purgeOrphanSubjects } = proxyActivities<RetentionActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes', maximumAttempts: 20 },
});

export interface RetentionSweepInput extends RetentionScope {
  /** Cases per sweep (default 500; the next sweep takes the rest). */
  limit?: number;
}

export type RetentionSweepResult = Record<ShredOutcome, number> & { at: string; purgedSubjects: number };

export async function RetentionSweepWorkflow(input: RetentionSweepInput = {}): Promise<RetentionSweepResult> {
  const at = new Date().toISOString();
  const result: RetentionSweepResult = { at, shredded: 0, refused: 0, skipped: 0, purgedSubjects: 0 };
  const due = await casesPastRetention({ now: at, limit: input.limit ?? 500, onlyCaseIds: input.onlyCaseIds });
  for (const caseId of due) result[await shredCase({ caseId })]++;
  result.purgedSubjects = await purgeOrphanSubjects({ now: at, onlyCaseIds: input.onlyCaseIds });
  return result;
}
