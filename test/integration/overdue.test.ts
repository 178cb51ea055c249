import { randomUUID } from 'node:crypto';
import { DEFAULT_POLICY, type Policy } from '../../src/domain';
import { caseWorkflowId, type CaseWorkflowInput } from '../../workflows/case.messages';
import type { CaseWorkflow } from '../../workflows/case.workflow';
import { PROVINCE, VILLAGE } from '../support/builders';
import { startTestApp, type TestApp } from '../support/test-app';

// The `overdue` filter on the real stack: a case whose every deadline is immediate (0 hours, a
// policy pinned to this case alone) is escalated level by level up to the province by its own
// timers, flagged overdue there, and found by `GET /v1/cases?overdue=true`.

let t: TestApp;
beforeAll(async () => (t = await startTestApp()));
afterAll(() => t.close());

it('escalates a case whose deadlines all pass at once up to the province, where the list shows it as overdue', async () => {
  const policy: Policy = JSON.parse(JSON.stringify(DEFAULT_POLICY));
  policy.version = `immediate-${randomUUID().slice(0, 8)}`;
  policy.defaultStep = { name: 'supervision', sla: { amount: 0, unit: 'hours' }, escalateOnBreach: true };
  policy.kinds.tekun.steps = {};
  const caseId = randomUUID();
  const input: CaseWorkflowInput = {
    open: {
      type: 'open',
      caseId,
      kind: 'tekun',
      division: VILLAGE,
      subjectRef: randomUUID(),
      subjectMinorUnder14: false,
      risk: null,
      summary: 'overdue',
    },
    openedBy: { id: 'cw-overdue', roles: ['caseworker'], division: VILLAGE },
    policy,
  };
  await t.temporal.workflow.start<typeof CaseWorkflow>('CaseWorkflow', {
    workflowId: caseWorkflowId(caseId),
    taskQueue: t.config.temporal.taskQueue,
    args: [input],
  });

  const started = Date.now();
  let row: { holder: string; overdue: boolean } | undefined;
  while (Date.now() - started < 20_000) {
    [row] = await t.db.query('SELECT holder, overdue FROM cases WHERE case_id = $1', [caseId]);
    if (row?.overdue) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(row).toEqual({ holder: PROVINCE, overdue: true });
  const events: { type: string; data: { cause?: string; to?: string } }[] = await t.db.query(
    'SELECT type, data FROM case_events WHERE case_id = $1 ORDER BY seq',
    [caseId],
  );
  expect(events.filter((e) => e.type === 'CaseEscalated').map((e) => e.data.to)).toEqual(['330106002000', '330106000000', '330100000000', PROVINCE]);
  expect(events.at(-1)?.type).toBe('SlaBreached');

  const reader = await t.token({ roles: ['supervisor'], division: PROVINCE });
  const list = (overdue: boolean) =>
    t.http().get(`/v1/cases?overdue=${overdue}&kind=tekun&level=province&limit=200`).set('Authorization', `Bearer ${reader}`);
  const overdue = await list(true);
  expect(overdue.status).toBe(200);
  expect(overdue.body.items.map((c: { id: string }) => c.id)).toContain(caseId);
  expect(
    overdue.body.items.every(
      (c: { overdue: boolean; deadline: string | null }) => c.overdue || (c.deadline !== null && Date.parse(c.deadline) < Date.now()),
    ),
  ).toBe(true);
  expect((await list(false)).body.items.map((c: { id: string }) => c.id)).not.toContain(caseId);
});
