import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { TokenService } from './auth/token.service';
import { isDivisionCode, ROLES, type Role } from './domain';
import { AUDIT_USAGE, runAuditCommand } from './audit/audit-cli';
import { importDivisions } from './divisions/division-import';
import { createDataSource } from './persistence/data-source';
import { withFileSecrets } from './config/production';
import { rebuildReadModel } from './persistence/read-model-rebuild';
import { registerSearchAttributes } from './ops/search-attributes';
import { loadConfig } from './config/config';
import { LocalKeyProvider } from './keys/key-provider';
import { keyStatus, rewrapCaseKeys } from './subjects/key-rotation';

// Operator commands: migrate, import-divisions, token.

const USAGE = `usage:
  cli migrate
  cli rebuild-read-model
  cli temporal:search-attributes
  cli import-divisions (--provinces 33,42 | --all)
  cli token --sub <id> --role <role> [--role <role>] --division <12-digit code> [--ttl <seconds>]
${AUDIT_USAGE}
  cli keys:rewrap [--batch <n>] [--from <kek id>,…]   rewrap every case's data key under the current CASE_KEYS key
  cli keys:status                                     live data keys per key-encryption key, and the latest rewrap runs`;

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

async function withDb<T>(work: (db: ReturnType<typeof createDataSource>) => Promise<T>): Promise<T> {
  // DATABASE_URL, or DATABASE_URL_FILE (a mounted secret).
  const url = withFileSecrets(process.env).DATABASE_URL ?? fail('DATABASE_URL is not set');
  const db = await createDataSource(url, { poolSize: 2, applicationName: 'casework-cli' }).initialize();
  try {
    return await work(db);
  } finally {
    await db.destroy();
  }
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'migrate': {
      const ran = await withDb((db) => db.runMigrations({ transaction: 'each' }));
      process.stdout.write(`migrations applied: ${ran.length ? ran.map((m) => m.name).join(', ') : 'none (up to date)'}\n`);
      return;
    }
    case 'rebuild-read-model': {
      const result = await withDb((db) => rebuildReadModel(db));
      process.stdout.write(`read model rebuilt from the event log: ${result.cases} cases, ${result.events} events in ${result.ms} ms\n`);
      return;
    }
    case 'temporal:search-attributes': {
      const address = process.env.TEMPORAL_ADDRESS ?? fail('TEMPORAL_ADDRESS is not set');
      const namespace = process.env.TEMPORAL_NAMESPACE || 'default';
      const { added, present } = await registerSearchAttributes(address, namespace);
      process.stdout.write(`search attributes in ${namespace}: added [${added.join(', ')}], already present [${present.join(', ')}]\n`);
      return;
    }
    case 'import-divisions': {
      const { values } = parseArgs({ args: rest, options: { provinces: { type: 'string' }, all: { type: 'boolean' } } });
      const provinces = values.all ? 'all' : (values.provinces?.split(',').map((p) => p.trim()) ?? fail('give --provinces or --all'));
      if (provinces !== 'all' && !provinces.every((p) => /^\d{2}$/.test(p))) fail('--provinces takes 2-digit codes, e.g. 33,42');
      const result = await withDb((db) => importDivisions(db, provinces));
      process.stdout.write(`stored ${result.rows} divisions (${result.read} rows read) in ${result.ms} ms\n`);
      return;
    }
    case 'token': {
      const { values } = parseArgs({
        args: rest,
        options: { sub: { type: 'string' }, role: { type: 'string', multiple: true }, division: { type: 'string' }, ttl: { type: 'string' } },
      });
      const roles = values.role ?? fail('--role is required');
      if (!roles.every((r) => (ROLES as readonly string[]).includes(r))) fail(`--role must be one of ${ROLES.join(', ')}`);
      if (!values.division || !isDivisionCode(values.division)) fail('--division must be a 12-digit division code');
      if (!values.sub) fail('--sub is required');
      const secret = process.env.AUTH_DEV_SECRET ?? fail('AUTH_DEV_SECRET is not set (run through `npm run -s token`, which reads .data/dev.env)');
      const tokens = new TokenService({
        devSecret: secret,
        jwksUrl: null,
        issuer: process.env.AUTH_ISSUER ?? 'casework-dev',
        audience: process.env.AUTH_AUDIENCE ?? 'casework',
        clockToleranceSeconds: 30,
      });
      const token = await tokens.sign({ id: values.sub, roles: roles as Role[], division: values.division }, Number(values.ttl ?? 12 * 3600));
      process.stdout.write(`${token}\n`);
      return;
    }
    case 'keys:rewrap': {
      const { values } = parseArgs({ args: rest, options: { batch: { type: 'string' }, from: { type: 'string' } } });
      const provider = new LocalKeyProvider(loadConfig().caseKeys);
      const batchSize = Number(values.batch ?? 200);
      if (!Number.isInteger(batchSize) || batchSize < 1) fail('--batch must be a whole number ≥ 1');
      const done = await withDb((db) =>
        rewrapCaseKeys(db, provider, {
          batchSize,
          ...(values.from ? { fromKekIds: values.from.split(',').map((k) => k.trim()) } : {}),
          onBatch: (p) => void process.stderr.write(`rewrapped ${p.rewrapped}, failed ${p.failed}, remaining ${p.remaining}\n`),
        }),
      );
      process.stdout.write(`${JSON.stringify({ ...done, target: provider.currentKeyId })}\n`);
      process.exitCode = done.failed > 0 ? 1 : 0;
      return;
    }
    case 'keys:status':
      process.stdout.write(`${JSON.stringify(await withDb((db) => keyStatus(db)), null, 2)}\n`);
      return;
    case 'audit:checkpoint':
    case 'audit:export':
    case 'audit:verify-export':
      process.exitCode = await runAuditCommand(command, rest, { withDb, fail });
      return;
    default:
      fail(command ? `unknown command ${command}` : 'no command');
  }
}

main(process.argv.slice(2)).catch((e: Error) => {
  process.stderr.write(`error: ${e.message}\n`);
  process.exit(1);
});
