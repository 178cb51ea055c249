import { startTestApp, type TestApp } from '../support/test-app';

let t: TestApp;
beforeAll(async () => (t = await startTestApp({ worker: false })));
afterAll(() => t.close());

describe('operations endpoints', () => {
  it('reports live, and ready with PostgreSQL and Temporal up', async () => {
    expect((await t.http().get('/health/live')).body).toEqual({ status: 'ok' });
    const ready = await t.http().get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.info).toEqual({ postgres: { status: 'up' }, temporal: { status: 'up' } });
  });

  it('serves the OpenAPI document with the case routes', async () => {
    const doc = await t.http().get('/docs-json');
    expect(doc.status).toBe(200);
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/v1/cases', '/v1/cases/{id}', '/v1/divisions/{code}']));
  });

  it('serves Prometheus metrics with request timings by route template', async () => {
    await t.http().get('/health/live');
    const res = await t.http().get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toMatch(/casework_http_request_duration_seconds_count\{method="GET",route="\/health\/live",status="200"\} [1-9]/);
    expect(res.text).toContain('process_cpu_user_seconds_total');
  });
});
