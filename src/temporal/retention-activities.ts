import { WithStartWorkflowOperation, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { readEvents, toCaseEvent } from '../audit/case-events.repository';
import { addDays, addMonths, CASE_KINDS, DEFAULT_POLICY, fold, ORPHAN_SUBJECT_BOUND, RETENTION, retentionEndsAt } from '../domain';
import { closedCasesOfKindBefore } from '../persistence/retention.repository';
import { policyByVersion } from '../policies/policies.repository';
import { purgeOrphanSubjects } from '../subjects/subjects.repository';
import { caseWorkflowId, rejectionFrom, resumedRun, shredUpdate } from '../../workflows/case.messages';
import type { CaseWorkflow } from '../../workflows/case.workflow';

// The retention sweep's adapters (RetentionSweepWorkflow): which closed cases' retention ended,
// destroying each one's data through its own workflow (a completed case gets a new run from its
// event log; the core decides, the append destroys the key), and purging orphan subjects.

export interface RetentionScope {
  /** Sweep only these cases (an operator's targeted run, a test); absent: every case. */
  onlyCaseIds?: string[];
}

export type ShredOutcome = 'shredded' | 'refused' | 'skipped';

export interface RetentionActivities {
  casesPastRetention(input: RetentionScope & { now: string; limit: number }): Promise<string[]>;
  shredCase(input: { caseId: string }): Promise<ShredOutcome>;
  purgeOrphanSubjects(input: RetentionScope & { now: string }): Promise<number>;
}

export function createRetentionActivities(db: DataSource, temporal: Client, taskQueue: string): RetentionActivities {
  return {
    async casesPastRetention({ now, limit, onlyCaseIds }) {
      const due: string[] = [];
      for (const kind of CASE_KINDS) {
        const closedBefore = addMonths(now, -12 * RETENTION[kind].years);
        const states = await closedCasesOfKindBefore(db, { kind, closedBefore, limit: limit - due.length, onlyCaseIds: onlyCaseIds ?? null });
        // The core's own arithmetic has the last word (the cut-off is the same sum, backwards).
        for (const s of states) if (Date.parse(retentionEndsAt(s) ?? now) <= Date.parse(now)) due.push(s.caseId);
        if (due.length >= limit) break;
      }
      return due;
    },

    async shredCase({ caseId }) {
      const state = fold((await readEvents(db, caseId)).map(toCaseEvent));
      if (state === null || state.status !== 'closed' || state.shreddedAt) return 'skipped';
      const policy = (await policyByVersion(db, state.policyVersion)) ?? (state.policyVersion === DEFAULT_POLICY.version ? DEFAULT_POLICY : null);
      if (policy === null) return 'skipped';
      try {
        // The running workflow takes the request; a completed one gets a new run of the case first.
        await temporal.workflow.executeUpdateWithStart(shredUpdate, {
          args: [{ caseId }],
          updateId: `shred-${caseId}`,
          startWorkflowOperation: new WithStartWorkflowOperation<typeof CaseWorkflow>('CaseWorkflow', {
            workflowId: caseWorkflowId(caseId),
            taskQueue,
            args: [resumedRun(state, policy)],
            workflowIdConflictPolicy: 'USE_EXISTING',
          }),
        });
        return 'shredded';
      } catch (e) {
        // Refused by the core on the live state (a legal hold placed meanwhile, a reopen): kept.
        if (e instanceof WorkflowUpdateFailedError && rejectionFrom(e.cause)) return 'refused';
        throw e;
      }
    },

    async purgeOrphanSubjects({ now, onlyCaseIds }) {
      const before = addDays(now, -ORPHAN_SUBJECT_BOUND.amount);
      let purged = 0;
      for (;;) {
        const n = await db.transaction((tx) => purgeOrphanSubjects(tx, before, 500, onlyCaseIds ?? null));
        purged += n;
        if (n < 500) return purged;
      }
    },
  };
}
