import { claimsOf, setSession } from '../session';

// OpenID Connect authorization code flow with PKCE (RFC 7636), public client, in the browser.
// The access token (a JWT the API verifies through the issuer's JWKS) is kept like a dev token.

interface OidcSettings {
  issuer: string;
  clientId: string;
  scope: string;
}
interface Discovery {
  authorization_endpoint: string;
  token_endpoint: string;
  end_session_endpoint?: string;
}

const PENDING = 'casework.oidc';

const b64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
const random = (n = 32) => b64url(crypto.getRandomValues(new Uint8Array(n)));

async function discover(issuer: string): Promise<Discovery> {
  const res = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
  if (!res.ok) throw new Error(`discovery failed (${res.status})`);
  return (await res.json()) as Discovery;
}

const redirectUri = () => `${location.origin}/auth/callback`;

export async function startOidcSignIn(oidc: OidcSettings, from: string): Promise<void> {
  const d = await discover(oidc.issuer);
  const verifier = random(48);
  const challenge = b64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  const state = random(16);
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, from }));
  const url = new URL(d.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: oidc.clientId,
    redirect_uri: redirectUri(),
    scope: oidc.scope,
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  location.assign(url.toString());
}

/** On /auth/callback: checks state, redeems the code with the verifier; answers where to go next. */
export async function completeOidcSignIn(oidc: OidcSettings): Promise<string> {
  const params = new URLSearchParams(location.search);
  // The code leaves the address bar at once (and the history).
  history.replaceState(null, '', '/auth/callback');
  const pending = JSON.parse(sessionStorage.getItem(PENDING) ?? 'null') as { verifier: string; state: string; from: string } | null;
  sessionStorage.removeItem(PENDING);
  if (params.get('error')) throw new Error(params.get('error_description') ?? params.get('error')!);
  if (!pending || params.get('state') !== pending.state) throw new Error('state mismatch: start the sign-in again');
  const d = await discover(oidc.issuer);
  const res = await fetch(d.token_endpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: params.get('code') ?? '',
      redirect_uri: redirectUri(),
      client_id: oidc.clientId,
      code_verifier: pending.verifier,
    }),
  });
  if (!res.ok) throw new Error(`token request failed (${res.status})`);
  const tokens = (await res.json()) as { access_token: string; expires_in?: number };
  const claims = claimsOf(tokens.access_token);
  setSession({
    token: tokens.access_token,
    principal: { id: String(claims.sub), roles: (claims.roles as string[]) ?? [], division: String(claims.division ?? '') },
    expiresAt: Date.now() + (tokens.expires_in ?? 3600) * 1000,
  });
  return pending.from && pending.from.startsWith('/') && !pending.from.startsWith('//') ? pending.from : '/';
}
