import { idCheckChar } from '../../src/domain/id-number';
import { caseWorkflowId } from '../../workflows/case.messages';
import { idNumber, openCaseBody, OTHER_PROVINCE_VILLAGE, TOWNSHIP, VILLAGE } from '../support/builders';
import { startTestApp, type TestApp } from '../support/test-app';

// Issue 2: opening a case through HTTP on real PostgreSQL and a real Temporal server.

let t: TestApp;
let caseworker: string;

beforeAll(async () => {
  t = await startTestApp({ config: { openWaitMs: 1500 } });
  caseworker = await t.token({ id: 'cw-open', roles: ['caseworker'], division: VILLAGE });
});
afterAll(() => t.close());

async function counts(caseId?: string) {
  const [row]: { events: number; cases: number; subjects: number; keys: number }[] = await t.db.query(
    `SELECT (SELECT count(*)::int FROM case_events WHERE $1::uuid IS NULL OR case_id = $1) AS events,
            (SELECT count(*)::int FROM cases WHERE $1::uuid IS NULL OR case_id = $1) AS cases,
            (SELECT count(*)::int FROM subjects) AS subjects,
            (SELECT count(*)::int FROM idempotency_keys) AS keys`,
    [caseId ?? null],
  );
  return row;
}

async function workflowsOf(caseId: string): Promise<number> {
  let n = 0;
  for await (const _ of t.temporal.workflow.list({ query: `WorkflowId = '${caseWorkflowId(caseId)}'` })) n++;
  return n;
}

const post = (body: object, key?: string, token = caseworker) => {
  const req = t.http().post('/v1/cases').set('Authorization', `Bearer ${token}`);
  return (key ? req.set('Idempotency-Key', key) : req).send(body);
};

describe('POST /v1/cases', () => {
  it('opens a case: 201 after CaseOpened is in case_events and cases, one workflow', async () => {
    const res = await post(openCaseBody({ kind: 'orphan', risk: 'medium', summary: '父母双亡' }), 'open-once-0001');
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/v1/cases/${res.body.id}`);
    expect(res.headers.etag).toBe('"1"');
    expect(res.body).toMatchObject({
      kind: 'orphan',
      family: 'minor_protection',
      status: 'open',
      level: 'village',
      holder: VILLAGE,
      origin: VILLAGE,
      version: 1,
    });
    expect(res.body.caseNumber).toMatch(/^MP-330106-\d{4}-\d{6}$/);
    const events: { type: string; seq: number }[] = await t.db.query('SELECT type, seq FROM case_events WHERE case_id = $1', [res.body.id]);
    expect(events).toEqual([{ type: 'CaseOpened', seq: 1 }]);
    expect((await counts(res.body.id)).cases).toBe(1);
    expect(await workflowsOf(res.body.id)).toBe(1);
  });

  it('returns the same case for a repeated Idempotency-Key and creates nothing', async () => {
    const body = openCaseBody();
    const first = await post(body, 'repeat-key-0001');
    expect(first.status).toBe(201);
    const before = await counts();
    const again = await post(body, 'repeat-key-0001');
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(await counts()).toEqual(before);
    expect(await workflowsOf(first.body.id)).toBe(1);
  });

  it('answers 422 for a reused Idempotency-Key with another body, changing nothing', async () => {
    await post(openCaseBody(), 'reuse-key-0001').expect(201);
    const before = await counts();
    const res = await post(openCaseBody({ summary: 'another request' }), 'reuse-key-0001');
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'Idempotency-Key' })]);
    expect(await counts()).toEqual(before);
  });

  it.each([
    ['kind', { kind: 'pension' }],
    ['subject.idNumber', { subject: { name: '测试人', idNumber: '33010620150101001' } }],
    ['subject.name', { subject: { name: '', idNumber: '330106201501010014' } }],
    ['summary', { summary: 42 }],
    ['risk', { risk: 'extreme' }],
    ['division', { division: '33010600205' }],
    ['unexpected', { unexpected: true }],
  ])('answers 400 problem+json naming %s for a bad body, creating nothing', async (field, patch) => {
    const before = await counts();
    const res = await post(openCaseBody(patch));
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 400, title: 'Invalid request' });
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(JSON.stringify(res.body)).not.toMatch(/at .+\.(ts|js):\d+/); // no stack trace
    expect(await counts()).toEqual(before);
  });

  it.each([
    ['a wrong check character', '330106201501010015'],
    ['an impossible birth date (2015-02-31)', `33010620150231001${idCheckChar('33010620150231001')}`],
  ])('answers 422 naming subject.idNumber for an ID number of the right form with %s (GB 11643), creating nothing', async (_what, idNumber) => {
    const before = await counts();
    const res = await post(openCaseBody({ subject: { name: '测试人', idNumber } }));
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['subject.idNumber']);
    expect(await counts()).toEqual(before);
  });

  it('answers 400 naming the body for malformed JSON', async () => {
    const res = await t
      .http()
      .post('/v1/cases')
      .set('Authorization', `Bearer ${caseworker}`)
      .set('Content-Type', 'application/json')
      .send('{"kind": ');
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'body', message: 'must be valid JSON' }]);
  });

  it('answers 422 for a division that is not in the registry', async () => {
    const stranger = await t.token({ roles: ['caseworker'], division: '330106002999' });
    const before = await counts();
    const res = await post(openCaseBody(), undefined, stranger);
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ field: 'division', message: 'is not a known division code' }]);
    expect(await counts()).toEqual(before);
  });

  it('refuses to open a case in another unit (403) and without a token (401)', async () => {
    expect((await post(openCaseBody({ division: TOWNSHIP }))).status).toBe(403);
    const anonymous = await t.http().post('/v1/cases').send(openCaseBody());
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['www-authenticate']).toBe('Bearer');
    const supervisor = await t.token({ roles: ['supervisor'], division: VILLAGE });
    expect((await post(openCaseBody(), undefined, supervisor)).status).toBe(403);
  });
});

describe('one active case of a kind per person', () => {
  it('answers 409 with the existing case number for a second active case of the same kind, found through the blind index', async () => {
    const person = { name: '重复申请人', idNumber: idNumber() };
    const first = await post(openCaseBody({ kind: 'dibao', subject: person }));
    expect(first.status).toBe(201);
    const before = await counts();
    // Another unit, another caseworker, the same person: still found (the index is keyed, not scoped).
    const elsewhere = await t.token({ roles: ['caseworker'], division: OTHER_PROVINCE_VILLAGE });
    const second = await post(openCaseBody({ kind: 'dibao', subject: { ...person, name: '另一个写法' } }), undefined, elsewhere);
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ code: 'DUPLICATE_ACTIVE_CASE', existingCaseNumber: first.body.caseNumber });
    expect(JSON.stringify(second.body)).not.toContain(person.idNumber);
    expect(await counts()).toEqual(before);
    // A case of another kind for the same person is fine.
    expect((await post(openCaseBody({ kind: 'temporary_aid', subject: person }))).status).toBe(201);
    const stored: { n: number }[] = await t.db.query(
      "SELECT count(*)::int AS n FROM subjects WHERE position(convert_to($1, 'UTF8') IN ciphertext) > 0",
      [person.idNumber],
    );
    expect(stored[0].n).toBe(0); // encrypted at rest
  });
});

describe('GET /v1/cases/{id}', () => {
  it('returns the case with its ETag in scope, and 404 out of scope or unknown', async () => {
    const opened = await post(openCaseBody());
    const got = await t.http().get(`/v1/cases/${opened.body.id}`).set('Authorization', `Bearer ${caseworker}`);
    expect(got.status).toBe(200);
    expect(got.headers.etag).toBe('"1"');
    expect(got.body).toEqual(opened.body);

    // Need-to-know: the holder's caseworkers see it all (the default policy shows them the full ID
    // number); the township above the village that holds the case sees it masked, narratives too.
    const fullNumber = got.body.subject.idNumber as string;
    expect(fullNumber).toMatch(/^330106\d{11}[\dX]$/);
    expect(got.body.privacy).toEqual({ narratives: 'full', subject: 'full', idNumberMasked: false, breakGlass: false });
    const township = await t.token({ roles: ['supervisor'], division: TOWNSHIP });
    const bySupervisor = await t.http().get(`/v1/cases/${opened.body.id}`).set('Authorization', `Bearer ${township}`);
    expect(bySupervisor.status).toBe(200);
    expect(bySupervisor.body.subject.idNumber).toBe(`${fullNumber.slice(0, 6)}********${fullNumber.slice(-4)}`);
    expect(bySupervisor.body.subject.name).toBe('测**');
    expect(bySupervisor.body.summary).toBe('');
    expect(bySupervisor.body.privacy).toEqual({ narratives: 'masked', subject: 'masked', idNumberMasked: true, breakGlass: false });
    const auditor = await t.token({ roles: ['auditor'], division: TOWNSHIP });
    const byAuditor = await t.http().get(`/v1/cases/${opened.body.id}`).set('Authorization', `Bearer ${auditor}`);
    expect(byAuditor.body.subject).toMatchObject({ name: '测**', idNumber: bySupervisor.body.subject.idNumber });
    const outsider = await t.token({ roles: ['caseworker'], division: OTHER_PROVINCE_VILLAGE });
    const hidden = await t.http().get(`/v1/cases/${opened.body.id}`).set('Authorization', `Bearer ${outsider}`);
    const missing = await t.http().get('/v1/cases/00000000-0000-4000-8000-000000000000').set('Authorization', `Bearer ${outsider}`);
    expect(hidden.status).toBe(404);
    expect(hidden.body).toEqual(missing.body);
    expect((await t.http().get('/v1/cases/not-a-uuid').set('Authorization', `Bearer ${caseworker}`)).status).toBe(404);
  });
});

describe('with the worker stopped', () => {
  it('answers 202 within the bound, and opens the case exactly once when the worker is back', async () => {
    await t.stopWorker();
    const body = openCaseBody({ kind: 'tekun' });
    const started = Date.now();
    const first = await post(body, 'worker-down-0001');
    expect(Date.now() - started).toBeLessThan(1500 + 2000);
    expect(first.status).toBe(202);
    expect(first.headers.location).toBe(`/v1/cases/${first.body.id}`);
    expect(first.headers['retry-after']).toBeDefined();
    const retried = await post(body, 'worker-down-0001');
    expect(retried.status).toBe(202);
    expect(retried.body.id).toBe(first.body.id);
    expect((await counts(first.body.id)).events).toBe(0);

    await t.startWorker();
    const done = await post(body, 'worker-down-0001');
    expect(done.status).toBe(201);
    expect(done.body.id).toBe(first.body.id);
    const events: { type: string }[] = await t.db.query('SELECT type FROM case_events WHERE case_id = $1', [first.body.id]);
    expect(events.map((e) => e.type)).toEqual(['CaseOpened']);
    expect(await workflowsOf(first.body.id)).toBe(1);
    const numbers: { n: number }[] = await t.db.query('SELECT count(*)::int AS n FROM case_numbers WHERE case_id = $1', [first.body.id]);
    expect(numbers[0].n).toBe(1);
  });
});
