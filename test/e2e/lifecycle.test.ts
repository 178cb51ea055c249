import { CASE_KINDS, familyOf, type CaseKind } from '../../src/domain';
import { needsPublicNotice, openCaseBody, CITY, COUNTY, TOWNSHIP, VILLAGE } from '../support/builders';
import { CaseDriver, person, type Person } from '../support/case-driver';
import { startTestApp, testConfig, type TestApp } from '../support/test-app';
import { startApiOn, startDeadlineHarness, waitFor, type RunningHarness } from '../support/time-skipping';

// One scenario per case kind, through HTTP on the real stack: opened at the village, escalated by
// request and approval to the level the default policy gives authority, decided there, returned
// down to the village and followed up — the events asserted in order. 低保 and 特困 are approved
// only after their 7-day 公示 (最低生活保障审核确认办法 第十九条, 特困人员认定办法 第十五条): those two
// run through the same API in front of the time-skipping Temporal test server, which lets the 7 days
// pass; the other kinds run on the real dev server.

const DECIDES_AT: Record<CaseKind, 'township' | 'county'> = {
  mandatory_report: 'township',
  orphan: 'county',
  de_facto_unsupported: 'county',
  left_behind: 'township',
  guardianship_gap: 'county',
  dibao: 'county',
  tekun: 'county',
  temporary_aid: 'township',
  disability_subsidy: 'county', // 国发〔2015〕52号: county 民政 decides, after the county 残联's grade
};

type People = Record<'villageWorker' | 'townshipWorker' | 'townshipHead' | 'countyWorker' | 'countyHead', Person>;
let t: TestApp;
let people: People;
/** The time-skipping server, its worker, and the API in front of them (for the kinds with a 公示). */
let h: RunningHarness;
let skipping: TestApp;
let skippingPeople: People;

const peopleOf = async (app: TestApp): Promise<People> => ({
  villageWorker: await person(app, 'caseworker', VILLAGE),
  townshipWorker: await person(app, 'caseworker', TOWNSHIP),
  townshipHead: await person(app, 'supervisor', TOWNSHIP),
  countyWorker: await person(app, 'caseworker', COUNTY),
  countyHead: await person(app, 'supervisor', COUNTY),
});

beforeAll(async () => {
  t = await startTestApp();
  people = await peopleOf(t);
  const config = testConfig();
  h = await startDeadlineHarness('lifecycle', { config });
  skipping = await startApiOn(h, config);
  skippingPeople = await peopleOf(skipping);
});
afterAll(async () => {
  await skipping?.close();
  await h?.close();
  await t?.close();
});

describe.each(CASE_KINDS.map((k) => [k]))('a %s case', (kind) => {
  it(`goes from the village to the ${DECIDES_AT[kind]}, is decided there, returned to the village and followed up`, async () => {
    const withNotice = needsPublicNotice(kind);
    const app = withNotice ? skipping : t;
    const p = withNotice ? skippingPeople : people;
    const c = await new CaseDriver(app).open(
      p.villageWorker,
      openCaseBody({ kind, ...(familyOf(kind) === 'minor_protection' ? { risk: 'medium' } : {}) }),
    );
    const hardship = familyOf(kind) === 'hardship';
    await c.act(p.villageWorker, 'assessments', {
      findings: '入户调查完成',
      ...(hardship ? { householdSize: 3, monthlyAmount: 600 } : { risk: 'medium' }),
    });
    await c.escalate(p.villageWorker, p.townshipHead);
    expect(c.view).toMatchObject({ holder: TOWNSHIP, level: 'township', status: 'open' });
    const expected = ['CaseOpened', 'AssessmentRecorded', 'EscalationRequested', 'EscalationApproved', 'CaseEscalated:approval'];

    if (DECIDES_AT[kind] === 'county') {
      // The township has no authority: 403 naming the county, and nothing changes.
      const refused = await c.act(p.townshipHead, 'decision', { outcome: 'approved', reason: '符合条件' }, 403);
      expect(refused.body).toMatchObject({ code: 'NOT_AUTHORIZED_LEVEL', decidesAt: 'county' });
      await c.escalate(p.townshipWorker, p.countyHead);
      expect(c.view).toMatchObject({ holder: COUNTY, level: 'county' });
      expected.push('EscalationRequested', 'EscalationApproved', 'CaseEscalated:approval');
    }
    const decider = DECIDES_AT[kind] === 'county' ? p.countyHead : p.townshipHead;
    const approval = { outcome: 'approved', benefit: '救助', monthlyAmount: hardship ? 600 : undefined, reason: '符合条件' };
    if (withNotice) {
      // The initial opinion is published in the village for 7 days; the county waits for it (409).
      await c.act(p.countyWorker, 'public-notices', { purpose: 'initial' });
      expect(c.view.publicNotice).toMatchObject({ status: 'running', place: VILLAGE });
      const waiting = await c.act(decider, 'decision', approval, 409);
      expect(waiting.body).toMatchObject({ code: 'PUBLIC_NOTICE_RUNNING' });
      const endsAt = Date.parse((c.view.publicNotice as { endsAt: string }).endsAt);
      await h.env.sleep(endsAt - Number(await h.env.currentTimeMs()) + 60_000);
      await waitFor(h, c.id, (s) => s.publicNotice?.status === 'ended');
      await c.refresh(p.countyWorker);
      expected.push('PublicNoticeStarted', 'PublicNoticeEnded');
    }
    await c.act(decider, 'decision', approval);
    expect(['decided', 'monitoring']).toContain(c.view.status);
    expected.push('DecisionRecorded');

    if (DECIDES_AT[kind] === 'county') {
      await c.act(p.countyHead, 'return', { reason: '交乡镇落实' });
      expected.push('CaseReturned');
    }
    await c.act(p.townshipHead, 'return', { reason: '交村落实' });
    expected.push('CaseReturned');
    expect(c.view).toMatchObject({ holder: VILLAGE, level: 'village' });
    await c.act(p.villageWorker, 'follow-ups', { kind: 'visit', notes: '走访，情况稳定' });
    expected.push('FollowUpRecorded');

    expect(await c.events()).toEqual(expected);
    expect(c.version).toBe(expected.length);
    // The read model answers the same as the workflow did.
    const read = await app.http().get(`/v1/cases/${c.id}`).set('Authorization', `Bearer ${p.villageWorker.token}`);
    expect(read.body).toEqual(c.view);
  });
});

describe('commands over HTTP', () => {
  it('refuses a stale If-Match with 409 and the current version, changing nothing', async () => {
    const c = await new CaseDriver(t).open(people.villageWorker, openCaseBody());
    await c.act(people.villageWorker, 'notes', { text: '第一条' });
    const stale = await t
      .http()
      .post(`/v1/cases/${c.id}/notes`)
      .set('Authorization', `Bearer ${people.villageWorker.token}`)
      .set('If-Match', '"1"')
      .send({ text: '过期版本' });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'VERSION_MISMATCH', currentVersion: 2 });
    const missing = await t.http().post(`/v1/cases/${c.id}/notes`).set('Authorization', `Bearer ${people.villageWorker.token}`).send({ text: 'x' });
    expect(missing.status).toBe(428);
    expect(missing.body.errors).toEqual([{ field: 'If-Match', message: 'is required' }]);
    expect(await c.events()).toEqual(['CaseOpened', 'NoteAdded']);
  });

  it('applies a command retried with the same Idempotency-Key once, answering the retry with the first outcome', async () => {
    const c = await new CaseDriver(t).open(people.villageWorker, openCaseBody());
    const send = (key: string, text: string) =>
      t
        .http()
        .post(`/v1/cases/${c.id}/notes`)
        .set('Authorization', `Bearer ${people.villageWorker.token}`)
        .set('If-Match', '"1"')
        .set('Idempotency-Key', key)
        .send({ text });
    const first = await send('note-retry-0001', '第一次');
    expect(first.status).toBe(200);
    const retry = await send('note-retry-0001', '第一次');
    expect(retry.status).toBe(200);
    expect(retry.body.version).toBe(first.body.version);
    // Another key with the same stale version is a different command: refused, nothing added.
    const other = await send('note-retry-0002', '第二次');
    expect(other.status).toBe(409);
    expect(other.body).toMatchObject({ code: 'VERSION_MISMATCH', currentVersion: 2 });
    expect(await c.events()).toEqual(['CaseOpened', 'NoteAdded']);
  });

  it('lets only the next level decide an escalation request, and nobody approve their own closure', async () => {
    // 留守儿童 care: the township decides it and a supervisor approves its closure (两项补贴 was used
    // until policy 2026.3 sent its decision to county 民政).
    const c = await new CaseDriver(t).open(people.villageWorker, openCaseBody({ kind: 'left_behind', risk: 'low' }));
    await c.act(people.villageWorker, 'escalations', { reason: '提交乡镇' });
    const rid = c.view.pendingEscalation!.requestId;
    const cityHead = await person(t, 'supervisor', CITY);
    // In the city's scope, but only the township (the next level) decides this request.
    expect((await c.act(cityHead, `escalations/${rid}/approve`, {}, 403)).body.title).toBe('Forbidden');
    expect((await c.act(people.townshipHead, `escalations/00000000-0000-4000-8000-000000000000/approve`, {}, 404)).body.code).toBe('UNKNOWN_REQUEST');
    await c.act(people.townshipHead, `escalations/${rid}/reject`, { reason: '材料不全' });
    expect(c.view).toMatchObject({ holder: VILLAGE, status: 'open', pendingEscalation: null });
    await c.escalate(people.villageWorker, people.townshipHead);

    // A township officer with both roles decides, asks to close, and may not approve that closure.
    const dual = { id: 'dual-role', token: await t.token({ id: 'dual-role', roles: ['caseworker', 'supervisor'], division: TOWNSHIP }) };
    await c.act(dual, 'decision', { outcome: 'denied', reason: '不符合条件' });
    await c.act(dual, 'close', { reason: '结案' });
    const closure = c.view.pendingClosure!.requestId;
    expect((await c.act(dual, `close/${closure}/approve`, {}, 403)).body.code).toBe('SEPARATION_OF_DUTIES');
    await c.act(people.townshipHead, `close/${closure}/approve`);
    expect(c.view.status).toBe('closed');
    // A closed case accepts only reopen.
    expect((await c.act(people.townshipWorker, 'notes', { text: '补记' }, 409)).body.code).toBe('CASE_CLOSED');
    await c.act(people.townshipWorker, 'reopen', { reason: '情况变化' });
    expect(c.view.status).toBe('open');
  });

  it('lists cases in scope with filters and a cursor, and the approvals waiting for a supervisor', async () => {
    // 曲院社区: a village no other suite opens cases in (they share the database), so the pages hold exactly these.
    const worker = await person(t, 'caseworker', '330106002056');
    const opened = [];
    for (const kind of ['dibao', 'tekun', 'dibao']) opened.push(await new CaseDriver(t).open(worker, openCaseBody({ kind })));
    const head = await person(t, 'supervisor', TOWNSHIP);
    await opened[0].act(worker, 'escalations', { reason: '申请审核' });

    const page1 = await t.http().get('/v1/cases?division=330106002056&limit=2').set('Authorization', `Bearer ${worker.token}`);
    expect(page1.status).toBe(200);
    expect(page1.body.items).toHaveLength(2);
    const page2 = await t
      .http()
      .get(`/v1/cases?division=330106002056&limit=2&cursor=${page1.body.nextCursor}`)
      .set('Authorization', `Bearer ${worker.token}`);
    expect(page2.body.items).toHaveLength(1);
    expect(page2.body.nextCursor).toBeNull();
    expect([...page1.body.items, ...page2.body.items].map((c: { id: string }) => c.id).sort()).toEqual(opened.map((c) => c.id).sort());

    const dibao = await t
      .http()
      .get('/v1/cases?division=330106002056&kind=dibao&status=awaiting_approval')
      .set('Authorization', `Bearer ${worker.token}`);
    expect(dibao.body.items.map((c: { id: string }) => c.id)).toEqual([opened[0].id]);
    const bad = await t.http().get('/v1/cases?status=sleeping&limit=0').set('Authorization', `Bearer ${worker.token}`);
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['limit', 'status']);

    const outsider = await person(t, 'caseworker', '420102002003');
    const none = await t.http().get('/v1/cases?division=330106002056').set('Authorization', `Bearer ${outsider.token}`);
    expect(none.body.items).toEqual([]);

    const approvals = await t.http().get('/v1/approvals').set('Authorization', `Bearer ${head.token}`);
    expect(approvals.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ caseId: opened[0].id, type: 'escalation' })]));
    expect((await t.http().get('/v1/approvals').set('Authorization', `Bearer ${worker.token}`)).status).toBe(403);
  });

  it('two supervisors approving the same request at once: exactly one 2xx, one 409, one EscalationApproved', async () => {
    const c = await new CaseDriver(t).open(people.villageWorker, openCaseBody());
    await c.act(people.villageWorker, 'escalations', { reason: '请求审核' });
    const rid = c.view.pendingEscalation!.requestId;
    const second = await person(t, 'supervisor', TOWNSHIP);
    const approve = (by: Person) =>
      t
        .http()
        .post(`/v1/cases/${c.id}/escalations/${rid}/approve`)
        .set('Authorization', `Bearer ${by.token}`)
        .set('If-Match', `"${c.version}"`)
        .send({});
    const results = await Promise.all([approve(people.townshipHead), approve(second)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.status === 409)!.body).toMatchObject({ code: 'VERSION_MISMATCH' });
    const approvals = (await c.events()).filter((e) => e === 'EscalationApproved');
    expect(approvals).toHaveLength(1);
  });

  it('transfers a case to another township when the family moves; the receiving supervisor accepts', async () => {
    const c = await new CaseDriver(t).open(people.townshipWorker, openCaseBody({ kind: 'dibao' }));
    const receiving = '330106004000';
    const refused = await c.act(people.townshipWorker, 'transfers', { to: COUNTY, reason: '搬迁' }, 422);
    expect(refused.body.code).toBe('TRANSFER_LEVEL_MISMATCH');
    await c.act(people.townshipWorker, 'transfers', { to: receiving, reason: '家庭搬迁至西溪街道' });
    const tid = (c.view.pendingTransfer as { transferId: string }).transferId;
    const receivingHead = await person(t, 'supervisor', receiving);
    const approvals = await t.http().get('/v1/approvals').set('Authorization', `Bearer ${receivingHead.token}`);
    expect(approvals.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ caseId: c.id, type: 'transfer', requestId: tid })]));
    // The sending unit's supervisor is not the receiver.
    expect((await c.act(people.townshipHead, `transfers/${tid}/accept`, {}, 403)).status).toBe(403);
    await c.act(receivingHead, `transfers/${tid}/accept`);
    expect(c.view).toMatchObject({ holder: receiving, level: 'township', pendingTransfer: null });
    expect(await c.events()).toEqual(['CaseOpened', 'TransferRequested', 'TransferAccepted']);
    // The old unit no longer acts on it.
    expect((await c.act(people.townshipWorker, 'notes', { text: '旧单位' }, 403)).status).toBe(403);
  });
});
