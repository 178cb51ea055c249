import { randomUUID } from 'node:crypto';
import { COUNTY, openCaseBody, OTHER_PROVINCE_VILLAGE, PROVINCE, TOWNSHIP, VILLAGE } from '../support/builders';
import { startTestApp, type TestApp } from '../support/test-app';

// Issue 4: every read of a case's personal data is in the access log; auditors read the log of
// their own subtree only.

let t: TestApp;
let caseworker: string;
let countyAuditor: string;
let caseId: string;

interface Entry {
  principal: { id: string; roles: string[]; division: string };
  action: string;
  caseId: string | null;
  requestId: string | null;
  at: string;
}

beforeAll(async () => {
  t = await startTestApp();
  caseworker = await t.token({ id: 'cw-log', roles: ['caseworker'], division: VILLAGE });
  countyAuditor = await t.token({ id: 'auditor-log', roles: ['auditor'], division: COUNTY });
  const res = await t.http().post('/v1/cases').set('Authorization', `Bearer ${caseworker}`).send(openCaseBody());
  expect(res.status).toBe(201);
  caseId = res.body.id;
});
afterAll(() => t.close());

const read = (token: string, id = caseId, requestId?: string) => {
  const req = t.http().get(`/v1/cases/${id}`).set('Authorization', `Bearer ${token}`);
  return requestId ? req.set('X-Request-Id', requestId) : req;
};
const log = (token: string, query: Record<string, string | number> = {}) =>
  t.http().get('/v1/access-log').query(query).set('Authorization', `Bearer ${token}`);

describe('reading a case', () => {
  it('records who read it, with roles, division and request id', async () => {
    const requestId = `read-${randomUUID()}`;
    const res = await read(countyAuditor, caseId, requestId);
    expect(res.status).toBe(200);
    expect(res.headers['x-request-id']).toBe(requestId);
    const rows = await t.db.query(`SELECT principal_id, roles, division, action, case_id FROM access_log WHERE request_id = $1`, [requestId]);
    expect(rows).toEqual([{ principal_id: 'auditor-log', roles: ['auditor'], division: COUNTY, action: 'case.read', case_id: caseId }]);
  });

  it('records nothing for a case the reader may not see (404)', async () => {
    const outsider = await t.token({ id: 'cw-outsider', roles: ['caseworker'], division: OTHER_PROVINCE_VILLAGE });
    expect((await read(outsider)).status).toBe(404);
    expect((await read(outsider, randomUUID())).status).toBe(404);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM access_log WHERE principal_id = 'cw-outsider'`);
    expect(n).toBe(0);
  });

  it('keeps the log append-only', async () => {
    const quiet = jest.spyOn(console, 'log').mockImplementation(() => undefined); // TypeORM logs the refused queries
    await expect(t.db.query(`DELETE FROM access_log WHERE case_id = $1`, [caseId])).rejects.toThrow(/append-only/);
    await expect(t.db.query(`UPDATE access_log SET principal_id = 'nobody'`)).rejects.toThrow(/append-only/);
    quiet.mockRestore();
  });
});

describe('GET /v1/access-log', () => {
  it('shows an auditor the reads of cases in their subtree, newest first, filtered by case and principal', async () => {
    const townshipSupervisor = await t.token({ id: 'sup-log', roles: ['supervisor'], division: TOWNSHIP });
    await read(townshipSupervisor).expect(200);
    const res = await log(countyAuditor, { caseId });
    expect(res.status).toBe(200);
    const entries = res.body.entries as Entry[];
    expect(entries.map((e) => e.principal.id)).toEqual(expect.arrayContaining(['sup-log', 'auditor-log', 'cw-log']));
    expect(entries.every((e) => e.caseId === caseId && e.action === 'case.read')).toBe(true);
    expect([...entries.map((e) => e.at)].sort().reverse()).toEqual(entries.map((e) => e.at));

    const bySupervisor = (await log(countyAuditor, { principal: 'sup-log' })).body.entries as Entry[];
    expect(bySupervisor).toEqual([expect.objectContaining({ principal: { id: 'sup-log', roles: ['supervisor'], division: TOWNSHIP }, caseId })]);
    expect((await log(countyAuditor, { caseId, limit: 1 })).body.entries).toHaveLength(1);
  });

  it('filters by time', async () => {
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await log(countyAuditor, { caseId, from: future })).body.entries).toEqual([]);
    expect((await log(countyAuditor, { caseId, to: future })).body.entries.length).toBeGreaterThan(0);
  });

  it("hides entries about cases outside the auditor's subtree", async () => {
    const elsewhere = await t.token({ id: 'auditor-hubei', roles: ['auditor'], division: '420000000000' });
    expect((await log(elsewhere, { caseId })).body.entries).toEqual([]);
    const province = await t.token({ id: 'auditor-zj', roles: ['auditor'], division: PROVINCE });
    expect((await log(province, { caseId })).body.entries.length).toBeGreaterThan(0);
  });

  it('shows decodes (no case) by people whose unit is in the subtree', async () => {
    const supervisor = await t.token({ id: 'sup-decoder', roles: ['supervisor'], division: COUNTY });
    await t.http().post('/v1/codec/decode').set('Authorization', `Bearer ${supervisor}`).send({ payloads: [] }).expect(200);
    const mine = (await log(countyAuditor, { principal: 'sup-decoder' })).body.entries as Entry[];
    expect(mine).toEqual([expect.objectContaining({ action: 'payload.decode', caseId: null })]);
    const elsewhere = await t.token({ roles: ['auditor'], division: '420000000000' });
    expect((await log(elsewhere, { principal: 'sup-decoder' })).body.entries).toEqual([]);
  });

  it('is for auditors only, and checks its filters', async () => {
    expect((await log(caseworker)).status).toBe(403);
    const supervisor = await t.token({ roles: ['supervisor'], division: COUNTY });
    expect((await log(supervisor)).status).toBe(403);
    const bad = await log(countyAuditor, { caseId: 'not-a-uuid', limit: 0, from: 'yesterday' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['caseId', 'from', 'limit']);
  });
});
