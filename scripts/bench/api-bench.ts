import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { openCaseBody, VILLAGE } from '../../test/support/builders';
import globalSetup from '../../test/support/global-setup';
import globalTeardown from '../../test/support/global-teardown';
import { startTestApp } from '../../test/support/test-app';
import { PlaintextCaseCrypto } from './plaintext-case-crypto';

// Latency of the API's main paths on the real stack (embedded PostgreSQL, Temporal dev server, one
// worker), each against a baseline measured in the same run: GET /health/live, which crosses the
// same HTTP stack, auth-free, and touches neither database nor Temporal.
//   npm run bench:api            (BENCH_N=200 BENCH_CONCURRENCY=8 to change the load)
//   BENCH_CASE_CRYPTO=plaintext  the same without envelope encryption of narratives (issue 12's
//                                baseline; npm run bench:encryption compares both in one run)

const N = Number(process.env.BENCH_N ?? 200);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);

function summary(times: number[]): { p50: number; p95: number; mean: number } {
  const sorted = [...times].sort((a, b) => a - b);
  return {
    p50: sorted[Math.floor(sorted.length * 0.5)],
    p95: sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))],
    mean: sorted.reduce((a, b) => a + b, 0) / sorted.length,
  };
}

async function timed(n: number, work: (i: number) => Promise<void>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await work(i);
    times.push(performance.now() - start);
  }
  return times;
}

async function main(): Promise<void> {
  await globalSetup();
  const t = await startTestApp(process.env.BENCH_CASE_CRYPTO === 'plaintext' ? { caseCrypto: new PlaintextCaseCrypto() } : {});
  try {
    const token = await t.token({ id: 'bench-cw', roles: ['caseworker'], division: VILLAGE });
    const auth = { Authorization: `Bearer ${token}` };
    const must = (status: number, expected: number, what: string) => {
      if (status !== expected) throw new Error(`${what}: HTTP ${status}`);
    };
    // Warm up: JIT, connection pools, the workflow bundle in the worker.
    for (let i = 0; i < 20; i++) must((await t.http().post('/v1/cases').set(auth).send(openCaseBody())).status, 201, 'warm-up');

    const baseline = summary(await timed(N, async () => must((await t.http().get('/health/live')).status, 200, 'live')));
    const opened: string[] = [];
    const open = summary(
      await timed(N, async () => {
        const res = await t.http().post('/v1/cases').set(auth).send(openCaseBody());
        must(res.status, 201, 'open');
        opened.push((res.body as { id: string }).id);
      }),
    );
    const read = summary(
      await timed(N, async (i) =>
        must(
          (
            await t
              .http()
              .get(`/v1/cases/${opened[i % opened.length]}`)
              .set(auth)
          ).status,
          200,
          'read',
        ),
      ),
    );
    const list = summary(await timed(Math.min(N, 100), async () => must((await t.http().get('/v1/cases?limit=50').set(auth)).status, 200, 'list')));
    const versions = new Map<string, number>(opened.map((id) => [id, 1]));
    const note = summary(
      await timed(N, async (i) => {
        const id = opened[i % opened.length];
        const res = await t
          .http()
          .post(`/v1/cases/${id}/notes`)
          .set(auth)
          .set('If-Match', `"${versions.get(id)}"`)
          .send({ text: `note ${i}` });
        must(res.status, 200, 'note');
        versions.set(id, (res.body as { version: number }).version);
      }),
    );

    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < N) {
          next++;
          must((await t.http().post('/v1/cases').set(auth).send(openCaseBody())).status, 201, 'concurrent open');
        }
      }),
    );
    const throughput = N / ((performance.now() - started) / 1000);

    const row = (label: string, s: { p50: number; p95: number; mean: number }) =>
      process.stdout.write(
        `  ${label.padEnd(44)}p50 ${s.p50.toFixed(1).padStart(7)} ms   p95 ${s.p95.toFixed(1).padStart(7)} ms   ×${(s.p50 / baseline.p50).toFixed(1)} of baseline p50\n`,
      );
    process.stdout.write(`\nAPI latency, ${N} sequential requests each (2 cores, shared machine)\n`);
    row('baseline: GET /health/live', baseline);
    row('POST /v1/cases (open: encrypt, workflow, PG)', open);
    row('GET /v1/cases/{id} (scoped read, decrypt, log)', read);
    row('GET /v1/cases?limit=50', list);
    row('POST /v1/cases/{id}/notes (Update + persist)', note);
    process.stdout.write(`  open with ${CONCURRENCY} concurrent clients: ${throughput.toFixed(1)} cases/s\n`);
  } finally {
    await t.close();
    await globalTeardown();
  }
}

main().catch((e: Error) => {
  process.stderr.write(`bench failed: ${e.message}\n`);
  process.exit(1);
});
