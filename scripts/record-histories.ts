import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toHistoryFixture } from '../src/audit/history-fixture';
import { CASE_KINDS } from '../src/domain';
import { caseWorkflowId } from '../workflows/case.messages';
import { command, firstSteps, openCase } from '../test/support/audit-driver';
import globalSetup from '../test/support/global-setup';
import globalTeardown from '../test/support/global-teardown';
import { startTestApp } from '../test/support/test-app';
import { PROJECT_ROOT } from './stack/project-root';

// Records one Temporal history per case kind into test/fixtures/histories/, on the real stack
// (embedded PostgreSQL, Temporal dev server, today's workflow code). The replay test then checks
// every later workflow change against them: `npm run histories:record` after a deliberate,
// patched change, never to paper over a replay failure.

const FIXTURES = join(PROJECT_ROOT, 'test', 'fixtures', 'histories');
/** Payloads are encrypted like in production, with a fixture-only key kept next to the histories. */
const KEY_FILE = join(FIXTURES, 'payload-key.json');

export interface FixturePayloadKey {
  keyId: string;
  key: string;
}

function fixtureKey(): FixturePayloadKey {
  if (existsSync(KEY_FILE)) return JSON.parse(readFileSync(KEY_FILE, 'utf8')) as FixturePayloadKey;
  const created = { keyId: 'fixture1', key: randomBytes(32).toString('base64') };
  writeFileSync(KEY_FILE, `${JSON.stringify(created, null, 2)}\n`);
  return created;
}

async function main(): Promise<void> {
  mkdirSync(FIXTURES, { recursive: true });
  const { keyId, key } = fixtureKey();
  await globalSetup();
  const t = await startTestApp({ config: { payloadCodec: { keys: { [keyId]: Buffer.from(key, 'base64') }, activeKeyId: keyId, uiOrigin: null } } });
  try {
    for (const kind of CASE_KINDS) {
      const caseId = await openCase(t, kind);
      for (const step of firstSteps(kind)) await command(t.temporal, caseId, step.command, step.actor);
      const history = await t.temporal.workflow.getHandle(caseWorkflowId(caseId)).fetchHistory();
      const file = join(FIXTURES, `${kind}.json`);
      writeFileSync(file, `${JSON.stringify(toHistoryFixture(kind, history, new Date().toISOString()), null, 2)}\n`);
      process.stdout.write(`${kind}: ${history.events?.length ?? 0} history events → ${file}\n`);
    }
  } finally {
    await t.close();
    await globalTeardown();
  }
}

main().catch((e: Error) => {
  process.stderr.write(`error: ${e.stack ?? e.message}\n`);
  process.exit(1);
});
