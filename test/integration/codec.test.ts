import { randomBytes, randomUUID } from 'node:crypto';
import { Client, WorkflowFailedError } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { DEFAULT_POLICY } from '../../src/domain';
import { ENCRYPTED_ENCODING, KEY_ID_METADATA_KEY } from '../../src/temporal/payload-codec';
import { caseWorkflowId, type CaseWorkflowInput } from '../../workflows/case.messages';
import type { CaseWorkflow } from '../../workflows/case.workflow';
import { COUNTY, idNumber, openCaseBody, OTHER_COUNTY, VILLAGE } from '../support/builders';
import { startTestApp, type TestApp } from '../support/test-app';

// Issue 4: Temporal holds ciphertext only; auditors and supervisors decode through the codec
// endpoint, and every decode is in the access log.

const UI_ORIGIN = 'http://temporal-ui.test:8233';
const ProtoPayload = temporal.api.common.v1.Payload;
const text = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? []).toString('utf8');

let t: TestApp;
let raw: Client;
let caseworker: string;
let auditor: string;
let supervisor: string;
let opened: { caseId: string; name: string; idNumber: string; summary: string };

/** Every Payload in a history, with where it sits; search attributes are listed apart (they must stay readable). */
function payloadsIn(value: unknown, path = ''): { path: string; payload: Payload }[] {
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return [];
  const record = value as Record<string, unknown>;
  if (record.data instanceof Uint8Array && typeof record.metadata === 'object') return [{ path, payload: record }];
  return Object.entries(record).flatMap(([key, child]) => payloadsIn(child, `${path}.${key}`));
}

beforeAll(async () => {
  t = await startTestApp({
    config: { payloadCodec: { keys: { retired: randomBytes(32), current: randomBytes(32) }, activeKeyId: 'current', uiOrigin: UI_ORIGIN } },
  });
  // What Temporal's database and a UI without the codec see: no data converter at all.
  raw = new Client({ connection: t.temporal.connection, namespace: 'default' });
  caseworker = await t.token({ id: 'cw-codec', roles: ['caseworker'], division: VILLAGE });
  auditor = await t.token({ id: 'auditor-codec', roles: ['auditor'], division: COUNTY });
  supervisor = await t.token({ id: 'sup-codec', roles: ['supervisor'], division: COUNTY });

  const subject = { name: `保密姓名${randomUUID().slice(0, 6)}`, idNumber: idNumber() };
  const summary = `疑似监护人虐待，邻居报告 ${randomUUID()}`;
  const res = await t
    .http()
    .post('/v1/cases')
    .set('Authorization', `Bearer ${caseworker}`)
    .send(openCaseBody({ kind: 'mandatory_report', risk: 'high', subject, summary }));
  expect(res.status).toBe(201);
  opened = { caseId: res.body.id, ...subject, summary };
});
afterAll(() => t.close());

const startedInput = async (): Promise<Payload> => {
  const history = await raw.workflow.getHandle(caseWorkflowId(opened.caseId)).fetchHistory();
  const started = history.events![0].workflowExecutionStartedEventAttributes!;
  return started.input!.payloads![0];
};

const decode = (token: string | null, payloads: object[], headers: Record<string, string> = {}) => {
  const req = t.http().post('/v1/codec/decode').set('X-Namespace', 'default').set('Origin', UI_ORIGIN);
  for (const [name, value] of Object.entries(headers)) req.set(name, value);
  return (token ? req.set('Authorization', `Bearer ${token}`) : req).send({ payloads });
};

const decodeRows = async (principal: string) =>
  (await t.db.query(`SELECT count(*)::int AS n FROM access_log WHERE action = 'payload.decode' AND principal_id = $1`, [principal]))[0].n as number;

describe('the workflow history in Temporal', () => {
  it('holds no plaintext name, ID number or summary, and every payload but search attributes and patch markers is binary/encrypted', async () => {
    const history = await raw.workflow.getHandle(caseWorkflowId(opened.caseId)).fetchHistory();
    const bytes = Buffer.from(temporal.api.history.v1.History.encode(history).finish());
    for (const secret of [opened.name, opened.idNumber, opened.summary, opened.summary.slice(0, 8)]) {
      expect(bytes.includes(Buffer.from(secret, 'utf8'))).toBe(false);
    }
    const all = payloadsIn(history);
    // The SDK writes a patch marker (`patched('…')`) itself, outside the data converter: its
    // payload is the patch id, code not data — checked to be exactly those.
    const patchMarkers = all.filter((p) => /markerRecordedEventAttributes\.details\.patch-data/.test(p.path));
    expect(patchMarkers.map(({ payload }) => Buffer.from(payload.data ?? []).toString('utf8'))).toEqual([
      '{"id":"local-persistence","deprecated":false}',
      '{"id":"quiet-history","deprecated":false}',
    ]);
    // A local activity's marker carries the SDK's bookkeeping (which activity, attempt, times) in
    // plain JSON; its input and result are payloads of ours, encrypted like the rest.
    const localActivityMarkers = all.filter((p) => /markerRecordedEventAttributes\.details\.data\./.test(p.path));
    expect(localActivityMarkers.length).toBeGreaterThanOrEqual(2); // case number, CaseOpened
    for (const { payload } of localActivityMarkers) {
      const meta = JSON.parse(Buffer.from(payload.data ?? []).toString('utf8')) as Record<string, unknown>;
      expect(Object.keys(meta).sort()).toEqual([
        'activity_id',
        'activity_type',
        'attempt',
        'backoff',
        'complete_time',
        'original_schedule_time',
        'seq',
      ]);
      expect(['allocateCaseNumber', 'appendEvents']).toContain(meta.activity_type);
    }
    // OpenTelemetry's interceptors carry the trace context in a header of their own (outside the
    // data converter): a W3C traceparent and nothing else — checked to be exactly that.
    const traceHeaders = all.filter((p) => /\.header\.fields\._tracer-data$/.test(p.path));
    for (const { payload } of traceHeaders) {
      const carrier = JSON.parse(Buffer.from(payload.data ?? []).toString('utf8')) as Record<string, unknown>;
      expect(Object.keys(carrier).filter((k) => k !== 'traceparent' && k !== 'tracestate')).toEqual([]);
    }
    const sealed = all.filter(
      (p) => !/searchAttributes/i.test(p.path) && !patchMarkers.includes(p) && !localActivityMarkers.includes(p) && !traceHeaders.includes(p),
    );
    expect(sealed.length).toBeGreaterThan(3); // input, activity inputs and results, update results
    for (const { path, payload } of sealed) {
      expect({ path, encoding: text(payload.metadata?.encoding) }).toEqual({ path, encoding: ENCRYPTED_ENCODING });
      expect(text(payload.metadata?.[KEY_ID_METADATA_KEY])).toBe('current');
    }
  });

  it('the workflow id and search attributes carry codes only', async () => {
    const description = await raw.workflow.getHandle(caseWorkflowId(opened.caseId)).describe();
    expect(description.workflowId).toBe(`case-${opened.caseId}`);
    const attributes = JSON.stringify(description.raw.workflowExecutionInfo?.searchAttributes ?? {});
    for (const secret of [opened.name, opened.idNumber, opened.summary]) expect(attributes).not.toContain(secret);
  });

  it('keeps the message and stack of a failed workflow encrypted, while the codec client reads them', async () => {
    const caseId = randomUUID();
    const input: CaseWorkflowInput = {
      // An auditor cannot open a case: the workflow fails with the core's rejection.
      open: {
        type: 'open',
        caseId,
        kind: 'dibao',
        division: VILLAGE,
        subjectRef: randomUUID(),
        subjectMinorUnder14: false,
        risk: null,
        summary: 'x',
      },
      openedBy: { id: 'auditor-codec', roles: ['auditor'], division: VILLAGE },
      policy: DEFAULT_POLICY,
    };
    const handle = await t.temporal.workflow.start<typeof CaseWorkflow>('CaseWorkflow', {
      workflowId: caseWorkflowId(caseId),
      taskQueue: t.config.temporal.taskQueue,
      args: [input],
    });
    const failure = await handle.result().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    expect((failure as WorkflowFailedError).cause?.message).toMatch(/^cannot open case: /);

    const history = await raw.workflow.getHandle(caseWorkflowId(caseId)).fetchHistory();
    const failed = history.events!.find((e) => e.workflowExecutionFailedEventAttributes)!.workflowExecutionFailedEventAttributes!;
    expect(failed.failure?.message).toBe('Encoded failure');
    expect(failed.failure?.stackTrace).toBe('');
    expect(text(failed.failure?.encodedAttributes?.metadata?.encoding)).toBe(ENCRYPTED_ENCODING);
  });
});

describe('POST /v1/codec/decode', () => {
  it('decodes for an auditor in the Temporal UI protocol, and records the decode in the access log', async () => {
    const sealed = ProtoPayload.toObject(ProtoPayload.create(await startedInput()), { bytes: String });
    const before = await decodeRows('auditor-codec');
    const res = await decode(auditor, [sealed], { 'X-Request-Id': 'ui-decode-0001' });
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe(UI_ORIGIN);
    const [plain] = res.body.payloads as { metadata: Record<string, string>; data: string }[];
    expect(Buffer.from(plain.metadata.encoding, 'base64').toString()).toBe('json/plain');
    const input = JSON.parse(Buffer.from(plain.data, 'base64').toString('utf8')) as CaseWorkflowInput;
    expect(input.open).toMatchObject({ caseId: opened.caseId, summary: opened.summary });

    expect(await decodeRows('auditor-codec')).toBe(before + 1);
    const [row] = await t.db.query(
      `SELECT roles, division, case_id, request_id, detail FROM access_log WHERE principal_id = 'auditor-codec' ORDER BY entry_id DESC LIMIT 1`,
    );
    expect(row).toEqual({
      roles: ['auditor'],
      division: COUNTY,
      case_id: opened.caseId,
      request_id: 'ui-decode-0001',
      detail: { namespace: 'default', payloads: 1, withheld: 0 },
    });
  });

  it("decodes only payloads of cases in the caller's scope: another county's auditor gets them back still encrypted", async () => {
    const sealed = ProtoPayload.toObject(ProtoPayload.create(await startedInput()), { bytes: String });
    const elsewhere = await t.token({ id: 'auditor-codec-elsewhere', roles: ['auditor'], division: OTHER_COUNTY });
    const res = await decode(elsewhere, [sealed]);
    expect(res.status).toBe(200);
    expect(res.body.payloads).toEqual([sealed]);
    expect(JSON.stringify(res.body)).not.toContain(opened.summary);
    const [row] = await t.db.query(
      `SELECT case_id, detail FROM access_log WHERE principal_id = 'auditor-codec-elsewhere' ORDER BY entry_id DESC LIMIT 1`,
    );
    expect(row).toEqual({ case_id: null, detail: { namespace: 'default', payloads: 1, withheld: 1 } });
  });

  it('decodes every payload of the case history that names the case — inputs, update requests and results, activity data — and withholds those that name none', async () => {
    const token = caseworker;
    const note = await t
      .http()
      .post(`/v1/cases/${opened.caseId}/notes`)
      .set('Authorization', `Bearer ${token}`)
      .set('If-Match', '"1"')
      .send({ text: '补充情况' });
    expect(note.status).toBe(200);
    const history = await raw.workflow.getHandle(caseWorkflowId(opened.caseId)).fetchHistory();
    const sealed = payloadsIn(history)
      .filter((p) => text(p.payload.metadata?.encoding) === ENCRYPTED_ENCODING)
      .map((p) => ({ path: p.path, json: ProtoPayload.toObject(ProtoPayload.create(p.payload), { bytes: String }) }));
    const res = await decode(
      auditor,
      sealed.map((p) => p.json),
    );
    expect(res.status).toBe(200);
    const answered = (res.body.payloads as { metadata: Record<string, string> }[]).map((p, i) => ({
      path: sealed[i].path.replace(/\.\d+\./g, '.n.'),
      decoded: Buffer.from(p.metadata.encoding, 'base64').toString() !== ENCRYPTED_ENCODING,
    }));
    // The update request now names its case (CommandRequest.caseId); every payload is decoded.
    expect(answered.filter((a) => !a.decoded)).toEqual([]);
    expect(answered.some((a) => /UpdateAcceptedEventAttributes/.test(a.path))).toBe(true);
  });

  it('withholds a payload that names no case (a refusal), even from an auditor in scope', async () => {
    const sealedRejection = await t.temporal.options.loadedDataConverter.payloadCodecs[0].encode([
      { metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from('{"rejected":"CASE_CLOSED"}') },
    ]);
    const json = ProtoPayload.toObject(ProtoPayload.create(sealedRejection[0]), { bytes: String });
    const res = await decode(auditor, [json]);
    expect(res.body.payloads).toEqual([json]);
  });

  it('decodes for a supervisor and passes through payloads that were never encrypted', async () => {
    const plain = { metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: Buffer.from('{"a":1}').toString('base64') };
    const res = await decode(supervisor, [plain]);
    expect(res.status).toBe(200);
    expect(res.body.payloads).toEqual([plain]);
  });

  it('refuses a caseworker (403) and an anonymous caller (401), writing nothing to the access log', async () => {
    const sealed = ProtoPayload.toObject(ProtoPayload.create(await startedInput()), { bytes: String });
    const forbidden = await decode(caseworker, [sealed]);
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.stringify(forbidden.body)).not.toContain(opened.summary);
    const anonymous = await decode(null, [sealed]);
    expect(anonymous.status).toBe(401);
    // CORS headers come before the guard, so the UI sees the 401 itself.
    expect(anonymous.headers['access-control-allow-origin']).toBe(UI_ORIGIN);
    expect(await decodeRows('cw-codec')).toBe(0);
  });

  it('answers 422 for a tampered payload and 400 for a malformed body, logging no decode', async () => {
    const sealed = await startedInput();
    const data = Buffer.from(sealed.data!);
    data[data.length - 1] ^= 0x01;
    const before = await decodeRows('auditor-codec');
    const tampered = await decode(auditor, [ProtoPayload.toObject(ProtoPayload.create({ ...sealed, data }), { bytes: String })]);
    expect(tampered.status).toBe(422);
    expect(tampered.body.errors).toEqual([{ field: 'payloads[0]', message: 'could not be decrypted' }]);
    const malformed = await decode(auditor, [{ data: 'not base64!' }]);
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors).toEqual([{ field: 'payloads[0].data', message: 'must be base64' }]);
    expect((await t.http().post('/v1/codec/decode').set('Authorization', `Bearer ${auditor}`).send({ nope: 1 })).status).toBe(400);
    const otherNamespace = await decode(auditor, [], { 'X-Namespace': 'elsewhere' });
    expect(otherNamespace.status).toBe(422);
    expect(await decodeRows('auditor-codec')).toBe(before);
  });

  it('answers the Temporal UI preflight for its configured origin only', async () => {
    const preflight = await t
      .http()
      .options('/v1/codec/decode')
      .set('Origin', UI_ORIGIN)
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'authorization,content-type,x-namespace');
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(UI_ORIGIN);
    expect(preflight.headers['access-control-allow-credentials']).toBe('true');
    expect(preflight.headers['access-control-allow-headers']).toMatch(/X-Namespace/);
    const stranger = await t.http().options('/v1/codec/decode').set('Origin', 'http://evil.test').set('Access-Control-Request-Method', 'POST');
    expect(stranger.headers['access-control-allow-origin']).toBeUndefined();
    // The rest of the API does not speak CORS at all.
    const cases = await t.http().get('/v1/cases').set('Origin', UI_ORIGIN).set('Authorization', `Bearer ${auditor}`);
    expect(cases.headers['access-control-allow-origin']).toBeUndefined();
  });
});
