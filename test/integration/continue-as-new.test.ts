import { randomUUID } from 'node:crypto';
import { temporal } from '@temporalio/proto';
import { DEFAULT_POLICY } from '../../src/domain';
import { caseWorkflowId, commandUpdate, openedUpdate, stateQuery, type CaseWorkflowInput } from '../../workflows/case.messages';
import type { CaseWorkflow } from '../../workflows/case.workflow';
import { TOWNSHIP, VILLAGE } from '../support/builders';
import { startTestApp, type TestApp } from '../support/test-app';

// A case lives for years: its workflow continues-as-new before the history grows large, and
// nothing — state, deadlines, a pending request — is lost across runs.

let t: TestApp;
beforeAll(async () => (t = await startTestApp()));
afterAll(() => t.close());

it('continues as new when the history passes its limit, keeping the state, the deadline and a pending escalation request', async () => {
  const caseId = randomUUID();
  const worker = { id: 'cw-can', roles: ['caseworker' as const], division: VILLAGE };
  const input: CaseWorkflowInput = {
    open: {
      type: 'open',
      caseId,
      kind: 'dibao',
      division: VILLAGE,
      subjectRef: randomUUID(),
      subjectMinorUnder14: false,
      risk: null,
      summary: 'long case',
    },
    openedBy: worker,
    policy: DEFAULT_POLICY,
    historyLimit: 60,
  };
  const handle = await t.temporal.workflow.start<typeof CaseWorkflow>('CaseWorkflow', {
    workflowId: caseWorkflowId(caseId),
    taskQueue: t.config.temporal.taskQueue,
    args: [input],
  });
  const firstRun = handle.firstExecutionRunId;
  await handle.executeUpdate(openedUpdate);
  const requestId = randomUUID();
  let state = (
    await handle.executeUpdate(commandUpdate, {
      args: [{ command: { type: 'requestEscalation', requestId, reason: '需审核' }, actor: worker, expectedVersion: null }],
    })
  ).state;
  const deadline = state.pendingEscalation!.dueAt;
  for (let i = 0; i < 25; i++) {
    const current = t.temporal.workflow.getHandle(caseWorkflowId(caseId));
    state = (
      await current.executeUpdate(commandUpdate, {
        args: [{ command: { type: 'addNote', text: `note ${i}` }, actor: worker, expectedVersion: null }],
      })
    ).state;
  }
  const latest = t.temporal.workflow.getHandle(caseWorkflowId(caseId));
  const description = await latest.describe();
  expect(description.runId).not.toBe(firstRun);
  expect(description.historyLength).toBeLessThan(60);

  const carried = await latest.query(stateQuery);
  expect(carried).toEqual(state);
  expect(carried!.version).toBe(2 + 25);
  expect(carried!.pendingEscalation).toMatchObject({ requestId, dueAt: deadline });

  // The pending request is still decidable in the new run.
  const head = { id: 'head-can', roles: ['supervisor' as const], division: TOWNSHIP };
  const approved = await latest.executeUpdate(commandUpdate, {
    args: [{ command: { type: 'approveEscalation', requestId }, actor: head, expectedVersion: carried!.version }],
  });
  expect(approved.state).toMatchObject({ holder: TOWNSHIP, version: carried!.version + 2 });
  const rows: { seq: number }[] = await t.db.query('SELECT seq FROM case_events WHERE case_id = $1 ORDER BY seq', [caseId]);
  expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: approved.state.version }, (_, i) => i + 1));
});

it('writes six history events for a note that keeps the deadline: no timer restarted, no search attribute upserted', async () => {
  const caseId = randomUUID();
  const worker = { id: 'cw-quiet', roles: ['caseworker' as const], division: VILLAGE };
  const handle = await t.temporal.workflow.start<typeof CaseWorkflow>('CaseWorkflow', {
    workflowId: caseWorkflowId(caseId),
    taskQueue: t.config.temporal.taskQueue,
    args: [
      {
        open: {
          type: 'open',
          caseId,
          kind: 'dibao',
          division: VILLAGE,
          subjectRef: randomUUID(),
          subjectMinorUnder14: false,
          risk: null,
          summary: 'quiet',
        },
        openedBy: worker,
        policy: DEFAULT_POLICY,
      },
    ],
  });
  await handle.executeUpdate(openedUpdate);
  const before = (await handle.describe()).historyLength;
  for (let i = 0; i < 5; i++) {
    await handle.executeUpdate(commandUpdate, { args: [{ command: { type: 'addNote', text: `记录 ${i}` }, actor: worker, expectedVersion: null }] });
  }
  expect(((await handle.describe()).historyLength - before) / 5).toBe(6);
  const types = ((await handle.fetchHistory()).events ?? []).slice(-6).map((e) => String(e.eventType));
  const E = temporal.api.enums.v1.EventType;
  expect(types).toEqual(
    [
      E.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
      E.EVENT_TYPE_WORKFLOW_TASK_STARTED,
      E.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
      E.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED,
      E.EVENT_TYPE_MARKER_RECORDED,
      E.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED,
    ].map(String),
  );
});
