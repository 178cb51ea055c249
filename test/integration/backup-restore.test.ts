import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { pgTool } from '../../scripts/stack/pg-tools';
import { PROJECT_ROOT } from '../../scripts/stack/project-root';
import { checkpointAnchor, chainSummary, compareReadModel } from '../../src/audit/case-verification';
import { readEvents } from '../../src/audit/case-events.repository';
import { createCheckpoint } from '../../src/audit/checkpoint-store';
import { latestCheckpointFor } from '../../src/audit/checkpoints.repository';
import type { CheckpointDocument } from '../../src/audit/checkpoint-signing';
import { caseStateById } from '../../src/cases/cases.repository';
import { createDataSource } from '../../src/persistence/data-source';
import { caseIdsWithEvents } from '../../src/persistence/case-store.repository';
import { openCaseBody, TOWNSHIP, VILLAGE } from '../support/builders';
import { CaseDriver, person } from '../support/case-driver';
import { buildOnce, runCli } from '../support/processes';
import { createFreshDatabase, databaseUrl, dropDatabase } from '../support/fresh-database';
import { startTestApp, type TestApp } from '../support/test-app';

// docs/operations.md, "Backup and restore": pg_dump of the Casework database (custom format),
// pg_restore into a fresh database, and the restored log proven whole — every chain verifies,
// the signed checkpoint's heads match, the read model equals the fold — and the read model rebuilt
// from the event log by `npm run rebuild-read-model` (the built CLI, as operators run it).

const log = (line: string) => process.stderr.write(`[backup-test] ${line}\n`);
const suffix = `${Date.now()}_${process.pid}`;
const source = `casework_backup_${suffix}`;
const restored = `casework_restored_${suffix}`;
const dir = mkdtempSync(join(tmpdir(), 'casework-backup-'));
const key = generateKeyPairSync('ed25519');

async function serverMajor(db: DataSource): Promise<number> {
  const [{ server_version_num }] = await db.query<{ server_version_num: string }[]>('SHOW server_version_num');
  return Math.floor(Number(server_version_num) / 10000);
}

interface Proof {
  cases: number;
  chainsValid: number;
  checkpointsMatch: number;
  readModelEqualsFold: number;
  differing: string[];
}

/** Every case of the database: chain, checkpoint (signature and head), read model against the fold. */
async function prove(db: DataSource): Promise<Proof> {
  const proof: Proof = { cases: 0, chainsValid: 0, checkpointsMatch: 0, readModelEqualsFold: 0, differing: [] };
  for (const caseId of await caseIdsWithEvents(db)) {
    proof.cases++;
    const rows = await readEvents(db, caseId);
    const { anchor, report } = checkpointAnchor(caseId, await latestCheckpointFor(db, caseId), key.publicKey);
    if (report.checked && report.signatureValid && anchor) proof.checkpointsMatch++;
    if (chainSummary(caseId, rows, anchor).valid) proof.chainsValid++;
    const readModel = compareReadModel(await caseStateById(db, caseId), rows);
    if (readModel.equalsFold) proof.readModelEqualsFold++;
    else proof.differing.push(`${caseId}: ${readModel.differingFields.join(',')}`);
  }
  return proof;
}

async function tableCounts(db: DataSource): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of [
    'cases',
    'case_events',
    'subjects',
    'case_numbers',
    'case_checkpoints',
    'access_log',
    'idempotency_keys',
    'policies',
    'divisions',
  ]) {
    const [{ n }] = await db.query<{ n: string }[]>(`SELECT count(*) AS n FROM ${table}`);
    out[table] = Number(n);
  }
  return out;
}

let t: TestApp;
let checkpoint: CheckpointDocument;

beforeAll(async () => {
  await createFreshDatabase(source);
  t = await startTestApp({ config: { databaseUrl: databaseUrl(source) } });
  // Cases in several states: opened, noted, escalated and approved.
  const worker = await person(t, 'caseworker', VILLAGE);
  const head = await person(t, 'supervisor', TOWNSHIP);
  for (let i = 0; i < 3; i++) {
    const c = await new CaseDriver(t).open(worker, openCaseBody());
    await c.act(worker, 'notes', { text: `第${i}次走访` });
    if (i > 0) await c.escalate(worker, head);
  }
  checkpoint = await createCheckpoint(t.db, key.privateKey);
});

afterAll(async () => {
  await t?.close();
  for (const name of [source, restored]) await dropDatabase(name);
});

describe('backup and restore of the Casework database', () => {
  it('restores a pg_dump into a fresh database where every chain verifies, the checkpoint matches and the read model equals the fold', async () => {
    const major = await serverMajor(t.db);
    const dump = join(dir, 'casework.dump');
    // The documented commands: custom format, then restore into an empty database.
    execFileSync(pgTool('pg_dump', major, log), ['--format=custom', '--file', dump, databaseUrl(source)]);
    await createFreshDatabase(restored, { migrate: false });
    execFileSync(pgTool('pg_restore', major, log), ['--exit-on-error', '--no-owner', '--dbname', databaseUrl(restored), dump]);

    const copy = await createDataSource(databaseUrl(restored), { poolSize: 2 }).initialize();
    try {
      expect(await tableCounts(copy)).toEqual(await tableCounts(t.db));
      const proof = await prove(copy);
      expect(proof.cases).toBe(3);
      expect(checkpoint.heads).toHaveLength(3);
      expect(proof).toEqual({ cases: 3, chainsValid: 3, checkpointsMatch: 3, readModelEqualsFold: 3, differing: [] });
    } finally {
      await copy.destroy();
    }
  });

  it('rebuilds the read model from the event log with the rebuild-read-model command', async () => {
    const copy = await createDataSource(databaseUrl(restored), { poolSize: 2 }).initialize();
    try {
      const [first, second] = await caseIdsWithEvents(copy);
      // A damaged read model: one row rewritten, one lost.
      await copy.query(`UPDATE cases SET status = 'closed', state = jsonb_set(state, '{status}', '"closed"') WHERE case_id = $1`, [first]);
      await copy.query('DELETE FROM cases WHERE case_id = $1', [second]);
      const before = await prove(copy);
      expect(before.readModelEqualsFold).toBe(1);

      await buildOnce();
      const secretFile = join(dir, 'database-url');
      writeFileSync(secretFile, `${databaseUrl(restored)}\n`, { mode: 0o600 });
      const { code, output } = await runCli({ DATABASE_URL_FILE: secretFile }, ['rebuild-read-model']);
      expect({ code, output }).toEqual({ code: 0, output: expect.stringMatching(/read model rebuilt from the event log: 3 cases, \d+ events/) });

      expect(await prove(copy)).toEqual({ cases: 3, chainsValid: 3, checkpointsMatch: 3, readModelEqualsFold: 3, differing: [] });
    } finally {
      await copy.destroy();
    }
  });

  it('names the rebuild as an npm script operators run', () => {
    const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts['rebuild-read-model']).toMatch(/dist\/src\/cli\.js rebuild-read-model$/);
  });
});
