import { randomUUID } from 'node:crypto';
import type { Role } from '../../src/domain';
import { COUNTY, openCaseBody, TOWNSHIP, VILLAGE } from '../support/builders';
import { CaseDriver, person, type Person } from '../support/case-driver';
import { startTestApp, type TestApp } from '../support/test-app';

// Issue 4: every /v1 route × every role × where the caller's unit sits relative to the unit holding
// the case, each cell asserted. The expectation comes from the rule table below, written from SPEC
// §1 and §6 — deliberately NOT from src/domain/access.ts or src/auth/actions.ts, so a bug there
// shows up here as a failing cell.

// ---------------------------------------------------------------------------------------------
// Where the caller sits. The case is held by a township (北山街道); every relation is a real unit.
// ---------------------------------------------------------------------------------------------

const HOLDER = TOWNSHIP; // 330106002000 浙江省杭州市西湖区北山街道
const UNITS = {
  own: HOLDER, //                the holder itself
  sibling: '330106004000', //    西溪街道: another township of 西湖区
  parent: COUNTY, //             330106000000 西湖区
  child: VILLAGE, //             330106002051 上保社区, a village of the holder
  other_county: '330102001000', // 清波街道, 上城区 (浙江, another county)
  other_province: '420102002000', // 大智街道, 江岸区 (湖北)
} as const;
type Relation = keyof typeof UNITS;
const RELATIONS = Object.keys(UNITS) as Relation[];
const ROLES: Role[] = ['caseworker', 'supervisor', 'auditor', 'admin'];

/** Is `unit` inside the subtree of `scope`? Written out here, independent of src/domain. */
function within(scope: string, unit: string): boolean {
  const significant =
    scope.slice(2) === '0000000000' ? 2 : scope.slice(4) === '00000000' ? 4 : scope.slice(6) === '000000' ? 6 : scope.slice(9) === '000' ? 9 : 12;
  return unit.startsWith(scope.slice(0, significant));
}

// ---------------------------------------------------------------------------------------------
// The cases the routes act on. Each fixture states the facts the rules depend on; the builder
// checks the real case has exactly those facts, so the table cannot drift from the setup.
// All are 留守儿童 (left_behind) care cases at low risk: the default policy lets the township decide
// them and requires the holder's supervisor to approve their closure, so every command has a 2xx
// cell. (Until policy 2026.3 they were 两项补贴, which county 民政 now decides: 国发〔2015〕52号.)
// ---------------------------------------------------------------------------------------------

const KIND = 'left_behind';

interface Facts {
  origin: string;
  holder: string;
  /** The unit an escalation request waits on (the next level up). */
  escalationTo?: string;
  /** The unit a transfer waits on (a unit at the same level). */
  transferTo?: string;
}
const FIXTURES = {
  /** Opened at the township by its caseworker, nothing pending. */
  open: { origin: HOLDER, holder: HOLDER },
  /** Opened at the village, escalated to the township: the township can return it. */
  returnable: { origin: UNITS.child, holder: HOLDER },
  /** The township's caseworker asked to escalate to the county. */
  escalationPending: { origin: HOLDER, holder: HOLDER, escalationTo: UNITS.parent },
  /** The township's caseworker asked to transfer the case to the sibling township. */
  transferPending: { origin: HOLDER, holder: HOLDER, transferTo: UNITS.sibling },
  /** Decided (approved) by the township's supervisor: monitoring. */
  decided: { origin: HOLDER, holder: HOLDER },
  /** Decided, and the township's caseworker asked to close it. */
  closurePending: { origin: HOLDER, holder: HOLDER },
  /** Closed with the township supervisor's approval. */
  closed: { origin: HOLDER, holder: HOLDER },
} satisfies Record<string, Facts>;
type FixtureKind = keyof typeof FIXTURES;

/**
 * A case lies in a caller's scope when the unit holding it, the unit that opened it, or the unit a
 * transfer waits on lies in the caller's subtree. SPEC §1 says "scope is the subtree"; which units
 * of a case count is our decision: the opening unit keeps following its case (the village 儿童主任
 * does the visits after a return), and the receiving unit must read a case to accept it (§6).
 */
function inScope(division: string, f: Facts): boolean {
  return [f.holder, f.origin, f.transferTo].some((u) => u !== undefined && within(division, u));
}

// ---------------------------------------------------------------------------------------------
// The rule table (SPEC §1, §6).
// ---------------------------------------------------------------------------------------------

/**
 * Which unit the caller must be, once role and scope are satisfied:
 *   any          — no unit condition (the route is not about one case, or reading one in scope)
 *   holder       — the unit holding the case ("writes only by the holder's unit")
 *   next_level   — the unit an escalation request waits on (the next level's supervisors)
 *   receiver     — the unit a transfer waits on
 *   opens_here   — POST /v1/cases naming the holder's unit: caseworkers open cases in their unit
 */
type UnitRule = 'any' | 'holder' | 'next_level' | 'receiver' | 'opens_here';

interface Fixture {
  id: string;
  caseNumber: string;
  escalationId: string | null;
  transferId: string | null;
  closureId: string | null;
}

interface Route {
  name: string;
  /**
   * The roles with any right of this route's kind (SPEC §1): reading cases, acting on cases,
   * verifying, publishing… Any other role answers 403 whatever the case.
   */
  gate: readonly Role[];
  /** SPEC §6 "who": the roles that may make this very call (on a case in scope). */
  roles: readonly Role[];
  unit: UnitRule;
  /** The case the route names or is about (scope is checked against it), if any. */
  fixture?: FixtureKind;
  /** The route names the case in its path: outside the caller's scope it answers 404. */
  caseInPath: boolean;
  /** Changes the case: a 2xx spends the fixture. */
  mutates: boolean;
  success: 200 | 201 | 422;
  send(call: Call, fx: Fixture | null): Promise<{ status: number; body: unknown }>;
}

const READERS = ['caseworker', 'supervisor', 'auditor'] as const; // "any reader"; admins see no case content
const CASE_ACTORS = ['caseworker', 'supervisor'] as const; // auditors never write, admins see no case content
const EVERYONE = ['caseworker', 'supervisor', 'auditor', 'admin'] as const;

/**
 * The expected status of one cell. In this order:
 *  1. a role with no right of the route's kind → 403, whatever the case (the answer is the same
 *     for a missing case, so it reveals nothing): auditors never write, admins never read case
 *     content, only auditors verify and export, only admins publish;
 *  2. a case outside the caller's scope → 404, exactly like a missing one ("a principal never sees
 *     or touches a case outside its scope"). Our decision where SPEC leaves the order open: a
 *     caseworker or supervisor sending a command of the other role to a case outside its scope
 *     gets 404, not 403 — scope comes before the finer who-sends-which-command rule;
 *  3. in scope, but not a role that may make this call, or not the unit it requires → 403;
 *  4. otherwise the route's success.
 */
function expected(route: Route, role: Role, relation: Relation): number {
  const division = UNITS[relation];
  const facts: Facts | null = route.fixture ? FIXTURES[route.fixture] : null;
  if (!route.gate.includes(role)) return 403;
  if (route.caseInPath && facts && !inScope(division, facts)) return 404;
  if (!route.roles.includes(role)) return 403;
  switch (route.unit) {
    case 'any':
      return route.success;
    case 'holder':
      return division === facts!.holder ? route.success : 403;
    case 'next_level':
      return division === facts!.escalationTo ? route.success : 403;
    case 'receiver':
      return division === facts!.transferTo ? route.success : 403;
    case 'opens_here':
      return division === HOLDER ? route.success : 403;
  }
}

// ---------------------------------------------------------------------------------------------
// Calls.
// ---------------------------------------------------------------------------------------------

let t: TestApp;
const principals = new Map<string, Person>();
let setup: Record<'villageWorker' | 'worker' | 'head' | 'countyHead', Person>;

interface Call {
  get(path: string): Promise<{ status: number; body: unknown }>;
  post(path: string, body: object, ifMatch?: string): Promise<{ status: number; body: unknown }>;
  version(fx: Fixture): Promise<string>;
}

function callAs(p: Person): Call {
  const auth = `Bearer ${p.token}`;
  return {
    get: (path) => t.http().get(path).set('Authorization', auth),
    post: (path, body, ifMatch) => {
      const req = t.http().post(path).set('Authorization', auth);
      return (ifMatch ? req.set('If-Match', ifMatch) : req).send(body);
    },
    // The ETag as the holder's caseworker reads it now, so every cell sends the current version.
    version: async (fx) => {
      const res = await t.http().get(`/v1/cases/${fx.id}`).set('Authorization', `Bearer ${setup.worker.token}`);
      expect(res.status).toBe(200);
      return res.headers.etag;
    },
  };
}

/** A case command on the fixture, with its current ETag. */
const command =
  (path: (fx: Fixture) => string, body: object) =>
  async (call: Call, fx: Fixture | null): Promise<{ status: number; body: unknown }> =>
    call.post(`/v1/cases/${fx!.id}/${path(fx!)}`, body, await call.version(fx!));

const caseRoute = (
  name: string,
  roles: readonly Role[],
  unit: UnitRule,
  fixture: FixtureKind,
  path: (fx: Fixture) => string,
  body: object = {},
): Route => ({ name, gate: CASE_ACTORS, roles, unit, fixture, caseInPath: true, mutates: true, success: 200, send: command(path, body) });

const ROUTES: Route[] = [
  {
    name: 'GET /v1/cases',
    gate: READERS,
    roles: READERS,
    unit: 'any',
    fixture: 'open',
    caseInPath: false,
    mutates: false,
    success: 200,
    send: (call) => call.get(`/v1/cases?division=${HOLDER}&kind=left_behind&limit=200`),
  },
  {
    name: 'POST /v1/cases (in the holder unit)',
    gate: ['caseworker'],
    roles: ['caseworker'],
    unit: 'opens_here',
    caseInPath: false,
    mutates: false,
    success: 201,
    send: (call) => call.post('/v1/cases', openCaseBody({ kind: KIND, risk: 'low', division: HOLDER, summary: '矩阵：立案' })),
  },
  {
    name: 'GET /v1/cases/{id}',
    gate: READERS,
    roles: READERS,
    unit: 'any',
    fixture: 'open',
    caseInPath: true,
    mutates: false,
    success: 200,
    send: (call, fx) => call.get(`/v1/cases/${fx!.id}`),
  },
  {
    name: 'GET /v1/cases/{id}/events',
    gate: READERS,
    roles: READERS,
    unit: 'any',
    fixture: 'open',
    caseInPath: true,
    mutates: false,
    success: 200,
    send: (call, fx) => call.get(`/v1/cases/${fx!.id}/events`),
  },
  {
    name: 'GET /v1/cases/{id}/state?at=',
    gate: READERS,
    roles: READERS,
    unit: 'any',
    fixture: 'open',
    caseInPath: true,
    mutates: false,
    success: 200,
    send: (call, fx) => call.get(`/v1/cases/${fx!.id}/state?at=${encodeURIComponent(new Date().toISOString())}`),
  },
  {
    name: 'GET /v1/cases/{id}/verification',
    gate: ['auditor'],
    roles: ['auditor'],
    unit: 'any',
    fixture: 'open',
    caseInPath: true,
    mutates: false,
    success: 200,
    send: (call, fx) => call.get(`/v1/cases/${fx!.id}/verification`),
  },
  caseRoute('POST /v1/cases/{id}/assessments', ['caseworker'], 'holder', 'open', () => 'assessments', {
    findings: '矩阵：入户核查',
    householdSize: 2,
    monthlyAmount: 300,
  }),
  caseRoute('POST /v1/cases/{id}/notes', ['caseworker', 'supervisor'], 'holder', 'open', () => 'notes', { text: '矩阵：备注' }),
  caseRoute('POST /v1/cases/{id}/escalations', ['caseworker'], 'holder', 'open', () => 'escalations', { reason: '矩阵：请上级审核' }),
  caseRoute(
    'POST /v1/cases/{id}/escalations/{rid}/approve',
    ['supervisor'],
    'next_level',
    'escalationPending',
    (fx) => `escalations/${fx.escalationId}/approve`,
  ),
  caseRoute(
    'POST /v1/cases/{id}/escalations/{rid}/reject',
    ['supervisor'],
    'next_level',
    'escalationPending',
    (fx) => `escalations/${fx.escalationId}/reject`,
    { reason: '矩阵：材料不全' },
  ),
  caseRoute('POST /v1/cases/{id}/return', ['supervisor'], 'holder', 'returnable', () => 'return', { reason: '矩阵：交村落实' }),
  // The township has authority for 留守儿童 care under the default policy, so the holder's supervisor may decide.
  caseRoute('POST /v1/cases/{id}/decision', ['supervisor'], 'holder', 'open', () => 'decision', {
    outcome: 'approved',
    benefit: '关爱帮扶',
    reason: '矩阵：符合条件',
  }),
  caseRoute('POST /v1/cases/{id}/follow-ups', ['caseworker'], 'holder', 'open', () => 'follow-ups', { kind: 'visit', notes: '矩阵：走访' }),
  caseRoute('POST /v1/cases/{id}/transfers', ['caseworker'], 'holder', 'open', () => 'transfers', { to: UNITS.sibling, reason: '矩阵：搬迁' }),
  caseRoute('POST /v1/cases/{id}/transfers/{tid}/accept', ['supervisor'], 'receiver', 'transferPending', (fx) => `transfers/${fx.transferId}/accept`),
  caseRoute('POST /v1/cases/{id}/close', ['caseworker'], 'holder', 'decided', () => 'close', { reason: '矩阵：结案' }),
  caseRoute('POST /v1/cases/{id}/close/{rid}/approve', ['supervisor'], 'holder', 'closurePending', (fx) => `close/${fx.closureId}/approve`),
  // SPEC §6 lists /reopen with /close ("caseworker requests, supervisor approves where policy says");
  // reopening needs no second signature in the policy, so we decide: caseworker or supervisor of the holder.
  caseRoute('POST /v1/cases/{id}/reopen', ['caseworker', 'supervisor'], 'holder', 'closed', () => 'reopen', { reason: '矩阵：情况变化' }),
  {
    name: 'GET /v1/approvals',
    gate: ['supervisor'],
    roles: ['supervisor'],
    unit: 'any',
    fixture: 'escalationPending',
    caseInPath: false,
    mutates: false,
    success: 200,
    send: (call) => call.get('/v1/approvals'),
  },
  {
    // Exporting one case is reading all of it: auditors, in scope.
    name: 'GET /v1/audit/export?case=',
    gate: ['auditor'],
    roles: ['auditor'],
    unit: 'any',
    fixture: 'open',
    caseInPath: true,
    mutates: false,
    success: 200,
    send: (call, fx) => call.get(`/v1/audit/export?case=${fx!.id}`),
  },
  {
    name: 'GET /v1/access-log?caseId=',
    gate: ['auditor'],
    roles: ['auditor'],
    unit: 'any',
    fixture: 'open',
    caseInPath: false,
    mutates: false,
    success: 200,
    send: (call, fx) => call.get(`/v1/access-log?caseId=${fx!.id}`),
  },
  {
    name: 'GET /v1/divisions/{code}',
    gate: EVERYONE,
    roles: EVERYONE,
    unit: 'any',
    caseInPath: false,
    mutates: false,
    success: 200,
    send: (call) => call.get(`/v1/divisions/${HOLDER}`),
  },
  {
    name: 'GET /v1/policies/current',
    gate: EVERYONE,
    roles: EVERYONE,
    unit: 'any',
    caseInPath: false,
    mutates: false,
    success: 200,
    send: (call) => call.get('/v1/policies/current'),
  },
  {
    // Publishing a real version would change the current policy under every test file sharing the
    // database, so the admin sends an invalid document: 422 means it passed the role gate (403).
    name: 'POST /v1/policies (invalid document)',
    gate: ['admin'],
    roles: ['admin'],
    unit: 'any',
    caseInPath: false,
    mutates: false,
    success: 422,
    send: (call) => call.post('/v1/policies', { version: `matrix-${randomUUID()}` }),
  },
  {
    // Decoding is not tied to a case's scope: every decode is access-logged instead (README).
    name: 'POST /v1/codec/decode',
    gate: ['supervisor', 'auditor'],
    roles: ['supervisor', 'auditor'],
    unit: 'any',
    caseInPath: false,
    mutates: false,
    success: 200,
    send: (call) => call.post('/v1/codec/decode', { payloads: [] }),
  },
];

// ---------------------------------------------------------------------------------------------
// Fixtures, built on first use and rebuilt after a cell changed them.
// ---------------------------------------------------------------------------------------------

const built = new Map<FixtureKind, Promise<Fixture>>();

function fixture(kind: FixtureKind): Promise<Fixture> {
  let f = built.get(kind);
  if (!f) {
    f = buildFixture(kind);
    built.set(kind, f);
  }
  return f;
}

async function buildFixture(kind: FixtureKind): Promise<Fixture> {
  const { villageWorker, worker, head } = setup;
  const body = openCaseBody({ kind: KIND, risk: 'low', summary: `矩阵夹具 ${kind}` });
  const c = new CaseDriver(t);
  if (kind === 'returnable') {
    await c.open(villageWorker, body);
    await c.escalate(villageWorker, head);
  } else {
    await c.open(worker, body);
  }
  if (kind === 'escalationPending') await c.act(worker, 'escalations', { reason: '夹具：请县级审核' });
  if (kind === 'transferPending') await c.act(worker, 'transfers', { to: UNITS.sibling, reason: '夹具：搬迁' });
  if (kind === 'decided' || kind === 'closurePending' || kind === 'closed') {
    await c.act(head, 'decision', { outcome: 'approved', benefit: '关爱帮扶', reason: '夹具：符合条件' });
  }
  if (kind === 'closurePending' || kind === 'closed') await c.act(worker, 'close', { reason: '夹具：结案' });
  if (kind === 'closed') await c.act(head, `close/${c.view.pendingClosure!.requestId}/approve`);

  const view = c.view as unknown as {
    origin: string;
    holder: string;
    caseNumber: string;
    status: string;
    pendingEscalation: { to: string; requestId: string } | null;
    pendingTransfer: { to: string; transferId: string } | null;
    pendingClosure: { requestId: string } | null;
  };
  const facts: Facts = FIXTURES[kind];
  expect({
    origin: view.origin,
    holder: view.holder,
    escalationTo: view.pendingEscalation?.to,
    transferTo: view.pendingTransfer?.to,
  }).toEqual({ escalationTo: undefined, transferTo: undefined, ...facts });
  if (kind === 'closurePending') expect(view.pendingClosure).not.toBeNull();
  if (kind === 'closed') expect(view.status).toBe('closed');
  return {
    id: c.id,
    caseNumber: view.caseNumber,
    escalationId: view.pendingEscalation?.requestId ?? null,
    transferId: view.pendingTransfer?.transferId ?? null,
    closureId: view.pendingClosure?.requestId ?? null,
  };
}

beforeAll(async () => {
  t = await startTestApp();
  setup = {
    villageWorker: await person(t, 'caseworker', UNITS.child, 'setup-village-worker'),
    worker: await person(t, 'caseworker', HOLDER, 'setup-township-worker'),
    head: await person(t, 'supervisor', HOLDER, 'setup-township-head'),
    countyHead: await person(t, 'supervisor', UNITS.parent, 'setup-county-head'),
  };
  for (const role of ROLES) {
    for (const relation of RELATIONS) principals.set(`${role}/${relation}`, await person(t, role, UNITS[relation], `matrix-${role}-${relation}`));
  }
});
afterAll(() => t.close());

// ---------------------------------------------------------------------------------------------
// The matrix.
// ---------------------------------------------------------------------------------------------

const statusClass = (status: number) => (status >= 200 && status < 300 ? '2xx' : String(status));

describe.each(ROUTES.map((r) => [r.name, r] as const))('%s', (_name, route) => {
  const cells = ROLES.flatMap((role) => RELATIONS.map((relation) => ({ role, relation, expect: expected(route, role, relation) }) as const));
  it.each(cells)('$role of the $relation unit → $expect', async ({ role, relation, expect: want }) => {
    const fx = route.fixture ? await fixture(route.fixture) : null;
    const res = await route.send(callAs(principals.get(`${role}/${relation}`)!), fx);
    if (route.mutates && res.status >= 200 && res.status < 300) built.delete(route.fixture!);
    expect({ status: statusClass(res.status), body: res.status === want ? undefined : res.body }).toEqual({
      status: statusClass(want),
      body: undefined,
    });
    if (res.status === 404 && fx) {
      // Out of scope answers like missing: nothing about the case in the body.
      expect(JSON.stringify(res.body)).not.toContain(fx.caseNumber);
      expect(JSON.stringify(res.body)).not.toContain(HOLDER);
    }
    // Lists show a case exactly to the callers who could open it.
    if (route.name === 'GET /v1/cases' && res.status === 200) {
      const ids = (res.body as { items: { id: string }[] }).items.map((c) => c.id);
      expect(ids.includes(fx!.id)).toBe(inScope(UNITS[relation], FIXTURES.open));
    }
    if (route.name === 'GET /v1/approvals' && res.status === 200) {
      const ids = (res.body as { items: { requestId: string }[] }).items.map((a) => a.requestId);
      expect(ids.includes(fx!.escalationId!)).toBe(UNITS[relation] === FIXTURES.escalationPending.escalationTo);
    }
    if (route.name.startsWith('GET /v1/access-log') && res.status === 200 && !inScope(UNITS[relation], FIXTURES.open)) {
      expect((res.body as { entries: unknown[] }).entries).toEqual([]);
    }
  });
});
