import { spawnSync } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import type { LoggerService } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { caseWorkflowId } from '../../workflows/case.messages';
import { COUNTY, idNumber, TOWNSHIP, VILLAGE } from '../support/builders';
import { person, type Person } from '../support/case-driver';
import { stackInfo } from '../support/stack-info';
import { startTestApp, workerLogs, type TestApp } from '../support/test-app';

// Issues 4 and 12 (SPEC §4): no plaintext name, ID number or narrative ever enters the database,
// a Temporal payload, a search attribute, a log line, /metrics, an error body or an audit export.
// A canary case — a unique fake name and a unique valid ID number, and unique markers in its
// summary, a note, the findings, an escalation reason, a decision reason and a follow-up — goes
// through escalations and every kind of failed request, and then is searched for everywhere it
// must not be: a full dump of the database, every Temporal history, every log line, /metrics,
// every error body and the audit export. The search is shown to bite: the same search finds every
// marker, decrypted, where it belongs — the holder's caseworker reading the case and its events.

const tag = randomBytes(4).toString('hex');
const canaryName = `金丝雀${tag}`;
const markers = {
  summary: `申请摘要${tag}S`,
  findings: `核查情况${tag}F`,
  note: `备注内容${tag}N`,
  escalationReason: `上报理由${tag}E`,
  decisionReason: `决定理由${tag}D`,
  followUp: `走访记录${tag}V`,
};
let canaryId = '';
const KIND = 'temporary_aid';
/** Above 3 × 浙江's monthly dibao line (1100): the county decides (DEFAULT threshold). */
const AID = 5000;
let birthDigits = ''; // the 8-digit YYYYMMDD run inside the ID number
let birthIso = ''; // the same date as YYYY-MM-DD

function needles(): Record<string, string> {
  return { name: canaryName, idNumber: canaryId, birthDigits, birthDate: birthIso, ...markers };
}
/** Which needles occur in the text. */
function hits(text: string): string[] {
  return Object.entries(needles())
    .filter(([, needle]) => text.includes(needle))
    .map(([what]) => what);
}

// What the API logs (Nest logger), and anything written to the console or stdout/stderr meanwhile.
const apiLogs: string[] = [];
const consoleLines: string[] = [];
const capturing: LoggerService = {
  log: (...args: unknown[]) => void apiLogs.push(`log ${safeJson(args)}`),
  error: (...args: unknown[]) => void apiLogs.push(`error ${safeJson(args)}`),
  warn: (...args: unknown[]) => void apiLogs.push(`warn ${safeJson(args)}`),
  debug: (...args: unknown[]) => void apiLogs.push(`debug ${safeJson(args)}`),
  verbose: (...args: unknown[]) => void apiLogs.push(`verbose ${safeJson(args)}`),
  fatal: (...args: unknown[]) => void apiLogs.push(`fatal ${safeJson(args)}`),
};
function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value, (_k, v: unknown) =>
      v instanceof Error ? { name: v.name, message: v.message, stack: v.stack } : typeof v === 'bigint' ? String(v) : v,
    );
  } catch {
    return String(value);
  }
}

const UNKNOWN_FIELD = 'note with the name as an unknown field';

// Every error response the API gave during the test: status, headers and raw body.
const errorResponses: { what: string; status: number; text: string }[] = [];

let t: TestApp;
let raw: Client;
let people: Record<'villageWorker' | 'townshipWorker' | 'townshipHead' | 'countyWorker' | 'countyHead', Person>;
let caseId = '';
let caseNumber = '';
let version = 0;
const restores: (() => void)[] = [];

async function call(
  what: string,
  by: Person,
  method: 'get' | 'post',
  path: string,
  body?: object | string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown>; text: string; headers: Record<string, string> }> {
  let req = t.http()[method](path).set('Authorization', `Bearer ${by.token}`);
  for (const [name, value] of Object.entries(headers)) req = req.set(name, value);
  if (typeof body === 'string') req = req.set('Content-Type', 'application/json');
  const res = await (body === undefined ? req : req.send(body));
  if (res.status >= 400) errorResponses.push({ what, status: res.status, text: `${JSON.stringify(res.headers)}\n${res.text}` });
  return { status: res.status, body: res.body as Record<string, unknown>, text: res.text, headers: res.headers };
}

/** A command on the canary case with the current version; expects `status`. */
async function act(what: string, by: Person, path: string, body: object, status = 200, ifMatch = `"${version}"`) {
  const res = await call(what, by, 'post', `/v1/cases/${caseId}/${path}`, body, { 'If-Match': ifMatch });
  if (res.status !== status) throw new Error(`${what}: expected ${status}, got ${res.status} ${res.text}`);
  if (status === 200) version = res.body.version as number;
  return res;
}

/** A birth date whose 8 digits occur nowhere in the database yet, so any later hit is the canary's. */
async function freshBirthDate(): Promise<string> {
  for (;;) {
    const day = new Date(Date.UTC(1950, 0, 1) + randomInt(0, 20_000) * 86_400_000).toISOString().slice(0, 10);
    if ((await databaseHits([day.replace(/-/g, ''), day], { includeSubjects: true })).length === 0) return day;
  }
}

/** Every table of the test database (but `subjects`, unless asked) dumped as text, searched for the strings. */
async function databaseHits(strings: string[], opts: { includeSubjects?: boolean } = {}): Promise<string[]> {
  const tables: { schema: string; name: string }[] = await t.db.query(
    `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
      WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')
      ORDER BY 1, 2`,
  );
  const found: string[] = [];
  for (const { schema, name } of tables) {
    if (name === 'subjects' && !opts.includeSubjects) continue;
    const quoted = `"${schema.replace(/"/g, '""')}"."${name.replace(/"/g, '""')}"`;
    for (const s of strings) {
      const rows: { n: number }[] = await t.db.query(`SELECT count(*)::int AS n FROM ${quoted} t WHERE strpos(t::text, $1) > 0`, [s]);
      if (rows[0].n > 0) found.push(`${schema}.${name} ∋ ${s} (${rows[0].n} rows)`);
    }
  }
  return found;
}

/**
 * A full dump of the test database. pg_dump (PG_DUMP_PATH, else on PATH) when it can dump this
 * server; a pg_dump older than the server refuses (the test stack's embedded PostgreSQL 18 is newer
 * than Debian's client 15), and then the same content is dumped through SQL: every row of every
 * table as text (bytea as hex, as in pg_dump's COPY data) and the definition of every function,
 * view and trigger.
 */
async function fullDump(): Promise<{ how: string; text: string }> {
  const info = stackInfo();
  const url = new URL(info.adminDatabaseUrl);
  url.pathname = `/${info.databaseName}`;
  const [{ v }]: { v: string }[] = await t.db.query(`SELECT current_setting('server_version_num') AS v`);
  const serverMajor = Math.floor(Number(v) / 10000);
  const pgDump = process.env.PG_DUMP_PATH ?? 'pg_dump';
  const probe = spawnSync(pgDump, ['--version'], { encoding: 'utf8' });
  const clientMajor = Number(/(\d+)(?:\.\d+)?/.exec(probe.stdout ?? '')?.[1] ?? 0);
  if (probe.status === 0 && clientMajor >= serverMajor) {
    const dump = spawnSync(pgDump, ['--dbname', url.toString(), '--no-owner'], { encoding: 'utf8', maxBuffer: 1 << 30 });
    if (dump.status !== 0) throw new Error(`pg_dump failed: ${dump.stderr}`);
    return { how: `pg_dump ${clientMajor}`, text: dump.stdout };
  }
  const parts: string[] = [];
  const tables: { schema: string; name: string }[] = await t.db.query(
    `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
      WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2`,
  );
  for (const { schema, name } of tables) {
    const quoted = `"${schema.replace(/"/g, '""')}"."${name.replace(/"/g, '""')}"`;
    const rows: { row: string }[] = await t.db.query(`SELECT t::text AS row FROM ${quoted} t`);
    parts.push(`-- ${quoted}`, ...rows.map((r) => r.row));
  }
  const definitions: { def: string }[] = await t.db.query(
    `SELECT pg_get_functiondef(p.oid) AS def FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'
     UNION ALL SELECT pg_get_viewdef(c.oid) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'v'
     UNION ALL SELECT pg_get_triggerdef(g.oid) FROM pg_trigger g WHERE NOT g.tgisinternal`,
  );
  parts.push(...definitions.map((d) => d.def));
  return { how: `SQL dump (pg_dump ${clientMajor || 'absent'} cannot dump PostgreSQL ${serverMajor})`, text: parts.join('\n') };
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})+(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Plain JSON of a proto object with every byte field decoded as UTF-8 text (payload data,
 * metadata); strings that look like base64 (proto JSON's form of bytes) are given decoded as well.
 */
function readable(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (v instanceof Uint8Array) return Buffer.from(v).toString('utf8');
    if (typeof v === 'string' && BASE64.test(v)) return `${v} ${Buffer.from(v, 'base64').toString('utf8')}`;
    if (v && typeof v === 'object' && 'low' in v && 'high' in v) return (v as { toString(): string }).toString();
    return v;
  });
}

beforeAll(async () => {
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    stream.write = (chunk: unknown, ...rest: never[]) => {
      consoleLines.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
      return write(chunk as never, ...rest);
    };
    restores.push(() => (stream.write = write));
  }
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    const original = console[method].bind(console);
    console[method] = (...args: unknown[]) => {
      consoleLines.push(safeJson(args));
      original.apply(console, args);
    };
    restores.push(() => (console[method] = original));
  }

  t = await startTestApp({ logger: capturing });
  // What Temporal's database and a UI without the codec see: a client with no data converter.
  raw = new Client({ connection: await Connection.connect({ address: stackInfo().temporalAddress }), namespace: 'default' });
  people = {
    villageWorker: await person(t, 'caseworker', VILLAGE),
    townshipWorker: await person(t, 'caseworker', TOWNSHIP),
    townshipHead: await person(t, 'supervisor', TOWNSHIP),
    countyWorker: await person(t, 'caseworker', COUNTY),
    countyHead: await person(t, 'supervisor', COUNTY),
  };
  birthIso = await freshBirthDate();
  birthDigits = birthIso.replace(/-/g, '');
  canaryId = idNumber('330106', birthDigits, 'female');
  expect(canaryId.slice(6, 14)).toBe(birthDigits);
  expect(await databaseHits([canaryName, canaryId], { includeSubjects: true })).toEqual([]);
  await driveTheCase();
}, 120_000);

afterAll(async () => {
  for (const restore of restores.reverse()) restore();
  await raw?.connection.close();
  await t?.close();
});

async function driveTheCase(): Promise<void> {
  const p = people;
  const subject = { name: canaryName, idNumber: canaryId, household: [{ name: `${canaryName}之母`, relation: '母亲' }] };
  // 临时救助 (temporary aid) above the township's limit, so the county decides: a hardship case with a
  // household that is decided on this dev server at once. 低保 or 特困 would need their 7-day 公示
  // first (最低生活保障审核确认办法 第十九条), which cannot pass here, and 公示 is not what this suite checks.
  const opened = await call('open', p.villageWorker, 'post', '/v1/cases', { kind: KIND, subject, summary: markers.summary });
  expect(opened.status).toBe(201);
  caseId = opened.body.id as string;
  caseNumber = opened.body.caseNumber as string;
  version = opened.body.version as number;

  // Failures while opening: the same person again (one active case of a kind), an invalid ID
  // number next to the name, an unknown kind, a malformed body quoting both.
  const again = await call('open the same person again', p.villageWorker, 'post', '/v1/cases', { kind: KIND, subject, summary: '重复申请' });
  expect(again.status).toBe(409);
  const badId = `${canaryId.slice(0, 17)}${canaryId.endsWith('0') ? '1' : '0'}`;
  const invalidId = await call('open with an invalid ID number', p.villageWorker, 'post', '/v1/cases', {
    kind: KIND,
    subject: { name: canaryName, idNumber: badId },
    summary: '号码有误',
  });
  expect(invalidId.status).toBe(422);
  const unknownKind = await call('open an unknown kind', p.villageWorker, 'post', '/v1/cases', { kind: canaryName, subject, summary: canaryId });
  expect(unknownKind.status).toBe(400);
  const malformed = await call(
    'malformed JSON',
    p.villageWorker,
    'post',
    '/v1/cases',
    `{"kind":"${KIND}","subject":{"name":"${canaryName}","idNumber":"${canaryId}"`,
  );
  expect(malformed.status).toBe(400);

  await act('assess', p.villageWorker, 'assessments', { findings: markers.findings, householdSize: 2, monthlyAmount: AID });
  await act('note', p.villageWorker, 'notes', { text: markers.note });
  // Bad bodies carrying the name and the number in fields of the wrong type or shape.
  await act('assess with the name as household size', p.villageWorker, 'assessments', { findings: canaryId, householdSize: canaryName }, 400);
  await act('transfer to the name', p.villageWorker, 'transfers', { to: canaryName, reason: canaryId }, 400);
  await act(UNKNOWN_FIELD, p.villageWorker, 'notes', { text: '补充材料', [canaryName]: canaryId }, 400);

  await act('request escalation', p.villageWorker, 'escalations', { reason: markers.escalationReason });
  const rid = (await currentView()).pendingEscalation.requestId;
  // A stale If-Match, and a decision by a caseworker: refused at the API.
  await act('approve with a stale version', p.townshipHead, `escalations/${rid}/approve`, {}, 409, `"${version - 1}"`);
  await act('decision by a caseworker', p.villageWorker, 'decision', { outcome: 'approved', reason: `${canaryName} ${markers.decisionReason}` }, 403);
  await act('approve escalation', p.townshipHead, `escalations/${rid}/approve`, {});

  // Refused by the workflow's validator (the core), after the API's checks passed: the township has
  // no authority over aid above 3 × the dibao line, and no escalation request waits for the county to reject.
  const notAuthorized = await act(
    'decision at the township',
    p.townshipHead,
    'decision',
    { outcome: 'approved', reason: `${canaryName} ${canaryId} ${markers.decisionReason}` },
    403,
  );
  expect(notAuthorized.body).toMatchObject({ code: 'NOT_AUTHORIZED_LEVEL', decidesAt: 'county' });
  const noRequest = await act(
    'reject when no request waits',
    p.countyHead,
    `escalations/${rid}/reject`,
    { reason: `退回 ${canaryName} ${canaryId} ${markers.escalationReason}` },
    409,
  );
  expect(noRequest.body).toMatchObject({ code: 'INVALID_STATUS' });

  await act('request escalation to the county', p.townshipWorker, 'escalations', { reason: '乡镇审核完成，报县级确认' });
  const rid2 = (await currentView()).pendingEscalation.requestId;
  await act('approve escalation to the county', p.countyHead, `escalations/${rid2}/approve`, {});
  await act('decide', p.countyHead, 'decision', { outcome: 'approved', benefit: '临时救助金', monthlyAmount: AID, reason: markers.decisionReason });
  await act('follow up', p.countyWorker, 'follow-ups', { kind: 'visit', notes: markers.followUp });
}

async function currentView(): Promise<{ pendingEscalation: { requestId: string }; version: number }> {
  const res = await call('read', people.countyHead, 'get', `/v1/cases/${caseId}`);
  expect(res.status).toBe(200);
  return res.body as never;
}

describe('the canary', () => {
  it("is where it belongs: the holder's caseworker reads every marker, decrypted, in the case and its events (the search bites)", async () => {
    const res = await call('read as the holder’s caseworker', people.countyWorker, 'get', `/v1/cases/${caseId}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'decided', holder: COUNTY, version: 11, summary: markers.summary, privacy: { narratives: 'full' } });
    expect(hits(res.text)).toEqual(expect.arrayContaining(['name', 'idNumber', 'summary']));
    const events = await call('events as the holder’s caseworker', people.countyWorker, 'get', `/v1/cases/${caseId}/events`);
    expect(events.status).toBe(200);
    expect(hits(events.text).sort()).toEqual(['decisionReason', 'escalationReason', 'findings', 'followUp', 'note', 'summary']);
  });

  it('is masked for everyone else in scope: the village that opened it, the county supervisor who holds it not, an auditor', async () => {
    const auditor = await person(t, 'auditor', COUNTY);
    for (const [who, p] of [
      ['the village caseworker', people.villageWorker],
      ['the township caseworker', people.townshipWorker],
      ['an auditor', auditor],
    ] as const) {
      const one = await call(`read as ${who}`, p, 'get', `/v1/cases/${caseId}`);
      const events = await call(`events as ${who}`, p, 'get', `/v1/cases/${caseId}/events`);
      const past = await call(`state as ${who}`, p, 'get', `/v1/cases/${caseId}/state?at=${new Date().toISOString()}`);
      expect([one.status, events.status, past.status]).toEqual([200, 200, 200]);
      expect({ who, hits: [...hits(one.text), ...hits(events.text), ...hits(past.text)] }).toEqual({ who, hits: [] });
      expect(one.body).toMatchObject({ privacy: { narratives: 'masked', subject: 'masked' } });
    }
  });

  it('is in no full dump of the database (its narratives are ciphertext, the subject is encrypted)', async () => {
    const { how, text } = await fullDump();
    expect({ how, hasCase: text.includes(caseNumber) }).toEqual({ how, hasCase: true }); // the dump sees the case
    expect({ how, hits: hits(text) }).toEqual({ how, hits: [] });
  });

  it('is not in /metrics', async () => {
    const res = await t.http().get('/metrics');
    expect(res.status).toBe(200);
    expect(res.text).toContain('http_request'); // the metrics are there to search
    expect(hits(res.text)).toEqual([]);
  });

  it('is not in the audit export, which still verifies without any key', async () => {
    const auditor = await person(t, 'auditor', COUNTY);
    const res = await call('export', auditor, 'get', `/v1/audit/export?case=${caseId}`);
    expect(res.status).toBe(200);
    const lines = res.text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { record: string; data?: unknown });
    expect(lines.filter((l) => l.record === 'event')).toHaveLength(11);
    expect(res.text).toContain(caseNumber);
    expect(hits(res.text)).toEqual([]);
    const report = await call('verify', auditor, 'get', `/v1/cases/${caseId}/verification`);
    expect(report.body).toMatchObject({
      chain: { valid: true, events: 11 },
      readModel: { equalsFold: true },
      workflowState: { checked: true, equalsFold: true },
    });
  });

  it('is nowhere in the Temporal history of any run of the case workflow, read without the codec', async () => {
    const workflowId = caseWorkflowId(caseId);
    const runs = new Set<string>([(await raw.workflow.getHandle(workflowId).describe()).runId]);
    for await (const execution of raw.workflow.list({ query: `WorkflowId = '${workflowId}'` })) runs.add(execution.runId);
    let events = 0;
    for (const runId of runs) {
      const history = await raw.workflow.getHandle(workflowId, runId).fetchHistory();
      events += history.events?.length ?? 0;
      const bytes = Buffer.from(temporal.api.history.v1.History.encode(history).finish());
      expect({ runId, hits: hits(readable(history)) }).toEqual({ runId, hits: [] });
      expect({ runId, hits: hits(bytes.toString('utf8')) }).toEqual({ runId, hits: [] });
      expect({ runId, hits: hits(bytes.toString('latin1')) }).toEqual({ runId, hits: [] });
    }
    // The history is there to search: opened, 9 commands, each with its activity.
    expect(events).toBeGreaterThan(30);
  });

  it('is not in the workflow id, its search attributes or memo', async () => {
    const description = await raw.workflow.getHandle(caseWorkflowId(caseId)).describe();
    const text = readable({ id: description.workflowId, info: description.raw.workflowExecutionInfo, config: description.raw.executionConfig });
    expect(text).toContain(caseNumber); // the search attributes are read, and readable
    expect(hits(text)).toEqual([]);
  });

  it('is in no table of the database but the encrypted subjects', async () => {
    expect(await databaseHits([caseNumber])).not.toEqual([]); // the search does see the case
    expect(await databaseHits(Object.values(needles()))).toEqual([]);
  });

  it('is in no log line of the API or the worker, nor anything written to the console', () => {
    expect(apiLogs.length).toBeGreaterThan(0); // the capture works: Nest logs its start
    expect(workerLogs.length).toBeGreaterThan(0); // the worker logs its start
    expect(apiLogs.filter((line) => hits(line).length)).toEqual([]);
    expect(workerLogs.filter((line) => hits(line).length)).toEqual([]);
    expect(consoleLines.filter((line) => hits(line).length)).toEqual([]);
  });

  it('is in no error body the API returned', () => {
    expect(errorResponses.map((e) => e.what)).toEqual([
      'open the same person again',
      'open with an invalid ID number',
      'open an unknown kind',
      'malformed JSON',
      'assess with the name as household size',
      'transfer to the name',
      UNKNOWN_FIELD,
      'approve with a stale version',
      'decision by a caseworker',
      'decision at the township',
      'reject when no request waits',
    ]);
    const leaks = errorResponses.map((e) => ({ what: e.what, hits: hits(e.text) })).filter((e) => e.hits.length);
    expect(leaks.filter((e) => e.what !== UNKNOWN_FIELD)).toEqual([]);
  });

  // Apart: a validation error naming an unknown field ("property <x> should not exist") would echo
  // a field's name — here the person's name — into the error body (src/http/validation.ts).
  it('is not echoed when it is the name of an unknown field', () => {
    const unknownField = errorResponses.find((e) => e.what === UNKNOWN_FIELD)!;
    expect(unknownField.status).toBe(400);
    expect(hits(unknownField.text)).toEqual([]);
  });
});
