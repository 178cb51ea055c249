import { randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation } from '@temporalio/client';
import { chinaYearOf, decide, DEFAULT_POLICY, fold, type CaseEvent } from '../../src/domain';
import { createCaseActivities } from '../../src/temporal/activities';
import type { CaseWorkflow } from '../../workflows/case.workflow';
import { caseWorkflowId, openedUpdate, stateQuery, type CaseWorkflowInput } from '../../workflows/case.messages';
import { caseworker, VILLAGE } from '../support/builders';
import { startTestApp, type TestApp } from '../support/test-app';

let t: TestApp;
beforeAll(async () => (t = await startTestApp()));
afterAll(() => t.close());

const worker = caseworker(VILLAGE, 'cw-rerun');

function inputFor(caseId: string, summary: string): CaseWorkflowInput {
  return {
    open: { type: 'open', caseId, kind: 'dibao', division: VILLAGE, subjectRef: randomUUID(), subjectMinorUnder14: false, risk: null, summary },
    openedBy: worker,
    policy: DEFAULT_POLICY,
  };
}

// Found by bench:scale-out (issue 15): a worker killed during a case's first workflow task, after
// its local activity committed CaseOpened but before the task completed. The next worker runs the
// task again, decides the opening again at another time, finds the batch stored — and kept its
// own, later, state: the workflow no longer equalled the fold of its log (openedAt, step).
it('takes the stored batch when a workflow task re-runs after its first attempt committed: the workflow equals the fold of the log', async () => {
  const caseId = randomUUID();
  const input = inputFor(caseId, '首次尝试已提交');
  // The first attempt, as a worker that died right after its local activities would have left it:
  // the case number and CaseOpened (decided an hour earlier) committed, the workflow task not.
  const activities = createCaseActivities(t.db, t.caseCrypto);
  const earlier = new Date(Date.now() - 3_600_000).toISOString();
  const caseNumber = await activities.allocateCaseNumber({ caseId, family: 'hardship', county: VILLAGE.slice(0, 6), year: chinaYearOf(earlier) });
  const decision = decide(null, { ...input.open, caseNumber }, { now: earlier, actor: worker, policy: DEFAULT_POLICY });
  if (!decision.ok) throw new Error(decision.rejection.rejected);
  const firstState = fold(decision.events);
  if (!firstState) throw new Error('no state');
  await activities.appendEvents({ caseId, firstSeq: 1, events: decision.events, policyVersion: DEFAULT_POLICY.version, state: firstState });

  const start = new WithStartWorkflowOperation<typeof CaseWorkflow>('CaseWorkflow', {
    workflowId: caseWorkflowId(caseId),
    taskQueue: t.config.temporal.taskQueue,
    args: [input],
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
  const opened = await t.temporal.workflow.executeUpdateWithStart(openedUpdate, { startWorkflowOperation: start });
  expect(opened.openedAt).toBe(earlier);
  const live = await (await start.workflowHandle()).query(stateQuery);
  const rows: { type: string; data: unknown; actor: string; occurred_at: Date }[] = await t.db.query(
    'SELECT type, data, actor, occurred_at FROM case_events WHERE case_id = $1 ORDER BY seq',
    [caseId],
  );
  expect(rows).toHaveLength(1);
  expect(live).toEqual(fold(rows.map((r) => ({ type: r.type, data: r.data, actor: r.actor, at: r.occurred_at.toISOString() }) as CaseEvent)));
});
