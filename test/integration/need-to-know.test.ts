import { COUNTY, idNumber, OTHER_COUNTY, TOWNSHIP, VILLAGE } from '../support/builders';
import { CaseDriver, person, type Person } from '../support/case-driver';
import { startTestApp, type TestApp } from '../support/test-app';

// Issue 12, need-to-know over HTTP: who reads a case's narratives, the break-glass read with its
// required reason (visible to auditors in the access log), the supervisor who decides a request
// reading its reason, and the admin's legal hold, which shows no case content.

let t: TestApp;
let c: CaseDriver;
let people: Record<'village' | 'townshipWorker' | 'townshipHead' | 'countyWorker' | 'countyAuditor' | 'admin' | 'stranger', Person>;
const summary = `需知测试摘要 ${Date.now()}`;

beforeAll(async () => {
  t = await startTestApp();
  people = {
    village: await person(t, 'caseworker', VILLAGE),
    townshipWorker: await person(t, 'caseworker', TOWNSHIP),
    townshipHead: await person(t, 'supervisor', TOWNSHIP),
    countyWorker: await person(t, 'caseworker', COUNTY),
    countyAuditor: await person(t, 'auditor', COUNTY),
    admin: await person(t, 'admin', COUNTY),
    stranger: await person(t, 'auditor', OTHER_COUNTY),
  };
  c = await new CaseDriver(t).open(people.village, { kind: 'dibao', subject: { name: '需知测试', idNumber: idNumber() }, summary });
  await c.act(people.village, 'escalations', { reason: '请乡镇审核收入情况' });
});
afterAll(() => t.close());

const get = (p: Person, path: string) => t.http().get(path).set('Authorization', `Bearer ${p.token}`);
const post = (p: Person, path: string, body: object) => t.http().post(path).set('Authorization', `Bearer ${p.token}`).send(body);

describe('reading narratives', () => {
  it("shows them to the holder's caseworker and to the supervisor who must decide the waiting request, masks them for the rest", async () => {
    expect((await get(people.village, `/v1/cases/${c.id}`)).body).toMatchObject({ summary, privacy: { narratives: 'full' } });
    const inbox = await get(people.townshipHead, '/v1/approvals');
    expect((inbox.body.items as { caseId: string }[]).find((a) => a.caseId === c.id)).toMatchObject({ reason: '请乡镇审核收入情况' });
    expect((await get(people.townshipHead, `/v1/cases/${c.id}`)).body).toMatchObject({ summary, privacy: { narratives: 'full' } });
    for (const p of [people.townshipWorker, people.countyWorker, people.countyAuditor]) {
      const res = await get(p, `/v1/cases/${c.id}`);
      expect(res.body).toMatchObject({ summary: '', pendingEscalation: { reason: '' }, privacy: { narratives: 'masked', subject: 'masked' } });
    }
  });
});

describe('break-glass', () => {
  it('needs a reason (400 naming it) and a reader in scope (404 outside, 403 for an admin)', async () => {
    const noReason = await post(people.countyWorker, `/v1/cases/${c.id}/unmask`, {});
    expect(noReason.status).toBe(400);
    expect(new Set(noReason.body.errors.map((e: { field: string }) => e.field))).toEqual(new Set(['reason']));
    expect((await post(people.stranger, `/v1/cases/${c.id}/unmask`, { reason: '越权查阅测试' })).status).toBe(404);
    expect((await post(people.admin, `/v1/cases/${c.id}/unmask`, { reason: '管理员查阅测试' })).status).toBe(403);
  });

  it('shows the case and its events unmasked, recorded in the access log with the reason before anything is shown', async () => {
    const res = await post(people.countyAuditor, `/v1/cases/${c.id}/unmask`, { reason: '纪检协查 2026-031' });
    expect(res.status).toBe(200);
    expect(res.body.case).toMatchObject({
      summary,
      subject: { name: '需知测试' },
      privacy: { narratives: 'full', breakGlass: true, idNumberMasked: false },
    });
    expect(res.body.events.map((e: { data: { reason?: string } }) => e.data.reason).filter(Boolean)).toEqual(['请乡镇审核收入情况']);
    const log = await get(people.countyAuditor, `/v1/access-log?caseId=${c.id}`);
    const entry = (log.body.entries as { action: string; principal: { id: string }; detail: { reason?: string } }[]).find(
      (e) => e.action === 'case.unmask',
    );
    expect(entry).toMatchObject({ principal: { id: people.countyAuditor.id }, detail: { reason: '纪检协查 2026-031', via: 'break-glass' } });
    // The reason is free text: sealed in the database like any narrative.
    const [row] = await t.db.query<{ reason: string }[]>(
      `SELECT detail->>'reason' AS reason FROM access_log WHERE case_id = $1 AND action = 'case.unmask'`,
      [c.id],
    );
    expect(row.reason).toMatch(/^enc:1:/);
  });
});

describe('legal hold', () => {
  it('is an admin’s, with a reason, answered without the case’s content', async () => {
    const number = c.view.caseNumber as string;
    expect((await post(people.countyWorker, `/v1/case-numbers/${number}/legal-hold`, { reason: '诉讼保全' })).status).toBe(403);
    const noReason = await post(people.admin, `/v1/case-numbers/${number}/legal-hold`, {});
    expect(new Set(noReason.body.errors.map((e: { field: string }) => e.field))).toEqual(new Set(['reason']));
    const elsewhere = await person(t, 'admin', OTHER_COUNTY);
    expect((await post(elsewhere, `/v1/case-numbers/${number}/legal-hold`, { reason: '诉讼保全' })).status).toBe(404);
    const held = await post(people.admin, `/v1/case-numbers/${number}/legal-hold`, { reason: '诉讼保全' });
    expect(held.status).toBe(200);
    expect(Object.keys(held.body).sort()).toEqual(['caseNumber', 'id', 'legalHold', 'version']);
    expect(held.body.legalHold).toMatchObject({ placedBy: people.admin.id });
    expect((await post(people.admin, `/v1/case-numbers/${number}/legal-hold`, { reason: '再次保全' })).body).toMatchObject({
      code: 'LEGAL_HOLD_IN_PLACE',
    });
    expect((await get(people.village, `/v1/cases/${c.id}`)).body.legalHold).toMatchObject({ reason: '诉讼保全' });
  });
});
