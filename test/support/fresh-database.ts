import { Client as PgClient } from 'pg';
import { importDivisions } from '../../src/divisions/division-import';
import { createDataSource } from '../../src/persistence/data-source';
import { stackInfo } from './stack-info';

// A database of a test file's own on the test stack's server (for tests that break or dump a
// whole database): created, migrated and given the 浙江 divisions; dropped afterwards.

export function databaseUrl(name: string): string {
  const url = new URL(stackInfo().adminDatabaseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function adminQuery(sql: string): Promise<void> {
  const client = new PgClient({ connectionString: stackInfo().adminDatabaseUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function createFreshDatabase(name: string, opts: { migrate?: boolean } = {}): Promise<string> {
  await adminQuery(`CREATE DATABASE "${name}"`);
  if (opts.migrate !== false) {
    const db = await createDataSource(databaseUrl(name), { poolSize: 2 }).initialize();
    try {
      await db.runMigrations({ transaction: 'each' });
      await importDivisions(db, ['33']);
    } finally {
      await db.destroy();
    }
  }
  return databaseUrl(name);
}

export function dropDatabase(name: string): Promise<void> {
  return adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}
