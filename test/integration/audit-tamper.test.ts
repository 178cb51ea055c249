import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client as PgClient } from 'pg';
import { writeExportFile, verifyExportFile } from '../../src/audit/audit-cli';
import { parseSigningKey, parseVerifyKey, type CheckpointDocument } from '../../src/audit/checkpoint-signing';
import { createCheckpoint } from '../../src/audit/checkpoint-store';
import { eventHash } from '../../src/persistence/event-chain';
import { countyAuditor, seedCase, tamperSession } from '../support/audit-driver';
import { stackInfo } from '../support/stack-info';
import { startTestApp, type TestApp } from '../support/test-app';

// Issue 5: whoever rewrites case_events behind the application's back is caught — by the chain
// at the first seq they touched, or, if they recomputed the chain, by the signed checkpoint.
// Every case here is seeded by this file; other files' cases are never touched.

const keys = generateKeyPairSync('ed25519');
const signingKey = keys.privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64');
const dir = mkdtempSync(join(tmpdir(), 'casework-audit-'));
const checkpointFile = join(dir, 'checkpoint.json');

let t: TestApp;
let auditor: string;
let pg: PgClient;
let checkpoint: CheckpointDocument;
const cases: Record<string, string> = {};
const SCENARIOS = ['intact', 'updated', 'deleted', 'inserted', 'swapped', 'truncated', 'recomputed'] as const;
const EVENTS = 10; // CaseOpened + 9 notes

beforeAll(async () => {
  t = await startTestApp({ worker: false, config: { audit: { signingKey, publicKey: null, workflowBundlePath: stackInfo().workflowBundlePath } } });
  auditor = await t.token({ id: countyAuditor.id, roles: ['auditor'], division: countyAuditor.division });
  for (const s of SCENARIOS) cases[s] = await seedCase(t.db, EVENTS - 1);
  checkpoint = await createCheckpoint(t.db, parseSigningKey(signingKey));
  writeFileSync(checkpointFile, JSON.stringify(checkpoint));
  pg = await tamperSession();
  await tamper();
});
afterAll(async () => {
  await pg?.end();
  await t?.close();
});

interface StoredRow {
  case_id: string;
  seq: number;
  type: string;
  data: unknown;
  actor: string;
  occurred_at: Date;
  policy_version: string;
  prev_hash: string;
  hash: string;
}

async function rows(caseId: string): Promise<StoredRow[]> {
  return (await pg.query('SELECT * FROM case_events WHERE case_id = $1 ORDER BY seq', [caseId])).rows;
}

const hashOf = (prev: string, r: StoredRow, data: unknown = r.data) =>
  eventHash(prev, {
    caseId: r.case_id,
    seq: r.seq,
    type: r.type,
    data,
    actor: r.actor,
    occurredAt: r.occurred_at.toISOString(),
    policyVersion: r.policy_version,
  });

async function tamper(): Promise<void> {
  // Update: seq 4's note says something else.
  await pg.query(`UPDATE case_events SET data = '{"text":"nothing happened"}' WHERE case_id = $1 AND seq = 4`, [cases.updated]);
  // Delete: seq 6 disappears.
  await pg.query('DELETE FROM case_events WHERE case_id = $1 AND seq = 6', [cases.deleted]);
  // Insert: a forged event after seq 5 with a correct hash; later rows move up one seq.
  {
    const id = cases.inserted;
    await pg.query('UPDATE case_events SET seq = seq + 100000 WHERE case_id = $1 AND seq > 5', [id]);
    await pg.query('UPDATE case_events SET seq = seq - 99999 WHERE case_id = $1 AND seq > 100000', [id]);
    const [, , , , fifth] = await rows(id);
    const forged: StoredRow = { ...fifth, seq: 6, data: { text: 'forged' }, prev_hash: fifth.hash, hash: '' };
    forged.hash = hashOf(fifth.hash, forged);
    await pg.query(
      `INSERT INTO case_events (case_id, seq, type, data, actor, occurred_at, policy_version, prev_hash, hash) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
      [id, 6, forged.type, JSON.stringify(forged.data), forged.actor, forged.occurred_at, forged.policy_version, forged.prev_hash, forged.hash],
    );
  }
  // Swap: rows 3 and 7 trade places (seq numbers exchanged, everything else kept).
  for (const [from, to] of [
    [3, 100003],
    [7, 3],
    [100003, 7],
  ]) {
    await pg.query('UPDATE case_events SET seq = $3 WHERE case_id = $1 AND seq = $2', [cases.swapped, from, to]);
  }
  // Truncate the tail: the last three events vanish; what is left is a perfect chain.
  await pg.query('DELETE FROM case_events WHERE case_id = $1 AND seq > 7', [cases.truncated]);
  // Recompute: seq 2 is edited and every hash from there on recomputed — without the signing key.
  {
    const all = await rows(cases.recomputed);
    let prev = all[1].prev_hash;
    for (const r of all.slice(1)) {
      const data = r.seq === 2 ? { text: 'rewritten history' } : r.data;
      const hash = hashOf(prev, r, data);
      await pg.query('UPDATE case_events SET data = $3, prev_hash = $4, hash = $5 WHERE case_id = $1 AND seq = $2', [
        r.case_id,
        r.seq,
        JSON.stringify(data),
        prev,
        hash,
      ]);
      prev = hash;
    }
  }
}

async function verification(caseId: string) {
  const res = await t.http().get(`/v1/cases/${caseId}/verification`).set('Authorization', `Bearer ${auditor}`);
  expect(res.status).toBe(200);
  return res.body;
}

async function offline(caseId: string) {
  const file = join(dir, `${caseId}.ndjson`);
  await writeExportFile(t.db, { case: caseId }, file);
  return verifyExportFile(file, checkpointFile, parseVerifyKey(signingKey));
}

const expected: Record<(typeof SCENARIOS)[number], { firstBadSeq: number | null; fault: string | null }> = {
  intact: { firstBadSeq: null, fault: null },
  updated: { firstBadSeq: 4, fault: 'hash_mismatch' },
  deleted: { firstBadSeq: 6, fault: 'missing_seq' },
  // The forged row itself hashes correctly; the chain breaks where the next row still points at seq 5.
  inserted: { firstBadSeq: 7, fault: 'prev_hash_mismatch' },
  swapped: { firstBadSeq: 3, fault: 'prev_hash_mismatch' },
  truncated: { firstBadSeq: 8, fault: 'missing_after_checkpoint' },
  recomputed: { firstBadSeq: EVENTS, fault: 'checkpoint_mismatch' },
};

describe('tampering with case_events is detected', () => {
  it.each(SCENARIOS)('%s: the verification endpoint names the first bad seq', async (scenario) => {
    const report = await verification(cases[scenario]);
    expect(report.chain).toMatchObject({ valid: scenario === 'intact', ...expected[scenario] });
    expect(report.checkpoint).toMatchObject({ checked: true, checkpointId: checkpoint.checkpointId, signatureValid: true, seq: EVENTS });
    // The read model keeps the untampered state; it differs from the fold where the state changed
    // (edited note texts leave the state as it was: there the chain is the only witness).
    expect(report.readModel.equalsFold).toBe(!['deleted', 'inserted', 'truncated'].includes(scenario));
    // Seeded without a workflow: Temporal has nothing to replay, and says so.
    expect(report.temporal).toMatchObject({ checked: false, replays: null });
  });

  it.each(SCENARIOS)('%s: the offline check of an export against the checkpoint file agrees', async (scenario) => {
    const report = await offline(cases[scenario]);
    expect(report.checkpoint.signatureValid).toBe(true);
    expect(report.valid).toBe(scenario === 'intact');
    const { firstBadSeq, fault } = expected[scenario];
    expect(report.firstBad).toEqual(firstBadSeq === null ? null : { caseId: cases[scenario], seq: firstBadSeq, fault });
  });

  it('a recomputed chain passes the chain check alone — only the signed checkpoint catches it', async () => {
    const report = await verification(cases.recomputed);
    expect(report.chain.head).toEqual({
      seq: EVENTS,
      hash: expect.not.stringMatching(checkpoint.heads.find((h) => h.caseId === cases.recomputed)!.hash),
    });
    const { ChainVerifier } = await import('../../src/audit/chain-verification');
    const { readEvents } = await import('../../src/audit/case-events.repository');
    const unanchored = new ChainVerifier(cases.recomputed, null);
    for (const r of await readEvents(t.db, cases.recomputed)) unanchored.push(r);
    expect(unanchored.finish()).toMatchObject({ valid: true, firstBadSeq: null });
  });

  it('an edited export line is caught offline at its case and seq', async () => {
    const file = join(dir, 'intact-edited.ndjson');
    await writeExportFile(t.db, { case: cases.intact }, file);
    const lines = readFileSync(file, 'utf8').split('\n');
    const at = lines.findIndex((l) => l.includes('"seq":5,'));
    // The note is ciphertext in the export: one changed character of it breaks the hash.
    const edited = lines[at].replace(/"text":"enc:1:(.)/, (_m, c: string) => `"text":"enc:1:${c === 'A' ? 'B' : 'A'}`);
    expect(edited).not.toBe(lines[at]);
    lines[at] = edited;
    writeFileSync(file, lines.join('\n'));
    const report = await verifyExportFile(file, checkpointFile, parseVerifyKey(signingKey));
    expect(report.firstBad).toEqual({ caseId: cases.intact, seq: 5, fault: 'hash_mismatch' });
  });

  it('a checkpoint file re-signed with another key, or with altered heads, is refused', async () => {
    const file = join(dir, 'intact.ndjson');
    await writeExportFile(t.db, { case: cases.intact }, file);
    const other = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    const wrongKey = await verifyExportFile(file, checkpointFile, parseVerifyKey(other));
    expect(wrongKey).toMatchObject({ valid: false, checkpoint: { signatureValid: false, reason: 'bad_signature' } });

    const altered: CheckpointDocument = JSON.parse(readFileSync(checkpointFile, 'utf8'));
    altered.heads = altered.heads.map((h) => (h.caseId === cases.recomputed ? { ...h, hash: 'f'.repeat(64) } : h));
    const alteredFile = join(dir, 'altered-checkpoint.json');
    writeFileSync(alteredFile, JSON.stringify(altered));
    const report = await verifyExportFile(file, alteredFile, parseVerifyKey(signingKey));
    expect(report).toMatchObject({ valid: false, checkpoint: { signatureValid: false, reason: 'heads_digest_mismatch' } });
  });
});
