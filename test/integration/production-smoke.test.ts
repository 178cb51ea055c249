import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client as PgClient } from 'pg';
import { freePort } from '../../scripts/stack/stack';
import { idNumber, TOWNSHIP, VILLAGE } from '../support/builders';
import { startOtlpCollector, type CollectedSpan, type OtlpCollector } from '../support/otlp-collector';
import { buildOnce, startService, waitForHttp, type Service } from '../support/processes';
import { stackInfo } from '../support/stack-info';
import { createFreshDatabase, dropDatabase } from '../support/fresh-database';
import { startTestIssuer, type TestIssuer } from '../support/test-issuer';
import { alertExpressions, dashboardAndAlertMetrics, dashboardExpressions, exportedMetricNames, startPrometheus } from '../support/monitoring';

// Production mode as operators run it (issue 15): the built API and worker as two processes with
// NODE_ENV=production, secrets only from files (*_FILE), tokens only from a JWKS issuer, traces
// exported by OTLP to a collector; against the test stack's PostgreSQL and Temporal.

const dir = mkdtempSync(join(tmpdir(), 'casework-prod-'));
// A database of its own: the last test breaks writes on purpose.
const database = `casework_prod_${Date.now()}_${process.pid}`;
let databaseUrl = '';
const b64 = () => randomBytes(32).toString('base64');
const subject = { name: `冒烟${randomBytes(3).toString('hex')}`, idNumber: idNumber() };
const summary = `生产模式冒烟测试${randomBytes(3).toString('hex')}`;

function secretFile(name: string, value: string): string {
  const file = join(dir, name);
  writeFileSync(file, `${value}\n`, { mode: 0o600 });
  return file;
}

let issuer: TestIssuer;
let collector: OtlpCollector;
let api: Service;
let worker: Service;
let apiUrl: string;
let metricsUrl: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  await buildOnce();
  databaseUrl = await createFreshDatabase(database);
  [issuer, collector] = await Promise.all([startTestIssuer(), startOtlpCollector()]);
  const info = stackInfo();
  const [apiPort, metricsPort] = [await freePort(), await freePort()];
  apiUrl = `http://127.0.0.1:${apiPort}`;
  metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
  env = {
    NODE_ENV: 'production',
    DATABASE_URL_FILE: secretFile('database-url', databaseUrl),
    PII_KEYS_FILE: secretFile('pii-keys', `p2026:${b64()}`),
    PII_BLIND_INDEX_KEY_FILE: secretFile('pii-blind-index-key', b64()),
    TEMPORAL_PAYLOAD_KEYS_FILE: secretFile('payload-keys', `t2026:${b64()}`),
    AUTH_JWKS_URL: issuer.jwksUrl,
    AUTH_ISSUER: issuer.issuer,
    AUTH_AUDIENCE: issuer.audience,
    TEMPORAL_ADDRESS: info.temporalAddress,
    TEMPORAL_TASK_QUEUE: `prod-smoke-${process.pid}`,
    OTEL_EXPORTER_OTLP_ENDPOINT: collector.endpoint,
    COMMAND_WAIT_MS: '3000',
  };
  worker = startService('worker', 'src/worker.js', { ...env, WORKER_METRICS_ADDRESS: `127.0.0.1:${metricsPort}`, LOG_LEVEL: 'DEBUG' });
  api = startService('api', 'src/main.js', { ...env, HOST: '127.0.0.1', PORT: String(apiPort) });
  await Promise.all([waitForHttp(`${apiUrl}/health/ready`, api), waitForHttp(metricsUrl, worker, 180_000)]);
});

afterAll(async () => {
  await Promise.all([api?.stop(), worker?.stop()]);
  await Promise.all([issuer?.close(), collector?.close()]);
  await dropDatabase(database);
});

async function call(token: string, method: string, path: string, body?: object, ifMatch?: number) {
  const res = await fetch(`${apiUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      ...(ifMatch === undefined ? {} : { 'if-match': `"${ifMatch}"` }),
      ...(method === 'POST' && path === '/v1/cases' ? { 'idempotency-key': `smoke-${randomBytes(8).toString('hex')}` } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are checked field by field
  return { status: res.status, body: (await res.json().catch(() => null)) as Record<string, any> };
}

let caseId = '';

describe('production mode: API and worker as separate processes', () => {
  it('runs a case through escalation with tokens from the JWKS issuer', async () => {
    const caseworker = await issuer.token({ id: 'cw-prod', roles: ['caseworker'], division: VILLAGE });
    const head = await issuer.token({ id: 'sv-prod', roles: ['supervisor'], division: TOWNSHIP });
    const opened = await call(caseworker, 'POST', '/v1/cases', { kind: 'dibao', subject, summary });
    expect(opened.status).toBe(201);
    caseId = opened.body.id as string;
    const requested = await call(caseworker, 'POST', `/v1/cases/${caseId}/escalations`, { reason: '需乡镇审核' }, opened.body.version as number);
    expect(requested.status).toBe(200);
    const rid = requested.body.pendingEscalation.requestId as string;
    const approved = await call(head, 'POST', `/v1/cases/${caseId}/escalations/${rid}/approve`, {}, requested.body.version as number);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ level: 'township', holder: TOWNSHIP });
  });

  it('accepts no development token and offers no development sign-in', async () => {
    const forged = await call('dev.token.forged', 'GET', `/v1/cases/${caseId}`);
    expect(forged.status).toBe(401);
    const devToken = await fetch(`${apiUrl}/v1/console/dev-token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(devToken.status).toBe(404);
  });

  it('traces one command in one trace: HTTP request → Temporal client → workflow Update → local activity → PostgreSQL', async () => {
    const byId = new Map<string, CollectedSpan>();
    const chainOf = (span: CollectedSpan): CollectedSpan[] => {
      const chain = [span];
      for (let p = span.parentSpanId; p && byId.get(p); p = byId.get(p)!.parentSpanId) chain.push(byId.get(p)!);
      return chain;
    };
    let found: CollectedSpan[] | null = null;
    for (let i = 0; i < 40 && !found; i++) {
      await new Promise((r) => setTimeout(r, 250));
      for (const s of collector.spans) byId.set(s.spanId, s);
      const server = collector.spans.find(
        (s) =>
          s.service === 'casework-api' &&
          s.kind === 2 &&
          Object.values(s.attributes).some((v) => String(v).endsWith(`/v1/cases/${caseId}/escalations`)),
      );
      if (!server) continue;
      const pg = collector.spans.filter(
        (s) => s.traceId === server.traceId && s.service === 'casework-worker' && s.attributes['db.system'] === 'postgresql',
      );
      found = pg.map(chainOf).find((chain) => chain[chain.length - 1].spanId === server.spanId) ?? null;
    }
    expect(found).not.toBeNull();
    const layers = found!.map((s) => `${s.service} ${s.name.split(':')[0]}`).reverse();
    // Root first: the API's HTTP server span … the worker's pg query.
    expect(layers[0]).toBe('casework-api POST');
    expect(layers).toEqual(
      expect.arrayContaining([
        'casework-api StartWorkflowUpdate',
        'casework-worker HandleUpdate',
        'casework-worker StartActivity',
        'casework-worker RunActivity',
      ]),
    );
    expect(found!.find((s) => s.name.startsWith('RunActivity'))!.name).toBe('RunActivity:appendEvents');
    expect(layers.indexOf('casework-api StartWorkflowUpdate')).toBeLessThan(layers.indexOf('casework-worker HandleUpdate'));
    expect(layers.indexOf('casework-worker HandleUpdate')).toBeLessThan(layers.indexOf('casework-worker RunActivity'));
    expect(layers[layers.length - 1]).toMatch(/^casework-worker /);
  });

  it('exposes the worker’s SDK metrics and case gauges, and every dashboard and alert query names a metric the project exports', async () => {
    // A failing event-log write (a constraint the case's next row breaks) must show as an
    // activity failure; PostgreSQL refuses it for good, so the command fails as UNSTORABLE (422).
    const caseworker = await issuer.token({ id: 'cw-prod-township', roles: ['caseworker'], division: TOWNSHIP });
    const current = await call(caseworker, 'GET', `/v1/cases/${caseId}`);
    const version = current.body.version as number;
    const inDb = new PgClient({ connectionString: databaseUrl });
    inDb.on('error', () => {});
    await inDb.connect();
    let names = new Set<string>();
    try {
      await inDb.query(`ALTER TABLE cases ADD CONSTRAINT smoke_refuse CHECK (case_id <> '${caseId}' OR version <= ${version}) NOT VALID`);
      const refused = await call(caseworker, 'POST', `/v1/cases/${caseId}/notes`, { text: '写入失败时的记录' }, version);
      expect({ status: refused.status, code: refused.body?.code }).toEqual({ status: 422, code: 'UNSTORABLE' });
      for (let i = 0; i < 60; i++) {
        const [w, a] = await Promise.all([fetch(metricsUrl).then((r) => r.text()), fetch(`${apiUrl}/metrics`).then((r) => r.text())]);
        names = new Set([...exportedMetricNames(w), ...exportedMetricNames(a)]);
        if (names.has('temporal_local_activity_execution_failed') && names.has('casework_open_cases')) break;
        await new Promise((r) => setTimeout(r, 500));
      }
    } finally {
      await inDb.query('ALTER TABLE cases DROP CONSTRAINT IF EXISTS smoke_refuse');
      await inDb.end();
    }
    expect(names).toContain('temporal_local_activity_execution_failed');
    expect(names).toContain('casework_open_cases');
    expect(names).toContain('casework_http_request_duration_seconds_bucket');
    const wanted = dashboardAndAlertMetrics();
    expect(wanted.length).toBeGreaterThan(5);
    expect(wanted.filter((m) => !names.has(m))).toEqual([]);
  });
  it('lets a real Prometheus scraping both processes evaluate every dashboard panel to data and every alert rule without error', async () => {
    const prometheus = await startPrometheus(await freePort(), [
      { job: 'casework-api', target: new URL(apiUrl).host },
      { job: 'casework-worker', target: new URL(metricsUrl).host },
    ]);
    try {
      // Two scrapes of each target at least, so that rate() has samples.
      for (let i = 0; i < 60; i++) {
        const up = await prometheus.query('count(up == 1) >= 2 and min(count_over_time(up[1m])) >= 3');
        if (up.data?.result.length) break;
        await new Promise((r) => setTimeout(r, 500));
      }
      const outcomes: Record<string, string> = {};
      for (const { expr } of dashboardExpressions()) {
        const answer = await prometheus.query(expr.replaceAll('$__rate_interval', '1m'));
        outcomes[expr] = answer.status !== 'success' ? `error: ${answer.error}` : answer.data?.result.length ? 'data' : 'no data';
      }
      expect(Object.entries(outcomes).filter(([, o]) => o !== 'data')).toEqual([]);
      const rules = (await (await fetch(`${prometheus.url}/api/v1/rules`)).json()) as {
        data: { groups: { rules: { name: string; health: string; lastError?: string }[] }[] };
      };
      const evaluated = rules.data.groups.flatMap((g) => g.rules);
      expect(evaluated.map((r) => r.name).sort()).toEqual(
        alertExpressions()
          .map((a) => a.alert)
          .sort(),
      );
      for (let i = 0; i < 20 && evaluated.some((r) => r.health === 'unknown'); i++) await new Promise((r) => setTimeout(r, 500));
      const after = ((await (await fetch(`${prometheus.url}/api/v1/rules`)).json()) as typeof rules).data.groups.flatMap((g) => g.rules);
      expect(after.filter((r) => r.health !== 'ok').map((r) => `${r.name}: ${r.health} ${r.lastError ?? ''}`)).toEqual([]);
    } finally {
      await prometheus.stop();
    }
  });

  it('logs JSON lines only, each with a trace id field, the worker’s activity lines in the command’s trace, and no personal data', () => {
    const lines = [...api.lines, ...worker.lines];
    expect(worker.lines.length).toBeGreaterThan(0);
    const parsed = lines.map((l) => {
      try {
        return JSON.parse(l) as Record<string, unknown>;
      } catch {
        return { unparsable: l };
      }
    });
    expect(parsed.filter((p) => 'unparsable' in p)).toEqual([]);
    expect(parsed.filter((p) => !('trace_id' in p))).toEqual([]);
    const traced = parsed.filter((p) => typeof p.trace_id === 'string' && /^[0-9a-f]{32}$/.test(p.trace_id));
    expect(traced.length).toBeGreaterThan(0);
    const spanTraces = new Set(collector.spans.map((s) => s.traceId));
    // The API's access line and the worker's lines about the command's activities are in its trace.
    const escalation = parsed.find((p) => p.msg === 'request' && p.route === '/v1/cases/:id/escalations');
    expect(escalation).toMatchObject({ method: 'POST', status: 200, trace_id: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(spanTraces.has(escalation!.trace_id as string)).toBe(true);
    const activityLines = parsed.filter((p) => p.message === 'Activity completed' && p.activityType === 'appendEvents');
    expect(activityLines.length).toBeGreaterThan(0);
    expect(activityLines.filter((p) => !spanTraces.has(p.trace_id as string))).toEqual([]);
    expect(activityLines.some((p) => p.trace_id === escalation!.trace_id)).toBe(true);
    const text = lines.join('\n');
    for (const needle of [subject.name, subject.idNumber, summary, '需乡镇审核', '写入失败时的记录'])
      expect(text.includes(needle) ? needle : null).toBeNull();
  });
});

describe('production mode refuses to start', () => {
  const cases: [string, (e: NodeJS.ProcessEnv) => NodeJS.ProcessEnv, RegExp][] = [
    ['with a development secret', (e) => ({ ...e, AUTH_DEV_SECRET: 'x'.repeat(32) }), /AUTH_DEV_SECRET must not be set in production/],
    ['without a JWKS URL', (e) => ({ ...e, AUTH_JWKS_URL: '', AUTH_DEV_SECRET: '' }), /set AUTH_JWKS_URL/],
    [
      'with a development key (npm start’s dev1)',
      (e) => ({ ...e, PII_KEYS_FILE: secretFile('dev-pii', `dev1:${b64()}`) }),
      /PII_KEYS: key dev1 is a development key/,
    ],
    [
      'with a placeholder key',
      (e) => ({ ...e, TEMPORAL_PAYLOAD_KEYS_FILE: secretFile('zero-payload', `t1:${Buffer.alloc(32).toString('base64')}`) }),
      /TEMPORAL_PAYLOAD_KEYS: key t1 is a placeholder/,
    ],
    ['with a missing key', (e) => ({ ...e, PII_BLIND_INDEX_KEY_FILE: '' }), /PII_BLIND_INDEX_KEY is required/],
    ['with an unreadable key file', (e) => ({ ...e, PII_KEYS_FILE: join(dir, 'no-such-file') }), /PII_KEYS_FILE: cannot read/],
  ];
  it.each(cases)('%s', async (_what, change, reason) => {
    const refused = startService('api-refused', 'src/main.js', { ...change(env), PORT: '0' });
    const code = await refused.exited;
    await new Promise((r) => setImmediate(r));
    expect({ code, output: refused.lines.join('\n') }).toEqual({ code: 1, output: expect.stringMatching(reason) });
    // The refusal names the variable, never a secret's value.
    expect(refused.lines.join('\n')).not.toMatch(/[A-Za-z0-9+/]{43}=/);
  });
});
