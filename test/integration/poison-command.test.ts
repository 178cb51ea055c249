import { randomBytes, randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation, WorkflowUpdateFailedError } from '@temporalio/client';
import { DEFAULT_POLICY } from '../../src/domain';
import { within } from '../../src/common/within';
import type { CaseWorkflow } from '../../workflows/case.workflow';
import {
  caseWorkflowId,
  commandUpdate,
  openedUpdate,
  rejectionFrom,
  type CaseWorkflowInput,
  type CommandRejection,
} from '../../workflows/case.messages';
import { caseworker, VILLAGE } from '../support/builders';
import { startTestApp, workerLogs, type TestApp } from '../support/test-app';

// Issue 11, defect 4, the deeper half: a value PostgreSQL will always refuse (here a NUL, which
// jsonb cannot hold — sent straight to the workflow, past the API's own check) fails that one
// command or opening for good: the sender is told, nothing is recorded, nothing is retried, and
// the worker's log names the refusal without the refused text. Before, the workflow retried the
// write every few seconds forever and the case never answered.

let t: TestApp;
beforeAll(async () => (t = await startTestApp()));
afterAll(() => t.close());

const worker = caseworker(VILLAGE, 'cw-poison');

function inputFor(caseId: string, subjectRef: string = randomUUID()): CaseWorkflowInput {
  return {
    open: { type: 'open', caseId, kind: 'dibao', division: VILLAGE, subjectRef, subjectMinorUnder14: false, risk: null, summary: '申请低保' },
    openedBy: worker,
    policy: DEFAULT_POLICY,
  };
}

/** The rejection an Update failed with, or a note of what else happened within 15 s. */
async function outcomeOf(update: Promise<unknown>): Promise<CommandRejection | string> {
  try {
    const settled = await within(update, 15_000);
    return settled.settled ? 'applied' : 'did not settle within 15 s';
  } catch (e) {
    return (e instanceof WorkflowUpdateFailedError && rejectionFrom(e.cause)) || `failed otherwise: ${(e as Error).name}`;
  }
}

async function count(sql: string, caseId: string): Promise<number> {
  const rows: { n: number }[] = await t.db.query(sql, [caseId]);
  return rows[0].n;
}

it('fails a command whose events PostgreSQL refuses for good (UNSTORABLE, 22P05), records nothing, and the case takes the next command', async () => {
  const caseId = randomUUID();
  const handle = await t.temporal.workflow.start<typeof CaseWorkflow>('CaseWorkflow', {
    workflowId: caseWorkflowId(caseId),
    taskQueue: t.config.temporal.taskQueue,
    args: [inputFor(caseId)],
  });
  await handle.executeUpdate(openedUpdate);
  const marker = `毒丸${randomBytes(4).toString('hex')}`;

  const outcome = await outcomeOf(
    handle.executeUpdate(commandUpdate, {
      args: [{ command: { type: 'requestEscalation', requestId: `${marker}\u0000`, reason: '需上级审核' }, actor: worker, expectedVersion: 1 }],
    }),
  );
  expect(outcome).toEqual({ rejected: 'UNSTORABLE', sqlState: '22P05' });
  expect(await count('SELECT count(*)::int AS n FROM case_events WHERE case_id = $1', caseId)).toBe(1);

  const next = await handle.executeUpdate(commandUpdate, {
    args: [{ command: { type: 'addNote', text: '正常记录' }, actor: worker, expectedVersion: 1 }],
  });
  expect(next.state.version).toBe(2);
  expect(workerLogs.some((line) => line.includes('events refused by PostgreSQL') && line.includes('22P05'))).toBe(true);
  expect(workerLogs.filter((line) => line.includes(marker))).toEqual([]);
});

it('fails an opening PostgreSQL refuses for good: the opener is told UNSTORABLE, the run ends failed, and there is no case', async () => {
  const caseId = randomUUID();
  const marker = `毒丸${randomBytes(4).toString('hex')}`;
  // As the API opens a case: one Update-With-Start.
  const start = new WithStartWorkflowOperation<typeof CaseWorkflow>('CaseWorkflow', {
    workflowId: caseWorkflowId(caseId),
    taskQueue: t.config.temporal.taskQueue,
    args: [inputFor(caseId, `${marker}\u0000`)],
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
  expect(await outcomeOf(t.temporal.workflow.executeUpdateWithStart(openedUpdate, { startWorkflowOperation: start }))).toEqual({
    rejected: 'UNSTORABLE',
    sqlState: '22P05',
  });
  const handle = await start.workflowHandle();
  await expect(handle.result()).rejects.toThrow();
  expect((await handle.describe()).status.name).toBe('FAILED');
  expect(await count('SELECT count(*)::int AS n FROM cases WHERE case_id = $1', caseId)).toBe(0);
  expect(await count('SELECT count(*)::int AS n FROM case_events WHERE case_id = $1', caseId)).toBe(0);
  expect(workerLogs.filter((line) => line.includes(marker))).toEqual([]);
});
