import { openCaseBody, VILLAGE } from '../support/builders';
import { CaseDriver, person, type Person } from '../support/case-driver';
import { startTestApp, type TestApp } from '../support/test-app';

// Whatever a client sends gets a 4xx problem+json, never a 5xx, and changes nothing.

let t: TestApp;
let worker: Person;
let c: CaseDriver;
beforeAll(async () => {
  t = await startTestApp();
  worker = await person(t, 'caseworker', VILLAGE);
  c = await new CaseDriver(t).open(worker, openCaseBody());
});
afterAll(() => t.close());

const bodies: [string, unknown][] = [
  ['an array', []],
  ['a string', '"hello"'],
  ['null', 'null'],
  ['a number', '42'],
  ['subject as a string', { ...openCaseBody(), subject: 'someone' }],
  ['household as an object', { ...openCaseBody(), subject: { name: '某人', idNumber: '330106201501010014', household: { a: 1 } } }],
  ['household of strings', { ...openCaseBody(), subject: { name: '某人', idNumber: '330106201501010014', household: ['x'] } }],
  ['a huge summary', { ...openCaseBody(), summary: 'x'.repeat(5000) }],
  [
    'a nested __proto__',
    JSON.parse('{"kind":"dibao","summary":"s","subject":{"__proto__":{"admin":true},"name":"某","idNumber":"330106201501010014"}}'),
  ],
  ['kind as an array', { ...openCaseBody(), kind: ['dibao'] }],
  ['an ID number as a number', { ...openCaseBody(), subject: { name: '某人', idNumber: 330106201501010014 } }],
];

const events = async () => (await t.db.query('SELECT count(*)::int AS n FROM case_events'))[0].n as number;

describe('bad input never causes a 5xx', () => {
  it.each(bodies)('POST /v1/cases with %s → 4xx problem+json', async (_what, body) => {
    const before = await events();
    const req = t.http().post('/v1/cases').set('Authorization', `Bearer ${worker.token}`).set('Content-Type', 'application/json');
    const res = await req.send(typeof body === 'string' ? body : JSON.stringify(body));
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.errors?.length ?? 0).toBeGreaterThan(0);
    expect(await events()).toBe(before);
  });

  it.each([
    ['/v1/cases?limit=abc'],
    ['/v1/cases?limit=-1'],
    ['/v1/cases?overdue=maybe'],
    ['/v1/cases?cursor=%00%00'],
    ['/v1/cases?cursor=bm90LWEtY3Vyc29y'],
    ['/v1/cases?division=33'],
    ['/v1/cases?kind=dibao&kind=tekun'],
    ['/v1/cases/%E0%A4%A'],
    ['/v1/divisions/abc'],
    ['/v1/cases/00000000-0000-4000-8000-000000000000/state?at=never'],
    ['/v1/cases/00000000-0000-4000-8000-000000000000/events?after=x'],
  ])('GET %s → 4xx', async (path) => {
    const res = await t.http().get(path).set('Authorization', `Bearer ${worker.token}`);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });

  it.each([
    ['an unquoted If-Match', { 'If-Match': 'abc' }, { text: 'x' }],
    ['a negative If-Match', { 'If-Match': '"-1"' }, { text: 'x' }],
    ['a huge If-Match', { 'If-Match': `"${'9'.repeat(30)}"` }, { text: 'x' }],
    ['a bad Idempotency-Key', { 'If-Match': '"1"', 'Idempotency-Key': 'short' }, { text: 'x' }],
    ['a note that is an array', { 'If-Match': '"1"' }, { text: ['x'] }],
    ['an empty body', { 'If-Match': '"1"' }, {}],
  ])('POST notes with %s → 4xx, nothing changes', async (_what, headers, body) => {
    const before = await events();
    let req = t.http().post(`/v1/cases/${c.id}/notes`).set('Authorization', `Bearer ${worker.token}`);
    for (const [k, v] of Object.entries(headers)) req = req.set(k, v);
    const res = await req.send(body);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(await events()).toBe(before);
  });
});
