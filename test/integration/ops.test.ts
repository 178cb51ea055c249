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
});
