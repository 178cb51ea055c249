import { COUNTY, idNumber, openCaseBody, VILLAGE } from '../support/builders';
import { CaseDriver, person, type Person } from '../support/case-driver';
import { startTestApp, type TestApp } from '../support/test-app';

// 公示 through the API (特困人员认定办法 第十五条, 最低生活保障审核确认办法 第十九条): published at the
// applicant's village, objections recorded, and what the public sees masked — never the narrative.

let t: TestApp;
let worker: Person;
let countyWorker: Person;
beforeAll(async () => {
  t = await startTestApp();
  worker = await person(t, 'caseworker', VILLAGE);
  countyWorker = await person(t, 'caseworker', COUNTY);
});
afterAll(() => t.close());

describe('公示', () => {
  it('特困人员认定办法第十五条: publishes the opinion in the village for 7 days and shows the public only the surname and the masked ID number', async () => {
    const id = idNumber();
    const c = await new CaseDriver(t).open(
      worker,
      openCaseBody({ kind: 'tekun', subject: { name: '张三丰', idNumber: id }, summary: '无劳动能力，无赡养人（叙述不公开）' }),
    );
    await c.act(worker, 'public-notices', { purpose: 'initial' });
    expect(c.view.publicNotice).toMatchObject({ purpose: 'initial', place: VILLAGE, status: 'running', objections: 0 });
    const notice = c.view.publicNotice as { startedAt: string; endsAt: string };
    expect(Date.parse(notice.endsAt) - Date.parse(notice.startedAt)).toBe(7 * 86_400_000);

    const shown = await t.http().get(`/v1/cases/${c.id}/public-notice`).set('Authorization', `Bearer ${worker.token}`);
    expect(shown.status).toBe(200);
    expect(shown.body).toEqual({
      caseNumber: c.view.caseNumber,
      kind: 'tekun',
      purpose: 'initial',
      place: VILLAGE,
      startedAt: notice.startedAt,
      endsAt: notice.endsAt,
      status: 'running',
      applicant: '张某',
      idNumber: `${id.slice(0, 6)}********${id.slice(-4)}`,
    });
    expect(JSON.stringify(shown.body)).not.toContain('叙述');

    await c.act(worker, 'public-notices/objections', { summary: '村民反映其子女有赡养能力' });
    expect(c.view.publicNotice).toMatchObject({ status: 'objected', objections: 1 });
    expect(c.view.step).toMatchObject({ name: 're_investigation' });
    const again = await c.act(worker, 'public-notices', { purpose: 'initial' });
    expect(again.body.publicNotice).toMatchObject({ status: 'running' });
  });

  it('事实无人抚养儿童 and 孤儿 have no 公示 (民发〔2019〕62号 二(二): 不宜设置公示环节): 409, and there is nothing to show', async () => {
    for (const kind of ['de_facto_unsupported', 'orphan']) {
      const c = await new CaseDriver(t).open(worker, openCaseBody({ kind, summary: '儿童保障申请' }));
      const res = await c.act(worker, 'public-notices', { purpose: 'initial' }, 409);
      expect(res.body).toMatchObject({ status: 409 });
      const none = await t.http().get(`/v1/cases/${c.id}/public-notice`).set('Authorization', `Bearer ${worker.token}`);
      expect(none.status).toBe(404);
    }
  });

  it('names a missing or unknown field of a 公示 command with 400, and an unlisted extension ground with 422', async () => {
    const c = await new CaseDriver(t).open(countyWorker, openCaseBody({ summary: '申请低保' }));
    const bad = await c.act(countyWorker, 'public-notices', { purpose: 'forever' }, 400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'purpose' })]);
    const sv = await person(t, 'supervisor', COUNTY);
    const ground = await c.act(sv, 'procedure-extension', { ground: 'busy', reason: '忙' }, 422);
    expect(ground.body.errors).toEqual([expect.objectContaining({ field: 'ground' })]);
    await c.act(sv, 'procedure-extension', { ground: 'household_separation', reason: '人户分离' });
    expect(Date.parse(c.view.procedureDueAt as string)).toBeGreaterThan(Date.parse(c.view.openedAt as string) + 50 * 86_400_000);
  });
});
