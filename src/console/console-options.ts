import { join } from 'node:path';
import type { AppConfig } from '../config/config';
import { PROJECT_ROOT } from '../../scripts/stack/project-root';

// What the web console needs to know about the deployment, read once from the environment.

export interface ConsoleOptions {
  /** Folder of the built single-page application (index.html + assets/). */
  staticDir: string;
  /**
   * Development sign-in (pick a demo principal, get an HS256 token). Only when the API signs its own
   * development tokens and does not run in production mode; otherwise the endpoint does not exist.
   */
  devSignIn: boolean;
  /** Production sign-in: OpenID Connect authorization code + PKCE at this issuer, as this client. */
  oidc: { issuer: string; clientId: string; scope: string } | null;
}

export function consoleOptions(config: AppConfig, env: NodeJS.ProcessEnv = process.env): ConsoleOptions {
  const production = env.NODE_ENV === 'production' || !config.auth.devSecret;
  // The identity provider that issues the API's tokens, unless the console is told otherwise.
  const issuer = env.OIDC_ISSUER || (config.auth.jwksUrl ? config.auth.issuer : null);
  const clientId = env.OIDC_CLIENT_ID || null;
  return {
    staticDir: env.CONSOLE_DIR || defaultStaticDir(),
    devSignIn: !production && env.CONSOLE_DEV_SIGN_IN !== 'off',
    oidc: issuer && clientId ? { issuer, clientId, scope: env.OIDC_SCOPE || 'openid profile' } : null,
  };
}

/** `vite build` writes into dist/web (so the production image, which copies dist/, has it). */
function defaultStaticDir(): string {
  const dir = join(PROJECT_ROOT, 'dist', 'web');
  return dir;
}
