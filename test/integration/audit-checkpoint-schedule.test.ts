import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseVerifyKey, verifyCheckpoint, type CheckpointDocument } from '../../src/audit/checkpoint-signing';
import { ensureCheckpointSchedule } from '../../src/temporal/checkpoint-schedule';
import { openCaseBody, VILLAGE } from '../support/builders';
import { startTestApp, type TestApp } from '../support/test-app';

// Periodic signed checkpoints: a Temporal schedule starts AuditCheckpointWorkflow, whose activity
// signs the head of every chain, stores it in case_checkpoints and writes a copy outside the database.

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const signingKey = privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64');
const dir = mkdtempSync(join(tmpdir(), 'casework-checkpoints-'));
const scheduleId = `audit-checkpoints-test-${randomUUID().slice(0, 8)}`;

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({
    config: { audit: { signingKey, publicKey: null, workflowBundlePath: null, checkpointEvery: '1h', checkpointDir: dir } },
  });
});
afterAll(async () => {
  await t.temporal.schedule
    .getHandle(scheduleId)
    .delete()
    .catch(() => undefined);
  await t.close();
});

it('signs a checkpoint on schedule, stores it and writes a verifiable copy outside the database', async () => {
  const caseworker = await t.token({ roles: ['caseworker'], division: VILLAGE });
  const opened = await t.http().post('/v1/cases').set('Authorization', `Bearer ${caseworker}`).send(openCaseBody());
  expect(opened.status).toBe(201);

  await ensureCheckpointSchedule(t.temporal, t.config.temporal.taskQueue, '1h', scheduleId);
  await ensureCheckpointSchedule(t.temporal, t.config.temporal.taskQueue, '2h', scheduleId); // idempotent: updates
  const described = await t.temporal.schedule.getHandle(scheduleId).describe();
  expect(described.spec.intervals?.[0].every).toBe(2 * 3_600_000);

  await t.temporal.schedule.getHandle(scheduleId).trigger();
  const started = Date.now();
  let files: string[] = [];
  while (Date.now() - started < 20_000 && files.length === 0) {
    files = readdirSync(dir).filter((f) => f.endsWith('.json'));
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(files).toHaveLength(1);
  const doc = JSON.parse(readFileSync(join(dir, files[0]), 'utf8')) as CheckpointDocument;
  expect(verifyCheckpoint(doc, parseVerifyKey(publicKey.export({ type: 'spki', format: 'pem' }).toString()))).toMatchObject({ valid: true });
  expect(doc.heads.map((h) => h.caseId)).toContain(opened.body.id);
  const stored: { checkpoint_id: string }[] = await t.db.query('SELECT checkpoint_id FROM case_checkpoints WHERE checkpoint_id = $1', [
    doc.checkpointId,
  ]);
  expect(stored).toHaveLength(1);
});
