import { caseWorkflowId } from '../../workflows/case.messages';
import { openCaseBody, VILLAGE } from '../support/builders';
import { startTestApp, type TestApp } from '../support/test-app';

// Issue 11, defect 1: an Idempotency-Key on a case command means "this request, once". A retry
// with the same key and body answers what the first attempt answered and appends nothing — also
// when the first attempt landed before the workflow continued as new; the same key with another
// body is refused with 422 and changes nothing.

let t: TestApp;
let caseworker: string;

beforeAll(async () => {
  // A short history limit, so a few commands make the case's workflow continue as new.
  t = await startTestApp({ config: { caseHistoryLimit: 40 } });
  caseworker = await t.token({ id: 'cw-cmd-key', roles: ['caseworker'], division: VILLAGE });
});
afterAll(() => t.close());

async function openCase(): Promise<{ id: string; version: number }> {
  const res = await t.http().post('/v1/cases').set('Authorization', `Bearer ${caseworker}`).send(openCaseBody()).expect(201);
  return res.body as { id: string; version: number };
}

const note = (id: string, version: number, text: string, key?: string) => {
  const req = t.http().post(`/v1/cases/${id}/notes`).set('Authorization', `Bearer ${caseworker}`).set('If-Match', `"${version}"`);
  return (key ? req.set('Idempotency-Key', key) : req).send({ text });
};

const escalate = (id: string, version: number, reason: string, key: string) =>
  t
    .http()
    .post(`/v1/cases/${id}/escalations`)
    .set('Authorization', `Bearer ${caseworker}`)
    .set('If-Match', `"${version}"`)
    .set('Idempotency-Key', key)
    .send({ reason });

async function eventCount(caseId: string): Promise<number> {
  const [row]: { n: number }[] = await t.db.query('SELECT count(*)::int AS n FROM case_events WHERE case_id = $1', [caseId]);
  return row.n;
}

async function runIdOf(caseId: string): Promise<string> {
  return (await t.temporal.workflow.getHandle(caseWorkflowId(caseId)).describe()).runId;
}

it('answers a retry with the same Idempotency-Key and body with the first answer, appending nothing', async () => {
  const c = await openCase();
  const first = await note(c.id, c.version, '第一次家访记录', 'note-once-0001');
  expect(first.status).toBe(200);
  const again = await note(c.id, c.version, '第一次家访记录', 'note-once-0001');
  expect(again.status).toBe(200);
  expect(again.body).toEqual(first.body);
  expect(again.headers.etag).toBe(first.headers.etag);
  expect(await eventCount(c.id)).toBe(2);
});

it('answers 422 naming Idempotency-Key when the same key comes with another body, and appends nothing', async () => {
  const c = await openCase();
  await note(c.id, c.version, '原始记录', 'note-reuse-0001').expect(200);
  const res = await note(c.id, c.version + 1, '另一条记录', 'note-reuse-0001');
  expect(res.status).toBe(422);
  expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
  expect(res.body.errors).toEqual([expect.objectContaining({ field: 'Idempotency-Key' })]);
  expect(await eventCount(c.id)).toBe(2);
});

it('answers 422 when the same key is used for a command on another case', async () => {
  const a = await openCase();
  const b = await openCase();
  await note(a.id, a.version, '同一内容', 'note-other-case-01').expect(200);
  const res = await note(b.id, b.version, '同一内容', 'note-other-case-01');
  expect(res.status).toBe(422);
  expect(await eventCount(b.id)).toBe(1);
});

it('gives a retried escalation request the same request id, so the retry is the same request', async () => {
  const c = await openCase();
  const first = await escalate(c.id, c.version, '需要乡镇审核', 'escalate-once-01').expect(200);
  const again = await escalate(c.id, c.version, '需要乡镇审核', 'escalate-once-01').expect(200);
  expect(again.body.pendingEscalation.requestId).toBe(first.body.pendingEscalation.requestId);
  expect(await eventCount(c.id)).toBe(2);
});

it('keeps deduplicating across continue-as-new: a retry whose first attempt landed before it returns the first result and appends nothing', async () => {
  const c = await openCase();
  const firstRun = await runIdOf(c.id);
  const first = await note(c.id, c.version, '会继续为新的那条', 'note-before-can-01').expect(200);
  // More commands until the workflow has continued as new.
  let version = first.body.version as number;
  for (let i = 0; i < 30 && (await runIdOf(c.id)) === firstRun; i++) {
    version = (await note(c.id, version, `后续记录 ${i}`).expect(200)).body.version as number;
  }
  expect(await runIdOf(c.id)).not.toBe(firstRun);
  const events = await eventCount(c.id);

  const again = await note(c.id, c.version, '会继续为新的那条', 'note-before-can-01');
  expect(again.status).toBe(200);
  expect(again.body).toEqual(first.body);
  expect(again.headers.etag).toBe(first.headers.etag);
  expect(await eventCount(c.id)).toBe(events);

  const reused = await note(c.id, version, '换了内容', 'note-before-can-01');
  expect(reused.status).toBe(422);
  expect(await eventCount(c.id)).toBe(events);
});
