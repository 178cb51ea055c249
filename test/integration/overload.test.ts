import { SubjectVault } from '../../src/subjects/subject-vault';
import { openCaseBody, VILLAGE } from '../support/builders';
import { startTestApp, type TestApp } from '../support/test-app';

// Issue 11, deliver 3: past its bound the API sheds load — 503 with Retry-After at once, nothing
// changed — instead of letting every request wait for a workflow until it times out. Here the
// bound is one call in flight and none queued; with no worker the one admitted call waits.

let t: TestApp;
let token: string;
beforeAll(async () => {
  t = await startTestApp({ config: { admission: { limit: 1, queue: 0, waitMs: 50 }, commandWaitMs: 3000, openWaitMs: 3000 } });
  token = await t.token({ id: 'cw-overload', roles: ['caseworker'], division: VILLAGE });
});
afterAll(() => t.close());

const note = (id: string, text: string) =>
  t.http().post(`/v1/cases/${id}/notes`).set('Authorization', `Bearer ${token}`).set('If-Match', '"1"').send({ text });

it('answers 503 with Retry-After at once for a call past the bound, changes nothing, and admits again when the slot frees', async () => {
  const a = (await t.http().post('/v1/cases').set('Authorization', `Bearer ${token}`).send(openCaseBody()).expect(201)).body.id as string;
  const b = (await t.http().post('/v1/cases').set('Authorization', `Bearer ${token}`).send(openCaseBody()).expect(201)).body.id as string;
  await t.stopWorker();
  const waiting = note(a, '占住唯一的位置').then((r) => r);
  await new Promise((r) => setTimeout(r, 300));
  const started = Date.now();
  const shed = await note(b, '超出上限');
  expect(Date.now() - started).toBeLessThan(1000);
  expect(shed.status).toBe(503);
  expect(shed.headers['retry-after']).toBe('1');
  expect(shed.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = openCaseBody();
  const opening = await t.http().post('/v1/cases').set('Authorization', `Bearer ${token}`).send(body);
  expect(opening.status).toBe(503);
  // Shed before anything was written: no subject stored for the person of the refused opening.
  const person = new SubjectVault(t.config.pii).blindIndex(body.subject.idNumber);
  const stored: { n: number }[] = await t.db.query('SELECT count(*)::int AS n FROM subjects WHERE blind_index = $1', [person]);
  expect(stored[0].n).toBe(0);
  await t.startWorker();
  expect((await waiting).status).toBe(200);
  expect((await note(b, '位置空出来了')).status).toBe(200);
  const events: { n: number }[] = await t.db.query('SELECT count(*)::int AS n FROM case_events WHERE case_id = $1', [b]);
  expect(events[0].n).toBe(2);
  const metrics = await t.http().get('/metrics');
  expect(metrics.text).toMatch(/casework_requests_shed_total\{reason="queue_full"\} [1-9]/);
});
