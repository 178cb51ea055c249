import { readFileSync } from 'node:fs';

// Production mode (NODE_ENV=production): secrets may come from files (`NAME_FILE`, as Docker and
// Kubernetes mount them), and the process refuses to start with a development secret or a
// missing or placeholder key. Thrown errors name the variable, never its value.

/** The secrets that may be given as `<NAME>_FILE` instead of `<NAME>`. */
export const FILE_SECRETS = [
  'DATABASE_URL',
  'AUTH_DEV_SECRET',
  'PII_KEYS',
  'PII_BLIND_INDEX_KEY',
  'TEMPORAL_PAYLOAD_KEYS',
  'AUDIT_SIGNING_KEY',
  'AUDIT_PUBLIC_KEY',
] as const;

export class SecretFileError extends Error {}

/** The environment with every `<NAME>_FILE` read into `<NAME>` (trailing newline dropped). */
export function withFileSecrets(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const resolved: NodeJS.ProcessEnv = { ...env };
  for (const name of FILE_SECRETS) {
    const file = env[`${name}_FILE`];
    if (!file) continue;
    if (env[name]) throw new SecretFileError(`set ${name} or ${name}_FILE, not both`);
    try {
      resolved[name] = readFileSync(file, 'utf8').replace(/\r?\n$/, '');
    } catch (e) {
      throw new SecretFileError(`${name}_FILE: cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    if (!resolved[name]) throw new SecretFileError(`${name}_FILE: ${file} is empty`);
  }
  return resolved;
}

export function isProduction(env: NodeJS.ProcessEnv): boolean {
  return env.NODE_ENV === 'production';
}

/** Key ids that `npm start` generates (dev1, devp1, …): never acceptable in production. */
const DEVELOPMENT_KEY_ID = /^dev/i;

/** A key of one repeated byte (all zeros, a copy-pasted placeholder) is no key. */
function isPlaceholder(key: Buffer): boolean {
  return key.every((b) => b === key[0]);
}

export interface ProductionInputs {
  devSecret: string | null;
  jwksUrl: string | null;
  issuer: string | undefined;
  keyRings: { name: string; keys: Record<string, Buffer> }[];
  singleKeys: { name: string; key: Buffer }[];
}

/** Every reason the configuration is not fit for production (empty: fit). */
export function productionProblems(p: ProductionInputs): string[] {
  const problems: string[] = [];
  if (p.devSecret) problems.push('AUTH_DEV_SECRET must not be set in production (tokens come from the identity provider)');
  if (!p.jwksUrl) problems.push('AUTH_JWKS_URL is required in production');
  if (!p.issuer) problems.push('AUTH_ISSUER is required in production');
  for (const ring of p.keyRings) {
    for (const [id, key] of Object.entries(ring.keys)) {
      if (DEVELOPMENT_KEY_ID.test(id)) problems.push(`${ring.name}: key ${id} is a development key`);
      else if (isPlaceholder(key)) problems.push(`${ring.name}: key ${id} is a placeholder (one repeated byte)`);
    }
  }
  for (const { name, key } of p.singleKeys) if (isPlaceholder(key)) problems.push(`${name} is a placeholder (one repeated byte)`);
  return problems;
}
