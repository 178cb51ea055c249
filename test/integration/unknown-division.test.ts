import { COUNTY, idNumber, openCaseBody, TOWNSHIP } from '../support/builders';
import { CaseDriver, person, type Person } from '../support/case-driver';
import { startTestApp, type TestApp } from '../support/test-app';

// SPEC §2 (issue 13 §4): an unknown division code anywhere in a request — body, path or list
// filter — answers 422 naming the field. Well-formed codes the registry does not hold.

const UNKNOWN_TOWNSHIP = '330106099000';
const UNKNOWN_VILLAGE = '330106002999';

let t: TestApp;
let worker: Person;
beforeAll(async () => {
  t = await startTestApp();
  worker = await person(t, 'caseworker', TOWNSHIP);
});
afterAll(() => t.close());

const get = (path: string, by: Person = worker) => t.http().get(path).set('Authorization', `Bearer ${by.token}`);
const fieldsOf = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field);

describe('an unknown division code answers 422 naming the field', () => {
  it('in a list filter: GET /v1/cases?division= and GET /v1/case-counts?division=', async () => {
    const list = await get(`/v1/cases?division=${UNKNOWN_VILLAGE}`);
    expect([list.status, fieldsOf(list.body)]).toEqual([422, ['division']]);
    const counts = await get(`/v1/case-counts?division=${UNKNOWN_VILLAGE}`, await person(t, 'supervisor', COUNTY));
    expect([counts.status, fieldsOf(counts.body)]).toEqual([422, ['division']]);
    expect((await get(`/v1/cases?division=${TOWNSHIP}`)).status).toBe(200);
  });

  it('in a path: GET /v1/divisions/{code}', async () => {
    const res = await get(`/v1/divisions/${UNKNOWN_TOWNSHIP}`);
    expect([res.status, fieldsOf(res.body)]).toEqual([422, ['code']]);
  });

  it('in a body: a transfer to a unit the registry does not know, and an opening in one', async () => {
    const c = await new CaseDriver(t).open(worker, openCaseBody({ kind: 'tekun' }));
    const res = await c.act(worker, 'transfers', { to: UNKNOWN_TOWNSHIP, reason: '迁居' }, 422);
    expect(fieldsOf(res.body)).toEqual(['to']);
    const opened = await t
      .http()
      .post('/v1/cases')
      .set('Authorization', `Bearer ${worker.token}`)
      .send(openCaseBody({ subject: { name: '测试人', idNumber: idNumber(), addressDivision: UNKNOWN_VILLAGE } }));
    expect(opened.status).toBe(422);
    expect(fieldsOf(opened.body)).toContain('subject.addressDivision');
  });
});
