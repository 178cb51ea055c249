import { randomUUID } from 'node:crypto';
import { openCaseBody, VILLAGE } from '../support/builders';
import { stackInfo } from '../support/stack-info';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { startTestApp, type TestApp } from '../support/test-app';

// Issue 11, defect 2 (and SPEC §6's "503 + Retry-After while a dependency is down"): the API and
// the worker reach the real PostgreSQL and the real Temporal server through TCP proxies, which the
// test cuts — every connection dropped, new ones refused, as when the server dies — and restores.
// While a part is down the API answers 503 problem+json with Retry-After (never 500), readiness
// turns false, and everything comes back by itself when the part returns.

let t: TestApp;
let pg: TcpProxy;
let temporal: TcpProxy;
let token: string;

beforeAll(async () => {
  const info = stackInfo();
  const db = new URL(info.databaseUrl);
  pg = await startTcpProxy(db.hostname, Number(db.port));
  const [host, port] = info.temporalAddress.split(':');
  temporal = await startTcpProxy(host, Number(port));
  t = await startTestApp({
    config: {
      databaseUrl: pg.url(info.databaseUrl),
      temporal: { address: `127.0.0.1:${temporal.port}`, namespace: 'default', taskQueue: `test-${randomUUID()}` },
      openWaitMs: 1500,
      commandWaitMs: 3000,
    },
  });
  token = await t.token({ id: 'cw-down', roles: ['caseworker'], division: VILLAGE });
});
afterAll(async () => {
  await pg.restore();
  await temporal.restore();
  await t.close();
  await pg.close();
  await temporal.close();
});

const auth = (req: ReturnType<ReturnType<TestApp['http']>['get']>) => req.set('Authorization', `Bearer ${token}`);

function expectUnavailable(res: { status: number; headers: Record<string, string>; body: { status?: number } }) {
  expect(res.status).toBe(503);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  expect(res.body.status).toBe(503);
}

/** Retry until the call answers `status` (the pool and the client reconnect by themselves). */
async function eventually(call: () => Promise<{ status: number }>, status: number, ms = 20_000) {
  const until = Date.now() + ms;
  let last = await call();
  while (last.status !== status && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 250));
    last = await call();
  }
  return last;
}

it('answers 503 with Retry-After on every kind of request while PostgreSQL is down, is not ready, and recovers by itself', async () => {
  const opened = await auth(t.http().post('/v1/cases')).send(openCaseBody()).expect(201);
  const id = opened.body.id as string;
  await pg.cut();
  try {
    expectUnavailable(await auth(t.http().get(`/v1/cases/${id}`)));
    expectUnavailable(await auth(t.http().get('/v1/cases')));
    expectUnavailable(
      await auth(t.http().post(`/v1/cases/${id}/notes`))
        .set('If-Match', '"1"')
        .send({ text: '数据库不在' }),
    );
    expectUnavailable(await auth(t.http().post('/v1/cases')).send(openCaseBody()));
    const ready = await t.http().get('/health/ready');
    expectUnavailable(ready);
    expect(ready.body.checks).toMatchObject({ postgres: { status: 'down' }, temporal: { status: 'up' } });
  } finally {
    await pg.restore();
  }
  expect((await eventually(() => t.http().get('/health/ready'), 200)).status).toBe(200);
  expect((await eventually(() => auth(t.http().get(`/v1/cases/${id}`)), 200)).status).toBe(200);
  const noted = await auth(t.http().post(`/v1/cases/${id}/notes`))
    .set('If-Match', '"1"')
    .send({ text: '数据库回来了' });
  expect(noted.status).toBe(200);
  expect(noted.body.version).toBe(2);
});

it('answers 503 with Retry-After while Temporal is unreachable, is not ready, and recovers by itself', async () => {
  const opened = await auth(t.http().post('/v1/cases')).send(openCaseBody()).expect(201);
  const id = opened.body.id as string;
  await temporal.cut();
  try {
    expectUnavailable(await auth(t.http().post('/v1/cases')).set('Idempotency-Key', 'temporal-down-01').send(openCaseBody()));
    expectUnavailable(
      await auth(t.http().post(`/v1/cases/${id}/notes`))
        .set('If-Match', '"1"')
        .send({ text: '工作流服务不在' }),
    );
    const ready = await t.http().get('/health/ready');
    expectUnavailable(ready);
    expect(ready.body.checks).toMatchObject({ postgres: { status: 'up' }, temporal: { status: 'down' } });
    // Reads need only PostgreSQL.
    expect((await auth(t.http().get(`/v1/cases/${id}`))).status).toBe(200);
  } finally {
    await temporal.restore();
  }
  expect((await eventually(() => t.http().get('/health/ready'), 200)).status).toBe(200);
  // Retried with one Idempotency-Key, as a client must after a 503: an attempt that timed out
  // while the worker reconnected may still be applied, and its retry then answers that result.
  const noted = await eventually(
    () =>
      auth(t.http().post(`/v1/cases/${id}/notes`))
        .set('If-Match', '"1"')
        .set('Idempotency-Key', 'temporal-back-01')
        .send({ text: '回来了' }),
    200,
  );
  expect(noted.status).toBe(200);
});
