import { CaseDriver, person, type Person } from '../support/case-driver';
import { openCaseBody } from '../support/builders';
import { startTestApp, type TestApp } from '../support/test-app';

// GET /v1/approvals and its opt-in `includeOwn`. Nobody approves their own request (separation of
// duties), so by default a supervisor's own requests are left out of their inbox; with
// includeOwn=true they are listed too, marked `mine: true`, so the console can show them disabled
// with the reason. Own requests exist for a principal who is caseworker *and* supervisor of a unit:
// as caseworker they ask for a closure, which waits for a supervisor of that same unit.

// 西湖街道: a township no other test file uses.
const UNIT = '330106008000';
const KIND = 'left_behind';

let t: TestApp;
let dual: Person; // caseworker and supervisor of UNIT
let head: Person; // another supervisor of UNIT
let worker: Person; // a caseworker of UNIT
let own: CaseDriver; // closure requested by `dual`
let others: CaseDriver; // closure requested by `worker`

interface Item {
  caseId: string;
  type: string;
  requestId: string;
  requestedBy: string;
  mine: boolean;
}

const inbox = async (by: Person, query = ''): Promise<Item[]> => {
  const res = await t.http().get(`/v1/approvals${query}`).set('Authorization', `Bearer ${by.token}`);
  expect(res.status).toBe(200);
  return (res.body as { items: Item[] }).items;
};
const ofCase = (items: Item[], c: CaseDriver) => items.filter((i) => i.caseId === c.id);

/**
 * 留守儿童 care: the township decides; once approved, support runs and closing it needs a
 * supervisor's approval. (Until policy 2026.3 this was 两项补贴, which county 民政 now decides —
 * 国发〔2015〕52号 — while this suite needs a township that decides and approves its own closures.)
 */
async function decidedCase(opener: Person): Promise<CaseDriver> {
  const c = await new CaseDriver(t).open(opener, openCaseBody({ kind: KIND, risk: 'low', summary: '留守儿童关爱帮扶' }));
  await c.act(head, 'decision', { outcome: 'approved', benefit: '关爱帮扶', reason: '符合条件' });
  expect(c.view.status).toBe('monitoring');
  return c;
}

beforeAll(async () => {
  t = await startTestApp();
  const dualId = `dual-${Math.random().toString(36).slice(2, 8)}`;
  dual = { id: dualId, token: await t.token({ id: dualId, roles: ['caseworker', 'supervisor'], division: UNIT }) };
  head = await person(t, 'supervisor', UNIT);
  worker = await person(t, 'caseworker', UNIT);
  own = await decidedCase(dual);
  await own.act(dual, 'close', { reason: '本人申请结案：儿童已随父母迁出' });
  others = await decidedCase(worker);
  await others.act(worker, 'close', { reason: '父母已返乡照料' });
});
afterAll(() => t.close());

describe('GET /v1/approvals', () => {
  it('leaves a supervisor’s own request out by default, exactly as before (includeOwn=false alike)', async () => {
    for (const query of ['', '?includeOwn=false']) {
      const items = await inbox(dual, query);
      expect(ofCase(items, own)).toEqual([]);
      expect(ofCase(items, others)).toEqual([
        {
          caseId: others.id,
          caseNumber: others.view.caseNumber,
          kind: KIND,
          holder: UNIT,
          type: 'closure',
          requestId: others.view.pendingClosure!.requestId,
          requestedBy: worker.id,
          reason: '父母已返乡照料',
          dueAt: expect.any(String),
          mine: false,
        },
      ]);
    }
  });

  it('with includeOwn=true lists the own request too, marked mine (and only that one)', async () => {
    const items = await inbox(dual, '?includeOwn=true');
    expect(ofCase(items, own)).toEqual([
      expect.objectContaining({
        caseId: own.id,
        type: 'closure',
        requestId: own.view.pendingClosure!.requestId,
        requestedBy: dual.id,
        reason: '本人申请结案：儿童已随父母迁出',
        mine: true,
      }),
    ]);
    expect(ofCase(items, others)).toEqual([expect.objectContaining({ requestedBy: worker.id, mine: false })]);
    expect(items.filter((i) => i.mine).every((i) => i.requestedBy === dual.id)).toBe(true);
  });

  it('shows the same request to another supervisor of the unit as not theirs, with or without includeOwn', async () => {
    for (const query of ['', '?includeOwn=true']) {
      const items = await inbox(head, query);
      expect(ofCase(items, own)).toEqual([expect.objectContaining({ requestedBy: dual.id, mine: false })]);
      expect(ofCase(items, others)).toEqual([expect.objectContaining({ requestedBy: worker.id, mine: false })]);
    }
  });

  it('mine means it: the requester may not approve it (SEPARATION_OF_DUTIES), another supervisor may', async () => {
    const refused = await own.act(dual, `close/${own.view.pendingClosure!.requestId}/approve`, {}, 403);
    expect(refused.body.code).toBe('SEPARATION_OF_DUTIES');
    await own.act(head, `close/${own.view.pendingClosure!.requestId}/approve`);
    expect(own.view.status).toBe('closed');
    expect(ofCase(await inbox(dual, '?includeOwn=true'), own)).toEqual([]);
  });

  it('refuses an includeOwn that is not a boolean (400 naming the field), and still only supervisors may ask', async () => {
    const bad = await t.http().get('/v1/approvals?includeOwn=yes').set('Authorization', `Bearer ${dual.token}`);
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['includeOwn']);
    const notSupervisor = await t.http().get('/v1/approvals?includeOwn=true').set('Authorization', `Bearer ${worker.token}`);
    expect(notSupervisor.status).toBe(403);
  });

  it('is documented in OpenAPI: the includeOwn parameter and the list with its mine flag', async () => {
    const doc = (await t.http().get('/docs-json')).body as {
      paths: Record<string, { get: { parameters: { name: string; in: string; required: boolean }[]; responses: Record<string, unknown> } }>;
      components: { schemas: Record<string, { required?: string[]; properties: Record<string, { type?: string }> }> };
    };
    const op = doc.paths['/v1/approvals'].get;
    expect(op.parameters).toEqual([expect.objectContaining({ name: 'includeOwn', in: 'query', required: false })]);
    expect(op.responses['200']).toEqual(
      expect.objectContaining({ content: { 'application/json': { schema: { $ref: '#/components/schemas/ApprovalList' } } } }),
    );
    const entry = doc.components.schemas.PendingApprovalView;
    expect(entry.properties.mine.type).toBe('boolean');
    expect(entry.required).toEqual(expect.arrayContaining(['caseId', 'type', 'requestId', 'requestedBy', 'mine']));
  });
});
