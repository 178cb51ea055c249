import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { PROJECT_ROOT } from '../../scripts/stack/project-root';

// The deployment files (issue 15) say what they run; these checks keep them honest: everything the
// compose file mounts or runs exists here, no secret is written into it, the services run as the
// unprivileged user with health checks, and the Node.js version is the same in the image, in CI and
// in package.json. (`docker-compose config`, kustomize and the schema validator run in CI:
// scripts/ops/validate-deploy.sh.)

interface ComposeService {
  image?: string;
  build?: string;
  command?: string[];
  entrypoint?: string[];
  user?: string;
  volumes?: string[];
  environment?: Record<string, string | number>;
  healthcheck?: { test: string[] };
  secrets?: string[];
}

const read = (path: string) => readFileSync(join(PROJECT_ROOT, path), 'utf8');
const compose = parse(read('docker-compose.yml'), { merge: true }) as {
  services: Record<string, ComposeService>;
  secrets: Record<string, { file: string }>;
};
const services = compose.services;

describe('docker-compose.yml', () => {
  it('mounts only files and folders that exist in the repository', () => {
    const sources = Object.values(services)
      .flatMap((s) => s.volumes ?? [])
      .map((v) => v.split(':')[0])
      .filter((src) => src.startsWith('./'));
    expect(sources.length).toBeGreaterThan(3);
    expect(sources.filter((src) => !existsSync(join(PROJECT_ROOT, src)))).toEqual([]);
    const scripts = Object.values(services)
      .flatMap((s) => s.entrypoint ?? [])
      .filter((a) => a.startsWith('/casework/'));
    expect(scripts.filter((script) => !existsSync(join(PROJECT_ROOT, 'deploy/compose/temporal', script.slice('/casework/'.length))))).toEqual([]);
  });

  it('runs only commands the CLI has, and the search attributes from the workflow contract', () => {
    const cli = read('src/cli.ts');
    const commands = Object.values(services)
      .filter((s) => s.command?.[1] === 'dist/src/cli.js')
      .map((s) => s.command![2]);
    expect(commands.sort()).toEqual(['migrate', 'temporal:search-attributes']);
    for (const command of commands) expect(cli).toContain(`case '${command}':`);
    expect(read('src/ops/search-attributes.ts')).toContain('CASE_SEARCH_ATTRIBUTES');
  });

  it('runs Temporal from the server image with its schema set up by temporal-sql-tool, not auto-setup', () => {
    expect(Object.values(services).filter((s) => s.image?.includes('auto-setup'))).toEqual([]);
    expect(services.temporal.image).toMatch(/^temporalio\/server:/);
    expect(read('deploy/compose/temporal/setup-schema.sh')).toMatch(/temporal-sql-tool .* update-schema/);
  });

  it('keeps the Casework and Temporal databases on separate servers', () => {
    expect(services.temporal.environment?.POSTGRES_SEEDS).toBe('temporal-db');
    expect(String(services.api.environment?.DATABASE_URL_FILE)).toMatch(/^\/run\/secrets\//);
    expect(read('scripts/ops/generate-secrets.sh')).toContain('@casework-db:5432/casework');
  });

  it('writes no secret into the file: secrets are files or variables', () => {
    const secretish = /(PASSWORD|SECRET|_KEY|_KEYS)$/;
    const literal = Object.entries(services).flatMap(([name, s]) =>
      Object.entries(s.environment ?? {})
        .filter(([k, v]) => secretish.test(k) && !/^\$\{[A-Z_]+(:[?-][^}]*)?\}$/.test(String(v)))
        .map(([k]) => `${name}.${k}`),
    );
    expect(literal).toEqual([]);
    expect(Object.values(compose.secrets).filter((s) => !s.file.startsWith('${CASEWORK_SECRETS'))).toEqual([]);
    expect(read('.dockerignore').split('\n')).toEqual(expect.arrayContaining(['secrets', '.env', '.data']));
  });

  it('builds the API and the worker from the Dockerfile, as the unprivileged user, each with a health check', () => {
    for (const name of ['api', 'worker']) {
      expect({ name, build: services[name].build, user: services[name].user }).toEqual({ name, build: '.', user: '1000:1000' });
      expect(services[name].healthcheck?.test.join(' ')).toMatch(name === 'api' ? /\/health\/ready/ : /:9464\/metrics/);
      expect(services[name].environment?.NODE_ENV).toBe('production');
    }
    expect(read('Dockerfile')).toMatch(/^USER node$/m);
  });
});

describe('the Node.js runtime', () => {
  it('is one LTS major in the Dockerfile, in CI and in package.json engines', () => {
    const image = [...read('Dockerfile').matchAll(/^FROM node:(\d+)-/gm)].map((m) => Number(m[1]));
    const ci = Number(/^NODE_VERSION=(\d+)\./m.exec(read('.ci/run'))?.[1]);
    const engines = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node;
    expect(image).toEqual([ci, ci]);
    expect([22, 24]).toContain(ci);
    expect(engines).toBe(`^${ci}.0.0`);
  });
});
