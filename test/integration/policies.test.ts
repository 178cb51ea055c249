import { DEFAULT_POLICY, type Policy } from '../../src/domain';
import { COUNTY, openCaseBody, VILLAGE } from '../support/builders';
import { startTestApp, type TestApp } from '../support/test-app';

// Policy is versioned data: admins publish, every case pins the version it was opened under.
// (This file publishes policies into the shared test database; its versions are unique.)

let t: TestApp;
let admin: string;
let caseworker: string;
beforeAll(async () => {
  t = await startTestApp();
  admin = await t.token({ roles: ['admin'], division: '330000000000' });
  caseworker = await t.token({ roles: ['caseworker'], division: VILLAGE });
});
afterAll(() => t.close());

const publish = (body: unknown, token = admin) =>
  t
    .http()
    .post('/v1/policies')
    .set('Authorization', `Bearer ${token}`)
    .send(body as object);

describe('policies', () => {
  it('serves the current policy to every role', async () => {
    const res = await t.http().get('/v1/policies/current').set('Authorization', `Bearer ${caseworker}`);
    expect(res.status).toBe(200);
    expect(res.body.kinds.dibao).toBeDefined();
    expect(typeof res.body.version).toBe('string');
  });

  it('refuses an invalid document with 422 naming each path, and publishes nothing', async () => {
    const broken = JSON.parse(JSON.stringify(DEFAULT_POLICY)) as Record<string, unknown> & { kinds: Record<string, Record<string, unknown>> };
    broken.version = `broken-${Date.now()}`;
    broken.kinds.dibao.steps = { township: { name: 'investigation', sla: { amount: -3, unit: 'fortnights' } } };
    const res = await publish(broken);
    expect(res.status).toBe(422);
    const fields = res.body.errors.map((e: { field: string }) => e.field);
    expect(fields.some((f: string) => f.includes('kinds.dibao.steps.township.sla'))).toBe(true);
    const stored: { n: number }[] = await t.db.query('SELECT count(*)::int AS n FROM policies WHERE version = $1', [broken.version]);
    expect(stored[0].n).toBe(0);
  });

  it('lets only admins publish (403 otherwise) and a version only once (409)', async () => {
    const version = `only-once-${Date.now()}`;
    expect((await publish({ ...DEFAULT_POLICY, version }, caseworker)).status).toBe(403);
    expect((await publish({ ...DEFAULT_POLICY, version })).status).toBe(201);
    const again = await publish({ ...DEFAULT_POLICY, version });
    expect(again.status).toBe(409);
  });

  it('never changes a case in flight: it keeps the version and deadlines it was opened under', async () => {
    const countyWorker = await t.token({ roles: ['caseworker'], division: COUNTY });
    const before = await t
      .http()
      .post('/v1/cases')
      .set('Authorization', `Bearer ${countyWorker}`)
      .send(openCaseBody({ kind: 'tekun' }));
    expect(before.status).toBe(201);

    const stricter: Policy = JSON.parse(JSON.stringify(DEFAULT_POLICY));
    stricter.version = `stricter-${Date.now()}`;
    stricter.kinds.tekun.steps.county = { ...stricter.kinds.tekun.steps.county!, sla: { amount: 2, unit: 'hours' } };
    expect((await publish(stricter)).status).toBe(201);
    const current = await t.http().get('/v1/policies/current').set('Authorization', `Bearer ${caseworker}`);
    expect(current.body.version).toBe(stricter.version);

    const after = await t
      .http()
      .post('/v1/cases')
      .set('Authorization', `Bearer ${countyWorker}`)
      .send(openCaseBody({ kind: 'tekun' }));
    expect(after.body.policyVersion).toBe(stricter.version);
    expect(Date.parse(after.body.deadline) - Date.parse(after.body.openedAt)).toBe(2 * 3_600_000);

    const reread = await t.http().get(`/v1/cases/${before.body.id}`).set('Authorization', `Bearer ${countyWorker}`);
    expect(reread.body.policyVersion).toBe(before.body.policyVersion);
    expect(reread.body.deadline).toBe(before.body.deadline);
    // …and keeps deciding with it: a note re-derives nothing from the new policy.
    const noted = await t
      .http()
      .post(`/v1/cases/${before.body.id}/notes`)
      .set('Authorization', `Bearer ${countyWorker}`)
      .set('If-Match', '"1"')
      .send({ text: '政策更新后' });
    expect(noted.status).toBe(200);
    expect(noted.body.deadline).toBe(before.body.deadline);
  });
});

describe('GET /v1/policies/{version}', () => {
  const get = (path: string, token?: string) => {
    const call = t.http().get(path);
    return token ? call.set('Authorization', `Bearer ${token}`) : call;
  };

  it('serves the built-in default version (stored or not) to every role that reads policies', async () => {
    for (const roles of [['caseworker'], ['supervisor'], ['auditor'], ['admin']] as const) {
      const token = await t.token({ roles: [...roles], division: COUNTY });
      const res = await get(`/v1/policies/${encodeURIComponent(DEFAULT_POLICY.version)}`, token);
      expect(res.status).toBe(200);
      expect(res.body).toEqual(JSON.parse(JSON.stringify(DEFAULT_POLICY)));
    }
    expect((await get(`/v1/policies/${DEFAULT_POLICY.version}`)).status).toBe(401);
  });

  it('answers the version a case is pinned to after a newer one is published (current moves on)', async () => {
    const countyWorker = await t.token({ roles: ['caseworker'], division: COUNTY });
    const opened = await t
      .http()
      .post('/v1/cases')
      .set('Authorization', `Bearer ${countyWorker}`)
      .send(openCaseBody({ kind: 'temporary_aid', summary: '突发火灾，申请临时救助' }));
    expect(opened.status).toBe(201);
    const pinned: string = opened.body.policyVersion;
    const pinnedDocument = (await get(`/v1/policies/${encodeURIComponent(pinned)}`, countyWorker)).body as Policy;
    expect(pinnedDocument.version).toBe(pinned);

    // Same rules, a new version: other test files share this database and its current policy.
    const newer = `newer-${Date.now()}`;
    expect((await publish({ ...DEFAULT_POLICY, version: newer })).status).toBe(201);
    expect((await get('/v1/policies/current', countyWorker)).body.version).toBe(newer);

    const again = await get(`/v1/policies/${encodeURIComponent(pinned)}`, countyWorker);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(pinnedDocument);
    expect(again.body.kinds.temporary_aid.decision).toEqual({
      by: 'amount',
      multipleOfDibaoLine: 3,
      upToThreshold: ['township', 'county'],
      above: ['county'],
    });
    const published = await get(`/v1/policies/${newer}`, countyWorker);
    expect(published.status).toBe(200);
    expect(published.body).toEqual({ ...JSON.parse(JSON.stringify(DEFAULT_POLICY)), version: newer });
  });

  it('answers 404 problem+json for a version nobody published', async () => {
    const res = await get(`/v1/policies/no-such-${Date.now()}`, caseworker);
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 404, title: 'Not found', detail: 'No such policy version.' });
  });
});
