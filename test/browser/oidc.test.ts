/// <reference lib="dom" />
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/test-app';
import { chromiumPath, ensureWebBuilt, expectAccessible } from './support/console';

// Production sign-in: OpenID Connect authorization code + PKCE against a real provider (the npm
// package oidc-provider), the API verifying the access token through the provider's JWKS. In this
// mode the development sign-in does not exist.

const CLIENT_ID = 'casework-console';
const AUDIENCE = 'urn:casework:api';
const VILLAGE = '330106005052'; // 花园社区: no other test file's cases (each test app has its own PII key)

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

async function startProvider(redirectUri: string): Promise<{ issuer: string; child: ChildProcess }> {
  const accounts = { 'cw-oidc': { roles: ['caseworker'], division: VILLAGE } };
  const child = spawn(
    process.execPath,
    [join(__dirname, 'support', 'oidc-provider.mjs'), redirectUri, CLIENT_ID, AUDIENCE, JSON.stringify(accounts)],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let err = '';
  child.stderr.on('data', (d) => (err += String(d)));
  const issuer = await new Promise<string>((resolve, reject) => {
    child.stdout.once('data', (d) => resolve((JSON.parse(String(d)) as { issuer: string }).issuer));
    child.once('exit', (code) => reject(new Error(`oidc-provider exited with ${code}: ${err}`)));
  });
  return { issuer, child };
}

let t: TestApp;
let provider: { issuer: string; child: ChildProcess };
let browser: Browser;
let baseURL: string;

beforeAll(async () => {
  const executablePath = chromiumPath();
  ensureWebBuilt();
  const port = await freePort();
  baseURL = `http://127.0.0.1:${port}`;
  provider = await startProvider(`${baseURL}/auth/callback`);
  const env = { OIDC_ISSUER: provider.issuer, OIDC_CLIENT_ID: CLIENT_ID, OIDC_SCOPE: 'openid casework' };
  Object.assign(process.env, env);
  try {
    t = await startTestApp({
      worker: false,
      config: {
        auth: { devSecret: null, jwksUrl: `${provider.issuer}/jwks`, issuer: provider.issuer, audience: AUDIENCE, clockToleranceSeconds: 5 },
      },
    });
  } finally {
    for (const k of Object.keys(env)) delete process.env[k];
  }
  await t.app.listen(port, '127.0.0.1');
  browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'] });
});

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  await t?.close();
  provider?.child.kill('SIGTERM');
});

it('signs a caseworker in through the identity provider (code + PKCE) and the API accepts the token', async () => {
  const context = await browser.newContext({ baseURL, locale: 'zh-CN' });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await page.goto('/queue');
  await page.waitForURL('**/sign-in');
  await expectAccessible(page, 'the production sign-in page');
  // Production: no development sign-in, on the page or at the API.
  expect(await page.getByText('开发环境登录').count()).toBe(0);
  expect((await page.request.post('/v1/console/dev-token', { data: { role: 'caseworker', division: VILLAGE } })).status()).toBe(404);

  const authorize = page.waitForRequest((r) => r.url().startsWith(`${provider.issuer}/auth`));
  await page.getByRole('button', { name: '统一身份认证登录' }).click();
  const url = new URL((await authorize).url());
  expect(url.searchParams.get('code_challenge_method')).toBe('S256');
  expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(url.searchParams.get('client_id')).toBe(CLIENT_ID);

  // The provider's own (development) login and consent pages.
  await page.locator('input[name="login"]').fill('cw-oidc');
  await page.locator('input[name="password"]').fill('any');
  await page.locator('button[type="submit"]').click();
  const listed = page.waitForResponse((r) => r.url().startsWith(`${baseURL}/v1/cases?`));
  await page.locator('button[type="submit"]').click(); // consent
  await page.waitForURL(`${baseURL}/queue`);
  await page.getByTestId('principal').getByText('cw-oidc').waitFor();
  await page.getByRole('heading', { name: /工作队列/ }).waitFor();
  // The code never stays in the address bar, and the queue loaded through the API with the JWT.
  expect(page.url()).not.toContain('code=');
  expect((await listed).status()).toBe(200);
  await page.locator('.ant-empty-description').or(page.getByTestId('queue')).first().waitFor();
  await context.close();
});
