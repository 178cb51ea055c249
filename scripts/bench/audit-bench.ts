import 'reflect-metadata';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { verifyExportFile, writeExportFile } from '../../src/audit/audit-cli';
import { compareReadModel } from '../../src/audit/case-verification';
import { verifyChain } from '../../src/audit/chain-verification';
import { createCheckpoint } from '../../src/audit/checkpoint-store';
import { readEvents, readEventsOfCases, toCaseEvent } from '../../src/audit/case-events.repository';
import { fold, type CaseState } from '../../src/domain';
import { createDataSource } from '../../src/persistence/data-source';
import { readModel, seedCase } from '../../test/support/audit-driver';
import globalSetup from '../../test/support/global-setup';
import globalTeardown from '../../test/support/global-teardown';
import { stackInfo } from '../../test/support/stack-info';

// Audit benchmarks on the real stack (embedded PostgreSQL): verifying one case of 1,000 events,
// and exporting + verifying offline a subtree of 10,000 cases, each against a baseline measured in
// the same run (just reading the same rows). Prints numbers; asserts nothing.
//   npm run bench:audit            (BENCH_CASES=10000 BENCH_EVENTS_PER_CASE=5 BENCH_LONG_CASE=1000)

const LONG_CASE = Number(process.env.BENCH_LONG_CASE ?? 1000);
const CASES = Number(process.env.BENCH_CASES ?? 10_000);
const EVENTS_PER_CASE = Number(process.env.BENCH_EVENTS_PER_CASE ?? 5);
const REPEAT = 15;

async function median(work: () => Promise<unknown>, repeat = REPEAT): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const start = performance.now();
    await work();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

async function once(work: () => Promise<unknown>): Promise<number> {
  return median(work, 1);
}

const ms = (n: number) => `${n.toFixed(1).padStart(9)} ms`;
const row = (label: string, value: number, baseline?: number) =>
  process.stdout.write(`  ${label.padEnd(58)}${ms(value)}${baseline ? `   ×${(value / baseline).toFixed(2)} of baseline` : ''}\n`);

async function main(): Promise<void> {
  await globalSetup();
  const db = await createDataSource(stackInfo().databaseUrl, { poolSize: 10, applicationName: 'casework-bench' }).initialize();
  try {
    process.stdout.write(`\nOne case of ${LONG_CASE} events (median of ${REPEAT})\n`);
    const longCase = await seedCase(db, LONG_CASE - 1, { batch: 250 });
    const rows = await readEvents(db, longCase);
    const state: CaseState = await readModel(db, longCase);
    const read = await median(() => readEvents(db, longCase));
    row('baseline: read the events', read);
    row('chain: recompute every hash (rows in memory)', await median(() => Promise.resolve(verifyChain(longCase, rows))));
    row('fold: same evolve as the workflow (rows in memory)', await median(() => Promise.resolve(fold(rows.map(toCaseEvent)))));
    row(
      'verification without Temporal: read + chain + fold + compare',
      await median(async () => {
        const fresh = await readEvents(db, longCase);
        verifyChain(longCase, fresh);
        compareReadModel(state, fresh);
      }),
      read,
    );

    process.stdout.write(`\nSubtree of ${CASES} cases × ${EVENTS_PER_CASE} events\n`);
    const seedStart = performance.now();
    const ids: string[] = [];
    const workers = 8;
    await Promise.all(
      Array.from({ length: workers }, async (_, w) => {
        for (let i = w; i < CASES; i += workers) ids.push(await seedCase(db, EVENTS_PER_CASE - 1));
      }),
    );
    row(`seed through appendEvents (${workers} in parallel), not part of the comparison`, performance.now() - seedStart);
    const key = generateKeyPairSync('ed25519');
    const dir = mkdtempSync(join(tmpdir(), 'casework-bench-'));
    const checkpointFile = join(dir, 'checkpoint.json');
    row(
      'sign a checkpoint of every case',
      await once(async () => writeFileSync(checkpointFile, JSON.stringify(await createCheckpoint(db, key.privateKey)))),
    );

    const sorted = [...ids].sort();
    const readAll = await median(async () => {
      for (let i = 0; i < sorted.length; i += 500) await readEventsOfCases(db, sorted.slice(i, i + 500));
    }, 3);
    row('baseline: read every event of the subtree (same batches)', readAll);
    const exportFile = join(dir, 'export.ndjson');
    const division = '330106000000';
    const exportTime = await median(() => writeExportFile(db, { division, from: '1970-01-01T00:00:00Z', to: '2999-01-01T00:00:00Z' }, exportFile), 3);
    row(`export to JSON Lines (${(statSync(exportFile).size / 1e6).toFixed(1)} MB)`, exportTime, readAll);
    let valid = false;
    const verifyTime = await median(async () => {
      const report = await verifyExportFile(exportFile, checkpointFile, key.publicKey);
      valid = report.valid && report.cases >= CASES;
    }, 3);
    row(`offline verification of the file against the checkpoint (valid: ${valid})`, verifyTime, readAll);
  } finally {
    await db.destroy();
    await globalTeardown();
  }
}

main().catch((e: Error) => {
  process.stderr.write(`error: ${e.stack ?? e.message}\n`);
  process.exit(1);
});
