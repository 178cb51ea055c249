import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, UnsecuredJWT, type CryptoKey, type JWTPayload } from 'jose';
import { COUNTY } from '../support/builders';
import { startTestApp, type TestApp } from '../support/test-app';

// Authentication (SPEC §6): only a valid bearer token from the configured issuer, for this
// audience, signed with the expected algorithm and carrying valid roles and division reaches a
// /v1 route; everything else is a 401 problem+json that explains nothing about the token.

const ROUTE = `/v1/divisions/${COUNTY}`;
const claims = { roles: ['auditor'], division: COUNTY };
const now = () => Math.floor(Date.now() / 1000);

function expectUnauthorized(res: { status: number; headers: Record<string, string>; body: Record<string, unknown> }) {
  expect(res.status).toBe(401);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.headers['www-authenticate']).toBe('Bearer');
  expect(res.body).toMatchObject({ status: 401, title: 'Unauthorized' });
  expect(JSON.stringify(res.body)).not.toMatch(/at .+\.(ts|js):\d+|jose|JWS|JWT/); // no stack, no library detail
}

describe('with the development secret (HS256)', () => {
  let t: TestApp;
  let secret: Uint8Array;
  beforeAll(async () => {
    t = await startTestApp({ worker: false });
    secret = new TextEncoder().encode(t.config.auth.devSecret!);
  });
  afterAll(() => t.close());

  const get = (token: string) => t.http().get(ROUTE).set('Authorization', `Bearer ${token}`);

  /** A token as the app signs them, with one thing changed. */
  const sign = (
    opts: { payload?: JWTPayload; issuer?: string; audience?: string; exp?: number; nbf?: number; subject?: string | null; key?: Uint8Array } = {},
  ) => {
    const jwt = new SignJWT({ ...claims, ...opts.payload })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(opts.issuer ?? t.config.auth.issuer)
      .setAudience(opts.audience ?? t.config.auth.audience)
      .setIssuedAt()
      .setExpirationTime(opts.exp ?? now() + 600);
    if (opts.subject !== null) jwt.setSubject(opts.subject ?? 'someone');
    if (opts.nbf !== undefined) jwt.setNotBefore(opts.nbf);
    return jwt.sign(opts.key ?? secret);
  };

  it('accepts a valid token', async () => {
    expect((await get(await sign())).status).toBe(200);
  });

  it('refuses a missing or non-Bearer Authorization header', async () => {
    expectUnauthorized(await t.http().get(ROUTE));
    expectUnauthorized(
      await t
        .http()
        .get(ROUTE)
        .set('Authorization', `Basic ${Buffer.from('a:b').toString('base64')}`),
    );
  });

  it('refuses an expired token', async () => {
    expectUnauthorized(await get(await sign({ exp: now() - 3600 })));
  });

  it('accepts a token expired within the clock leeway and refuses one beyond it', async () => {
    const leeway = t.config.auth.clockToleranceSeconds;
    expect((await get(await sign({ exp: now() - Math.floor(leeway / 2) }))).status).toBe(200);
    expectUnauthorized(await get(await sign({ exp: now() - leeway - 5 })));
    expect((await get(await sign({ nbf: now() + Math.floor(leeway / 2) }))).status).toBe(200);
    expectUnauthorized(await get(await sign({ nbf: now() + leeway + 60 })));
  });

  it('refuses an unsigned token (alg: none)', async () => {
    const unsigned = new UnsecuredJWT({ ...claims })
      .setSubject('someone')
      .setIssuer(t.config.auth.issuer)
      .setAudience(t.config.auth.audience)
      .setIssuedAt()
      .setExpirationTime('10m')
      .encode();
    expect(unsigned.endsWith('.')).toBe(true);
    expectUnauthorized(await get(unsigned));
  });

  it('refuses a token of another issuer or for another audience', async () => {
    expectUnauthorized(await get(await sign({ issuer: 'https://someone-else.example' })));
    expectUnauthorized(await get(await sign({ audience: 'another-service' })));
  });

  it('refuses a token signed with another key, or whose payload was changed after signing', async () => {
    expectUnauthorized(await get(await sign({ key: new TextEncoder().encode('not-the-secret-not-the-secret-!!') })));
    const [header, , signature] = (await sign()).split('.');
    const forged = Buffer.from(
      JSON.stringify({ ...claims, roles: ['admin'], sub: 'x', iss: t.config.auth.issuer, aud: t.config.auth.audience, exp: now() + 600 }),
    ).toString('base64url');
    expectUnauthorized(await get(`${header}.${forged}.${signature}`));
  });

  it.each([['not-a-token'], ['a.b.c'], ['eyJhbGciOiJIUzI1NiJ9..'], ['%%%'], ['x'.repeat(5000)]])('refuses a malformed token %#', async (token) => {
    expectUnauthorized(await get(token));
  });

  it('refuses a token without a subject, without valid roles or without a valid division', async () => {
    expectUnauthorized(await get(await sign({ subject: null })));
    expectUnauthorized(await get(await sign({ payload: { roles: undefined } })));
    expectUnauthorized(await get(await sign({ payload: { roles: [] } })));
    expectUnauthorized(await get(await sign({ payload: { roles: ['root'] } })));
    expectUnauthorized(await get(await sign({ payload: { roles: 'auditor' } })));
    expectUnauthorized(await get(await sign({ payload: { division: undefined } })));
    expectUnauthorized(await get(await sign({ payload: { division: '3301' } })));
    expectUnauthorized(await get(await sign({ payload: { division: 330106000000 } })));
    expectUnauthorized(await get(await sign({ payload: { division: '000000000000' } })));
  });
});

describe('with an identity provider (JWKS, RS256)', () => {
  let t: TestApp;
  let jwks: Server;
  let providerKey: CryptoKey;
  const issuer = 'https://idp.casework.test';

  beforeAll(async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    providerKey = privateKey;
    const body = JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'idp-1', alg: 'RS256', use: 'sig' }] });
    jwks = createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(body));
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    const { port } = jwks.address() as AddressInfo;
    t = await startTestApp({
      worker: false,
      config: {
        auth: { devSecret: null, jwksUrl: `http://127.0.0.1:${port}/.well-known/jwks.json`, issuer, audience: 'casework', clockToleranceSeconds: 5 },
      },
    });
  });
  afterAll(async () => {
    await t.close();
    await new Promise((resolve) => jwks.close(resolve));
  });

  const token = (alg: 'RS256' | 'HS256', key: CryptoKey | Uint8Array, kid = 'idp-1') =>
    new SignJWT({ ...claims })
      .setProtectedHeader({ alg, kid })
      .setSubject('auditor-idp')
      .setIssuer(issuer)
      .setAudience('casework')
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(key);
  const get = (jwt: string) => t.http().get(ROUTE).set('Authorization', `Bearer ${jwt}`);

  it("accepts an RS256 token signed with the provider's key", async () => {
    expect((await get(await token('RS256', providerKey))).status).toBe(200);
  });

  it('refuses an HS256 token, an RS256 token from another key, and an unsigned token', async () => {
    expectUnauthorized(await get(await token('HS256', new TextEncoder().encode('a-guessable-shared-secret-value!!'))));
    const { privateKey: stranger } = await generateKeyPair('RS256');
    expectUnauthorized(await get(await token('RS256', stranger)));
    expectUnauthorized(await get(await token('RS256', stranger, 'unknown-kid')));
    const unsigned = new UnsecuredJWT({ ...claims }).setSubject('x').setIssuer(issuer).setAudience('casework').setExpirationTime('10m').encode();
    expectUnauthorized(await get(unsigned));
  });
});
