import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCaseBody, TOWNSHIP, VILLAGE } from '../support/builders';
import { startTestApp, type TestApp } from '../support/test-app';

// The console's server side (src/console): the SPA at `/` with a fallback that never shadows the
// API, the development-only sign-in endpoint (absent in production mode), the case-number lookup.

function fakeBuild(): string {
  const dir = mkdtempSync(join(tmpdir(), 'casework-console-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>console</title><div id="root"></div>');
  writeFileSync(join(dir, 'assets', 'app-1234.js'), 'console.log(1)');
  return dir;
}

/** Runs `fn` with environment variables set, restoring them afterwards. */
async function withEnv<T>(vars: Record<string, string | undefined>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  for (const [k, v] of Object.entries(vars))
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(saved))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  }
}

describe('console in development', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await withEnv({ CONSOLE_DIR: fakeBuild() }, () => startTestApp({ worker: true }));
  });
  afterAll(() => t.close());

  it('serves the SPA at / and any page path, with a CSP and no caching of index.html', async () => {
    for (const path of ['/', '/queue', '/cases/6f1c2f9e-1b2a-4c3d-9e8f-0a1b2c3d4e5f', '/audit']) {
      const res = await t.http().get(path);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.text).toContain('<div id="root">');
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
      expect(res.headers['cache-control']).toBe('no-store');
    }
  });

  it('serves built assets as files (cached), and a missing asset is a 404, not index.html', async () => {
    const asset = await t.http().get('/assets/app-1234.js');
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect(asset.headers['cache-control']).toContain('immutable');
    const missing = await t.http().get('/assets/nope-0000.js');
    expect(missing.status).toBe(404);
    expect(missing.text).not.toContain('<div id="root">');
    expect((await t.http().get('/../package.json')).text).not.toContain('"name"');
    expect((await t.http().get('/%2e%2e/package.json')).status).toBe(404);
  });

  it('never shadows the API, its documents or the operations endpoints', async () => {
    const unknownApi = await t.http().get('/v1/no-such-route');
    expect(unknownApi.status).toBe(404);
    expect(unknownApi.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((await t.http().get('/v1/cases')).status).toBe(401);
    const docs = await t.http().get('/docs-json');
    expect(docs.status).toBe(200);
    expect(docs.body.openapi).toMatch(/^3\./);
    expect((await t.http().get('/docs/')).text).toMatch(/swagger/i);
    expect((await t.http().get('/health/live')).status).toBe(200);
    const metrics = await t.http().get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.text).not.toContain('<div id="root">');
    expect((await t.http().get('/health/nope')).text).not.toContain('<div id="root">');
  });

  it('says how people sign in, without a token', async () => {
    const res = await t.http().get('/v1/console/config');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ devSignIn: true, oidc: null });
  });

  it('issues a demo token for a chosen role and unit, which the API accepts', async () => {
    const res = await t.http().post('/v1/console/dev-token').send({ role: 'caseworker', division: VILLAGE });
    expect(res.status).toBe(200);
    expect(res.body.principal).toEqual({ id: `caseworker-${VILLAGE}`, roles: ['caseworker'], division: VILLAGE });
    const unit = await t.http().get(`/v1/divisions/${VILLAGE}`).set('Authorization', `Bearer ${res.body.token}`);
    expect(unit.status).toBe(200);
    expect((await t.http().post('/v1/cases').set('Authorization', `Bearer ${res.body.token}`).send(openCaseBody())).status).toBe(201);
    const bad = await t.http().post('/v1/console/dev-token').send({ role: 'root', division: '12' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['division', 'role']);
  });

  it('keeps the development endpoints out of the OpenAPI document', async () => {
    const paths = Object.keys((await t.http().get('/docs-json')).body.paths);
    expect(paths.filter((p) => p.startsWith('/v1/console'))).toEqual([]);
  });

  it('finds a case in scope by its number (id only), and answers 404 outside scope', async () => {
    const cw = await t.token({ roles: ['caseworker'], division: VILLAGE });
    const opened = await t.http().post('/v1/cases').set('Authorization', `Bearer ${cw}`).send(openCaseBody());
    expect(opened.status).toBe(201);
    const auditor = await t.token({ roles: ['auditor'], division: TOWNSHIP });
    const found = await t.http().get(`/v1/case-numbers/${opened.body.caseNumber}`).set('Authorization', `Bearer ${auditor}`);
    expect(found.status).toBe(200);
    expect(found.body).toEqual({ id: opened.body.id, caseNumber: opened.body.caseNumber });
    const lowercase = await t.http().get(`/v1/case-numbers/${opened.body.caseNumber.toLowerCase()}`).set('Authorization', `Bearer ${auditor}`);
    expect(lowercase.body.id).toBe(opened.body.id);
    const elsewhere = await t.token({ roles: ['auditor'], division: '420102002003' });
    expect((await t.http().get(`/v1/case-numbers/${opened.body.caseNumber}`).set('Authorization', `Bearer ${elsewhere}`)).status).toBe(404);
    expect((await t.http().get('/v1/case-numbers/not-a-number').set('Authorization', `Bearer ${auditor}`)).status).toBe(404);
    const admin = await t.token({ roles: ['admin'], division: '330000000000' });
    expect((await t.http().get(`/v1/case-numbers/${opened.body.caseNumber}`).set('Authorization', `Bearer ${admin}`)).status).toBe(403);
  });

  it('counts the cases of a subtree per child unit and status, for the supervisor dashboard', async () => {
    const cw = await t.token({ roles: ['caseworker'], division: VILLAGE });
    const opened = await t
      .http()
      .post('/v1/cases')
      .set('Authorization', `Bearer ${cw}`)
      .send(openCaseBody({ kind: 'tekun' }));
    expect(opened.status).toBe(201);
    const sup = await t.token({ roles: ['supervisor'], division: TOWNSHIP });
    const res = await t.http().get('/v1/case-counts').set('Authorization', `Bearer ${sup}`);
    expect(res.status).toBe(200);
    expect(res.body.division).toBe(TOWNSHIP);
    const village = res.body.rows.find((r: { unit: string; status: string }) => r.unit === VILLAGE && r.status === 'open');
    expect(village.cases).toBeGreaterThanOrEqual(1);
    for (const r of res.body.rows) expect(r.unit.startsWith('330106002')).toBe(true);
    // The county sees the township as one row; a unit outside the caller's scope is a 404.
    const county = await t.token({ roles: ['auditor'], division: '330106000000' });
    const rolled = await t.http().get('/v1/case-counts').set('Authorization', `Bearer ${county}`);
    expect(rolled.body.rows.some((r: { unit: string }) => r.unit === TOWNSHIP)).toBe(true);
    expect(rolled.body.rows.every((r: { unit: string }) => r.unit.endsWith('000'))).toBe(true);
    const drill = await t.http().get(`/v1/case-counts?division=${VILLAGE}`).set('Authorization', `Bearer ${county}`);
    expect(drill.body.rows.every((r: { unit: string }) => r.unit === VILLAGE)).toBe(true);
    expect((await t.http().get('/v1/case-counts?division=420102002003').set('Authorization', `Bearer ${sup}`)).status).toBe(404);
    expect((await t.http().get('/v1/case-counts?division=12').set('Authorization', `Bearer ${sup}`)).status).toBe(400);
  });
});

describe('console in production mode', () => {
  it('has no development sign-in endpoint when NODE_ENV=production', async () => {
    const t = await withEnv(
      { NODE_ENV: 'production', CONSOLE_DIR: fakeBuild(), OIDC_ISSUER: 'https://id.example.gov.cn', OIDC_CLIENT_ID: 'casework-console' },
      () => startTestApp({ worker: false }),
    );
    try {
      const res = await t.http().post('/v1/console/dev-token').send({ role: 'caseworker', division: VILLAGE });
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.token).toBeUndefined();
      const config = await t.http().get('/v1/console/config');
      expect(config.body).toEqual({
        devSignIn: false,
        oidc: { issuer: 'https://id.example.gov.cn', clientId: 'casework-console', scope: 'openid profile' },
      });
      // The identity provider is the only other origin the page may talk to.
      expect((await t.http().get('/')).headers['content-security-policy']).toContain("connect-src 'self' https://id.example.gov.cn");
    } finally {
      await t.close();
    }
  });

  it('has none when the API verifies tokens through JWKS (no development secret)', async () => {
    const t = await withEnv({ CONSOLE_DIR: fakeBuild() }, () =>
      startTestApp({
        worker: false,
        config: { auth: { devSecret: null, jwksUrl: 'http://127.0.0.1:9/jwks', issuer: 'x', audience: 'casework', clockToleranceSeconds: 5 } },
      }),
    );
    try {
      expect((await t.http().post('/v1/console/dev-token').send({ role: 'auditor', division: VILLAGE })).status).toBe(404);
      expect((await t.http().get('/v1/console/config')).body.devSignIn).toBe(false);
    } finally {
      await t.close();
    }
  });
});
