import { createServer, type Server } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import type { Role } from '../../src/domain';

// An identity provider as production sees one: an ES256 key pair whose public half is served as a
// JWKS over HTTP; tokens carry iss, aud, sub, exp and the roles/division claims.

export interface TestIssuer {
  issuer: string;
  jwksUrl: string;
  audience: string;
  token(p: { id: string; roles: Role[]; division: string }): Promise<string>;
  close(): Promise<void>;
}

export async function startTestIssuer(audience = 'casework'): Promise<TestIssuer> {
  const { publicKey, privateKey } = await generateKeyPair('ES256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'test-1', alg: 'ES256', use: 'sig' };
  const server: Server = createServer((req, res) => {
    if (req.url === '/.well-known/jwks.json') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
    } else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const issuer = `http://127.0.0.1:${port}`;
  return {
    issuer,
    jwksUrl: `${issuer}/.well-known/jwks.json`,
    audience,
    token: (p) => sign(privateKey, issuer, audience, p),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

function sign(key: CryptoKey, issuer: string, audience: string, p: { id: string; roles: Role[]; division: string }): Promise<string> {
  return new SignJWT({ roles: p.roles, division: p.division })
    .setProtectedHeader({ alg: 'ES256', kid: 'test-1' })
    .setSubject(p.id)
    .setIssuer(issuer)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(key);
}
