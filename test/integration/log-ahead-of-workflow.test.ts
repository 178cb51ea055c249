import { decide, DEFAULT_POLICY, evolve, fold, mapStateNarratives, type CaseEvent, type CaseState } from '../../src/domain';
import { createCaseActivities } from '../../src/temporal/activities';
import { caseWorkflowId, stateQuery } from '../../workflows/case.messages';
import { caseworker, COUNTY, openCaseBody, VILLAGE } from '../support/builders';
import { startTestApp, type TestApp } from '../support/test-app';

// Found by the fault suite (issue 11, SIGKILL of the Temporal server under load): an Update on an
// idle case runs in a speculative workflow task. Its local activity committed the command's events
// (and the API acknowledged them from the log), then the server died before the task completed,
// and the restarted server knew nothing of the task: the workflow stayed a version behind its log.
// Every later command (If-Match = the acknowledged version) was refused 412, for ever; and a stale
// command decided on the old state was answered 200 while the log kept the other batch — lost.

let t: TestApp;
let token: string;
beforeAll(async () => {
  t = await startTestApp();
  token = await t.token({ id: 'cw-log-ahead', roles: ['caseworker'], division: VILLAGE });
});
afterAll(() => t.close());

const writer = caseworker(VILLAGE, 'cw-log-ahead');

/** A case at version 1 in its workflow and at version 2 in its log, as the lost task leaves it. */
async function caseWithLogAhead(lostNote: string): Promise<string> {
  const opened = await t.http().post('/v1/cases').set('Authorization', `Bearer ${token}`).send(openCaseBody()).expect(201);
  const caseId = opened.body.id as string;
  const state = await t.temporal.workflow.getHandle(caseWorkflowId(caseId)).query(stateQuery);
  if (!state) throw new Error('not open');
  const decision = decide(state, { type: 'addNote', text: lostNote }, { now: new Date().toISOString(), actor: writer, policy: DEFAULT_POLICY });
  if (!decision.ok) throw new Error(decision.rejection.rejected);
  const after = decision.events.reduce(evolve, state);
  await createCaseActivities(t.db, t.caseCrypto).appendEvents({
    caseId,
    firstSeq: 2,
    events: decision.events,
    policyVersion: state.policyVersion,
    state: after,
  });
  return caseId;
}

const note = (caseId: string, version: number, text: string, key: string) =>
  t
    .http()
    .post(`/v1/cases/${caseId}/notes`)
    .set('Authorization', `Bearer ${token}`)
    .set('If-Match', `"${version}"`)
    .set('Idempotency-Key', key)
    .send({ text });

async function storedLog(caseId: string): Promise<CaseEvent[]> {
  const rows: { type: string; data: unknown; actor: string; occurred_at: Date }[] = await t.db.query(
    'SELECT type, data, actor, occurred_at FROM case_events WHERE case_id = $1 ORDER BY seq',
    [caseId],
  );
  return rows.map((r) => ({ type: r.type, data: r.data, actor: r.actor, at: r.occurred_at.toISOString() }) as CaseEvent);
}

it('takes the next command at the version the log has reached: the workflow catches up from the log and equals its fold', async () => {
  const caseId = await caseWithLogAhead('已提交但任务丢失的记录');
  const res = await note(caseId, 2, '之后的记录', 'log-ahead-next');
  expect(res.status).toBe(200);
  expect(res.body.version).toBe(3);
  const log = await storedLog(caseId);
  expect(log.map((e) => e.type)).toEqual(['CaseOpened', 'NoteAdded', 'NoteAdded']);
  // The log holds narratives sealed, the workflow as it was told them: equal but for those.
  const unsealed = (s: CaseState | null) => s && mapStateNarratives(s, () => '·');
  expect(unsealed(await t.temporal.workflow.getHandle(caseWorkflowId(caseId)).query(stateQuery))).toEqual(unsealed(fold(log)));
  const auditor = await t.token({ id: 'au-log-ahead', roles: ['auditor'], division: COUNTY });
  const verified = await t.http().get(`/v1/cases/${caseId}/verification`).set('Authorization', `Bearer ${auditor}`).expect(200);
  expect(verified.body.chain.valid).toBe(true);
});

it('refuses (409 VERSION_MISMATCH) a command decided on the version the log has left, instead of acknowledging it while the log keeps the other batch', async () => {
  const caseId = await caseWithLogAhead('另一个命令的记录');
  const stale = await note(caseId, 1, '过时版本上的记录', 'log-ahead-stale');
  expect(stale.status).toBe(409);
  expect(stale.body.currentVersion).toBe(2);
  expect((await storedLog(caseId)).map((e) => e.type)).toEqual(['CaseOpened', 'NoteAdded']);
  // Retried at the version it was told, it lands.
  const retried = await note(caseId, 2, '过时版本上的记录', 'log-ahead-stale-2');
  expect(retried.status).toBe(200);
  expect(retried.body.version).toBe(3);
});

it('refuses (409 VERSION_MISMATCH) an If-Match the case has never reached, before the workflow is asked', async () => {
  const opened = await t.http().post('/v1/cases').set('Authorization', `Bearer ${token}`).send(openCaseBody()).expect(201);
  const res = await note(opened.body.id as string, 7, '未来的版本', 'log-ahead-future');
  expect(res.status).toBe(409);
  expect(res.body.currentVersion).toBe(1);
});
