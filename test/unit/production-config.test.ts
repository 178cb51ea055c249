import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/config';

// Production mode (NODE_ENV=production): secrets from files, no development secret, no
// development or placeholder key. The same rules refuse the built API in production-smoke.test.ts.

const dir = mkdtempSync(join(tmpdir(), 'casework-config-'));
const key = () => randomBytes(32).toString('base64');
function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const production = (): NodeJS.ProcessEnv => ({
  NODE_ENV: 'production',
  DATABASE_URL_FILE: file('db', 'postgres://casework:pw@db:5432/casework\n'),
  TEMPORAL_ADDRESS: 'temporal:7233',
  AUTH_JWKS_URL: 'https://idp.example/jwks',
  AUTH_ISSUER: 'https://idp.example',
  PII_KEYS_FILE: file('pii', `p2026:${key()}\n`),
  PII_BLIND_INDEX_KEY_FILE: file('blind', key()),
  TEMPORAL_PAYLOAD_KEYS_FILE: file('payload', `t2026:${key()}`),
});

describe('production configuration', () => {
  it('reads every secret from its *_FILE, without the trailing newline', () => {
    const config = loadConfig(production());
    expect(config.production).toBe(true);
    expect(config.databaseUrl).toBe('postgres://casework:pw@db:5432/casework');
    expect(Object.keys(config.pii.keys)).toEqual(['p2026']);
    expect(config.pii.blindIndexKey).toHaveLength(32);
    expect(config.auth.devSecret).toBeNull();
  });

  it('refuses a secret given both as a variable and as a file', () => {
    expect(() => loadConfig({ ...production(), PII_KEYS: `p1:${key()}` })).toThrow('set PII_KEYS or PII_KEYS_FILE, not both');
  });

  it('refuses an empty secret file', () => {
    expect(() => loadConfig({ ...production(), PII_BLIND_INDEX_KEY_FILE: file('empty', '') })).toThrow('PII_BLIND_INDEX_KEY_FILE: ');
  });

  it('refuses the development token secret', () => {
    expect(() => loadConfig({ ...production(), AUTH_DEV_SECRET: 'secret' })).toThrow(
      /refusing to start in production: AUTH_DEV_SECRET must not be set/,
    );
  });

  it('refuses to run without the issuer named', () => {
    expect(() => loadConfig({ ...production(), AUTH_ISSUER: '' })).toThrow('AUTH_ISSUER is required in production');
  });

  it('refuses the development keys npm start generates (dev1, devp1)', () => {
    const env = {
      ...production(),
      PII_KEYS_FILE: file('dev-pii', `dev1:${key()}`),
      TEMPORAL_PAYLOAD_KEYS_FILE: file('dev-payload', `devp1:${key()}`),
    };
    expect(() => loadConfig(env)).toThrow('PII_KEYS: key dev1 is a development key; TEMPORAL_PAYLOAD_KEYS: key devp1 is a development key');
  });

  it('refuses a placeholder key of one repeated byte', () => {
    const zeros = Buffer.alloc(32).toString('base64');
    expect(() => loadConfig({ ...production(), PII_BLIND_INDEX_KEY_FILE: file('zero', zeros) })).toThrow('PII_BLIND_INDEX_KEY is a placeholder');
  });

  it('accepts development keys outside production mode', () => {
    const env = { ...production(), NODE_ENV: 'development', AUTH_DEV_SECRET: 'secret', PII_KEYS_FILE: file('dev-ok', `dev1:${key()}`) };
    expect(loadConfig(env).production).toBe(false);
  });
});
