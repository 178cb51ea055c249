import { readFileSync } from 'node:fs';
import { Client as PgClient } from 'pg';
import type { TestStackInfo } from './stack-info';

export default async function globalTeardown(): Promise<void> {
  const infoPath = process.env.CASEWORK_TEST_STACK;
  if (infoPath) {
    const info = JSON.parse(readFileSync(infoPath, 'utf8')) as TestStackInfo;
    const admin = new PgClient({ connectionString: info.adminDatabaseUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${info.databaseName}" WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
  await globalThis.__CASEWORK_STACK__?.stop();
}
