// A real OpenID Connect provider (the npm package oidc-provider) for the console's production
// sign-in test, in a process of its own (it is ESM-only). Authorization code + PKCE for a public
// client; access tokens are JWTs for the Casework API (audience AUDIENCE), signed RS256, with the
// principal's `roles` and `division` claims. Its development login page accepts any password.
//   node oidc-provider.mjs <redirect_uri> <client_id> <audience> '<accounts JSON: {sub: {roles, division}}>'
// Prints {"issuer": "..."} once listening; stops on SIGTERM.
import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const [redirectUri, clientId, audience, accountsJson] = process.argv.slice(2);
const accounts = JSON.parse(accountsJson);
const server = createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: clientId,
      token_endpoint_auth_method: 'none',
      redirect_uris: [redirectUri],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
  ],
  jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'test-rs256', use: 'sig', alg: 'RS256' }] },
  pkce: { required: () => true },
  scopes: ['openid', 'profile', 'casework'],
  findAccount: (_ctx, sub) => (accounts[sub] ? { accountId: sub, claims: () => ({ sub }) } : undefined),
  extraTokenClaims: (_ctx, token) => (token.kind === 'AccessToken' && accounts[token.accountId] ? { ...accounts[token.accountId] } : undefined),
  clientBasedCORS: (_ctx, origin, client) => client.redirectUris.some((u) => new URL(u).origin === origin),
  features: {
    devInteractions: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => audience,
      useGrantedResource: () => true,
      getResourceServerInfo: () => ({ scope: 'casework', audience, accessTokenFormat: 'jwt', accessTokenTTL: 3600, jwt: { sign: { alg: 'RS256' } } }),
    },
  },
});
provider.on('server_error', (_ctx, err) => process.stderr.write(`oidc-provider: ${err.message}\n`));
server.on('request', provider.callback());
process.stdout.write(`${JSON.stringify({ issuer })}\n`);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
