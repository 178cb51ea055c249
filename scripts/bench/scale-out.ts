import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { verifyChain } from '../../src/audit/chain-verification';
import { compareReadModel } from '../../src/audit/case-verification';
import { readEvents } from '../../src/audit/case-events.repository';
import { caseStateById } from '../../src/cases/cases.repository';
import { createDataSource } from '../../src/persistence/data-source';
import { openCaseBody, VILLAGE } from '../../test/support/builders';
import globalSetup from '../../test/support/global-setup';
import globalTeardown from '../../test/support/global-teardown';
import { buildOnce, startService, waitForHttp, type Service } from '../../test/support/processes';
import { stackInfo } from '../../test/support/stack-info';
import { startTestIssuer } from '../../test/support/test-issuer';
import { freePort } from '../stack/stack';

// Scale-out, shown: the built API and worker as separate production-mode processes against one
// Temporal server and one PostgreSQL. Phase 1: 1 API + 1 worker. Phase 2, in the same run: 2 APIs +
// 2 workers under the same load, one API and one worker killed (SIGKILL) halfway. Clients retry
// with the same Idempotency-Key on another API until answered; afterwards every acknowledged case
// and note is looked up: nothing lost, nothing applied twice, every chain valid, every read model
// equal to the fold. Prints the throughput of both phases.
//   npm run bench:scale-out        (BENCH_SECONDS=30 BENCH_CLIENTS=8 to change the load)

const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 8);
const dir = mkdtempSync(join(tmpdir(), 'casework-scale-'));
const b64 = () => randomBytes(32).toString('base64');

interface PhaseResult {
  name: string;
  ops: number;
  opsPerSecond: number;
  p50: number;
  p95: number;
  retries: number;
  acknowledged: { caseId: string; notes: number }[];
  /** Resident memory of each surviving worker at the end of the phase. */
  workerRssMb: number[];
  /** … and at its start, warmed up, before the load. */
  workerRssBeforeMb: number[];
}

function residentMb(pid: number | undefined): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) / 1024;
}

function file(name: string, value: string): string {
  const path = join(dir, name);
  writeFileSync(path, value, { mode: 0o600 });
  return path;
}

async function main(): Promise<void> {
  await globalSetup();
  await buildOnce();
  const issuer = await startTestIssuer();
  const info = stackInfo();
  const env = {
    NODE_ENV: 'production',
    DATABASE_URL_FILE: file('db', info.databaseUrl),
    PII_KEYS_FILE: file('pii', `p1:${b64()}`),
    PII_BLIND_INDEX_KEY_FILE: file('blind', b64()),
    TEMPORAL_PAYLOAD_KEYS_FILE: file('payload', `t1:${b64()}`),
    AUTH_JWKS_URL: issuer.jwksUrl,
    AUTH_ISSUER: issuer.issuer,
    TEMPORAL_ADDRESS: info.temporalAddress,
  };
  const token = await issuer.token({ id: 'bench-cw', roles: ['caseworker'], division: VILLAGE });
  const results: PhaseResult[] = [];
  try {
    results.push(await phase('1 API + 1 worker', 1, 1, false));
    results.push(await phase('2 APIs + 2 workers', 2, 2, false));
    results.push(await phase('2 APIs + 2 workers, one of each killed halfway', 2, 2, true));
  } finally {
    await issuer.close();
  }

  async function phase(name: string, apiCount: number, workerCount: number, kill: boolean): Promise<PhaseResult> {
    const taskQueue = `scale-${randomBytes(4).toString('hex')}`;
    const workers: Service[] = [];
    const apis: { service: Service; url: string }[] = [];
    for (let i = 0; i < workerCount; i++)
      workers.push(
        startService(`worker-${i}`, 'src/worker.js', {
          ...env,
          TEMPORAL_TASK_QUEUE: taskQueue,
          WORKER_METRICS_ADDRESS: `127.0.0.1:${await freePort()}`,
        }),
      );
    for (let i = 0; i < apiCount; i++) {
      const port = await freePort();
      apis.push({
        service: startService(`api-${i}`, 'src/main.js', { ...env, TEMPORAL_TASK_QUEUE: taskQueue, PORT: String(port) }),
        url: `http://127.0.0.1:${port}`,
      });
    }
    await Promise.all(apis.map((a) => waitForHttp(`${a.url}/health/ready`, a.service)));
    // Workers are ready once they have bundled the workflows and poll: one case opened through each API.
    let next = 0;
    let retries = 0;
    const live = () => apis.filter((a) => a.service.child.exitCode === null && a.service.child.signalCode === null);
    async function send(method: string, path: string, body: object, key: string, ifMatch?: number): Promise<Record<string, unknown>> {
      for (let attempt = 0; ; attempt++) {
        const candidates = live();
        const api = candidates[next++ % candidates.length];
        try {
          const res = await fetch(`${api.url}${path}`, {
            method,
            headers: {
              authorization: `Bearer ${token}`,
              'content-type': 'application/json',
              'idempotency-key': key,
              ...(ifMatch ? { 'if-match': `"${ifMatch}"` } : {}),
            },
            body: JSON.stringify(body),
          });
          if (res.status === 200 || res.status === 201) return (await res.json()) as Record<string, unknown>;
          if (res.status !== 202 && res.status !== 503 && res.status !== 502)
            throw new Error(`${method} ${path}: HTTP ${res.status} ${await res.text()}`);
        } catch (e) {
          if ((e as Error).message.startsWith(`${method} ${path}`)) throw e;
        }
        retries++;
        if (attempt > 120) throw new Error(`${method} ${path}: no answer after ${attempt} attempts`);
        await new Promise((r) => setTimeout(r, 250));
      }
    }
    const warm = await send('POST', '/v1/cases', openCaseBody(), `warm-${taskQueue}`);
    await new Promise((r) => setTimeout(r, 3000)); // every worker has bundled its workflows and polls
    const rssBefore = workers.map((w) => residentMb(w.child.pid));
    retries = 0;
    const acknowledged: { caseId: string; notes: number }[] = [{ caseId: warm.id as string, notes: 0 }];
    const times: number[] = [];
    const deadline = Date.now() + SECONDS * 1000;
    let killed = false;
    const killer = kill
      ? setTimeout(
          () => {
            killed = true;
            workers[0].child.kill('SIGKILL');
            apis[0].service.child.kill('SIGKILL');
            process.stdout.write(`  killed ${workers[0].name} and ${apis[0].service.name} (SIGKILL) at ${SECONDS / 2} s\n`);
          },
          (SECONDS * 1000) / 2,
        )
      : null;
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, client) => {
        for (let i = 0; Date.now() < deadline; i++) {
          const started = performance.now();
          const opened = await send('POST', '/v1/cases', openCaseBody(), `open-${taskQueue}-${client}-${i}`);
          const entry = { caseId: opened.id as string, notes: 0 };
          acknowledged.push(entry);
          await send('POST', `/v1/cases/${entry.caseId}/notes`, { text: '走访记录' }, `note-${taskQueue}-${client}-${i}`, opened.version as number);
          entry.notes++;
          times.push(performance.now() - started);
        }
      }),
    );
    if (killer) clearTimeout(killer);
    if (kill && !killed) throw new Error('the phase ended before the kill');
    // Sizing: the memory of a worker holding this phase's cases in its workflow cache.
    const rss = workers.filter((w) => w.child.exitCode === null && w.child.signalCode === null).map((w) => residentMb(w.child.pid));
    await Promise.all([...apis.map((a) => a.service.stop()), ...workers.map((w) => w.stop())]);
    const sorted = [...times].sort((a, b) => a - b);
    const ops = times.length * 2;
    return {
      name,
      ops,
      opsPerSecond: ops / SECONDS,
      p50: sorted[Math.floor(sorted.length / 2)],
      p95: sorted[Math.floor(sorted.length * 0.95)],
      retries,
      acknowledged,
      workerRssMb: rss,
      workerRssBeforeMb: rssBefore,
    };
  }

  // Nothing lost, nothing twice: every acknowledged case and note, looked up in the event log.
  const db = await createDataSource(info.databaseUrl, { poolSize: 4 }).initialize();
  try {
    for (const r of results) {
      let lost = 0;
      let doubled = 0;
      let badChains = 0;
      let readModelDiffers = 0;
      for (const { caseId, notes } of r.acknowledged) {
        const rows = await readEvents(db, caseId);
        const stored = rows.filter((e) => e.type === 'NoteAdded').length;
        if (!rows.length || stored < notes) lost++;
        if (stored > notes || rows.filter((e) => e.type === 'CaseOpened').length > 1) doubled++;
        if (!verifyChain(caseId, rows).valid) badChains++;
        const readModel = compareReadModel(await caseStateById(db, caseId), rows);
        if (!readModel.equalsFold) {
          readModelDiffers++;
          process.stdout.write(
            `  case ${caseId}: read model v${readModel.readModelVersion} ≠ fold v${readModel.foldVersion} (${readModel.differingFields.join(', ')})\n`,
          );
        }
      }
      process.stdout.write(
        `${r.name}: ${r.ops} operations in ${SECONDS} s = ${r.opsPerSecond.toFixed(1)} ops/s (open + note p50 ${r.p50.toFixed(0)} ms, p95 ${r.p95.toFixed(0)} ms), ` +
          `${r.retries} retries; ${r.acknowledged.length} cases acknowledged: ${lost} lost, ${doubled} applied twice, ${badChains} broken chains, ${readModelDiffers} read models unlike the fold; ` +
          `worker RSS ${r.workerRssBeforeMb.map((m) => m.toFixed(0)).join(' + ')} MB before the load, ${r.workerRssMb.map((m) => m.toFixed(0)).join(' + ')} MB after\n`,
      );
      if (lost || doubled || badChains || readModelDiffers) process.exitCode = 1;
    }
    const [one, two, killed] = results;
    const ratio = (r: PhaseResult) => (r.opsPerSecond / one.opsPerSecond).toFixed(2);
    process.stdout.write(
      `against 1 + 1: 2 + 2 ${ratio(two)}×, 2 + 2 with the kill ${ratio(killed)}× the throughput, on this ${cpus().length}-core machine\n`,
    );
  } finally {
    await db.destroy();
    await globalTeardown();
  }
}

main().catch((e: Error) => {
  process.stderr.write(`${e.stack ?? e.message}\n`);
  process.exit(1);
});
