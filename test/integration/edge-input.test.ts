import { openCaseBody, VILLAGE } from '../support/builders';
import { CaseDriver, person, type Person } from '../support/case-driver';
import { startTestApp, type TestApp } from '../support/test-app';

// Input that used to reach the database or the workflow and come back as a 5xx (issue 11, defects
// 3 and 4): each answers 400 problem+json naming the field, and changes nothing.

let t: TestApp;
let worker: Person;
let c: CaseDriver;
beforeAll(async () => {
  t = await startTestApp();
  worker = await person(t, 'caseworker', VILLAGE);
  c = await new CaseDriver(t).open(worker, openCaseBody());
});
afterAll(() => t.close());

const events = async () => (await t.db.query('SELECT count(*)::int AS n FROM case_events'))[0].n as number;
const fieldsOf = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field);
const cursor = (raw: string) => Buffer.from(raw).toString('base64url');

it.each([
  ['a case id that is not a UUID', cursor(`2026-01-01T00:00:00.000Z|${'-'.repeat(36)}`)],
  ['a time PostgreSQL cannot hold', cursor('+275760-09-13T00:00:00.000Z|00000000-0000-4000-8000-000000000000')],
  ['a time in another shape', cursor('Thu, 01 Jan 2026 00:00:00 GMT|00000000-0000-4000-8000-000000000000')],
])('a crafted list cursor with %s (of the documented form) answers 422 naming cursor', async (_what, value) => {
  const res = await t.http().get(`/v1/cases?cursor=${value}`).set('Authorization', `Bearer ${worker.token}`);
  expect(res.status).toBe(422);
  expect(fieldsOf(res.body)).toEqual(['cursor']);
});

it('a cursor not of the documented form answers 400 naming cursor', async () => {
  const res = await t.http().get('/v1/cases?cursor=not%20base64url!').set('Authorization', `Bearer ${worker.token}`);
  expect(res.status).toBe(400);
  expect(fieldsOf(res.body)).toEqual(['cursor']);
});

it('refuses a deeply nested body with 400 before looking at the token', async () => {
  const res = await t
    .http()
    .post('/v1/cases')
    .set('Content-Type', 'application/json')
    .send(`${'['.repeat(50_000)}${']'.repeat(50_000)}`);
  expect(res.status).toBe(400);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(fieldsOf(res.body)).toEqual(['body']);
});

it.each([1e-7, 0.001, 12.345, -1, 1e21])('money is yuan with at most two decimals: monthlyAmount %p answers 400 naming it', async (amount) => {
  const before = await events();
  const res = await t
    .http()
    .post(`/v1/cases/${c.id}/assessments`)
    .set('Authorization', `Bearer ${worker.token}`)
    .set('If-Match', `"${c.version}"`)
    .send({ findings: 'f', monthlyAmount: amount });
  expect(res.status).toBe(400);
  expect(fieldsOf(res.body)).toContain('monthlyAmount');
  expect(await events()).toBe(before);
});

it.each([
  ['a lone high surrogate', 'abc\ud800'],
  ['a lone low surrogate', '\udc00abc'],
  ['a NUL character', 'a\u0000b'],
])('a summary with %s answers 400 naming it, and no case is opened', async (_what, summary) => {
  const before = await events();
  const res = await t
    .http()
    .post('/v1/cases')
    .set('Authorization', `Bearer ${worker.token}`)
    .set('Content-Type', 'application/json')
    .send(JSON.stringify({ ...openCaseBody(), summary }));
  expect(res.status).toBe(400);
  expect(fieldsOf(res.body)).toEqual(['summary']);
  expect(await events()).toBe(before);
});

it('a note with a lone surrogate deep in a command answers 400 naming the field', async () => {
  const res = await t
    .http()
    .post(`/v1/cases/${c.id}/notes`)
    .set('Authorization', `Bearer ${worker.token}`)
    .set('If-Match', `"${c.version}"`)
    .set('Content-Type', 'application/json')
    .send(JSON.stringify({ text: 'visit \ud83d' }));
  expect(res.status).toBe(400);
  expect(fieldsOf(res.body)).toEqual(['text']);
});

it('well-formed text with astral characters (a surrogate pair) is still accepted', async () => {
  await c.act(worker, 'notes', { text: '走访 𠀀 ok 😀' });
});
