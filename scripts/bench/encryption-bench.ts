import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { openCaseBody, VILLAGE } from '../../test/support/builders';
import globalSetup from '../../test/support/global-setup';
import globalTeardown from '../../test/support/global-teardown';
import { startTestApp, type TestApp } from '../../test/support/test-app';
import { PlaintextCaseCrypto } from './plaintext-case-crypto';

// What envelope encryption of narratives costs (issue 12): opening a case and a command (a note),
// with per-case data keys (fetched, unwrapped, sealing every narrative at the append and opening
// it on the answer) against the same run without it (PlaintextCaseCrypto: narratives as written,
// subjects under one process key, as before). Two apps on the same stack, measured interleaved —
// one request of each in turn — so the shared machine's noise falls on both alike.
//   npm run bench:encryption            (BENCH_N=200 to change the number of requests)

const N = Number(process.env.BENCH_N ?? 200);

interface Summary {
  p50: number;
  p95: number;
  mean: number;
}

function summary(times: number[]): Summary {
  const sorted = [...times].sort((a, b) => a - b);
  return {
    p50: sorted[Math.floor(sorted.length * 0.5)],
    p95: sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))],
    mean: sorted.reduce((a, b) => a + b, 0) / sorted.length,
  };
}

async function timed(work: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

interface Variant {
  name: string;
  t: TestApp;
  auth: Record<string, string>;
  cases: { id: string; version: number }[];
  open: number[];
  note: number[];
  read: number[];
}

async function variant(name: string, t: TestApp): Promise<Variant> {
  const token = await t.token({ id: `bench-${name}`, roles: ['caseworker'], division: VILLAGE });
  return { name, t, auth: { Authorization: `Bearer ${token}` }, cases: [], open: [], note: [], read: [] };
}

function must(status: number, expected: number, what: string): void {
  if (status !== expected) throw new Error(`${what}: HTTP ${status}`);
}

async function openOne(v: Variant): Promise<void> {
  const res = await v.t
    .http()
    .post('/v1/cases')
    .set(v.auth)
    .send(openCaseBody({ summary: '申请最低生活保障：家中两口人，无稳定收入' }));
  must(res.status, 201, `${v.name} open`);
  v.cases.push({ id: (res.body as { id: string }).id, version: 1 });
}

async function noteOne(v: Variant, i: number): Promise<void> {
  const c = v.cases[i % v.cases.length];
  const res = await v.t
    .http()
    .post(`/v1/cases/${c.id}/notes`)
    .set(v.auth)
    .set('If-Match', `"${c.version}"`)
    .send({ text: `入户走访第 ${i} 次：家中无人，邻居称外出务工` });
  must(res.status, 200, `${v.name} note`);
  c.version = (res.body as { version: number }).version;
}

async function readOne(v: Variant, i: number): Promise<void> {
  must(
    (
      await v.t
        .http()
        .get(`/v1/cases/${v.cases[i % v.cases.length].id}`)
        .set(v.auth)
    ).status,
    200,
    `${v.name} read`,
  );
}

async function main(): Promise<void> {
  await globalSetup();
  const envelope = await startTestApp();
  const plaintext = await startTestApp({ caseCrypto: new PlaintextCaseCrypto() });
  try {
    const variants = [await variant('envelope', envelope), await variant('plaintext', plaintext)];
    // Warm up both: JIT, pools, the workflow bundle in each worker.
    for (let i = 0; i < 20; i++) for (const v of variants) await openOne(v);
    for (const v of variants) v.cases.length = 0;
    for (let i = 0; i < N; i++) {
      // Alternate which goes first, so neither always follows the other.
      for (const v of i % 2 ? variants : [...variants].reverse()) v.open.push(await timed(() => openOne(v)));
    }
    for (let i = 0; i < N; i++) for (const v of i % 2 ? variants : [...variants].reverse()) v.note.push(await timed(() => noteOne(v, i)));
    for (let i = 0; i < N; i++) for (const v of i % 2 ? variants : [...variants].reverse()) v.read.push(await timed(() => readOne(v, i)));

    const [enc, plain] = variants;
    const line = (label: string, a: number[], b: number[]) => {
      const x = summary(a);
      const y = summary(b);
      process.stdout.write(
        `  ${label.padEnd(38)}envelope p50 ${x.p50.toFixed(1).padStart(6)} ms p95 ${x.p95.toFixed(1).padStart(6)} ms   ` +
          `without p50 ${y.p50.toFixed(1).padStart(6)} ms p95 ${y.p95.toFixed(1).padStart(6)} ms   ` +
          `Δp50 ${(x.p50 - y.p50).toFixed(1).padStart(5)} ms (×${(x.p50 / y.p50).toFixed(2)})\n`,
      );
    };
    process.stdout.write(`\nEnvelope encryption of narratives, ${N} requests of each, interleaved (2 cores, shared machine)\n`);
    line('POST /v1/cases (open)', enc.open, plain.open);
    line('POST /v1/cases/{id}/notes (command)', enc.note, plain.note);
    line('GET /v1/cases/{id} (read)', enc.read, plain.read);
  } finally {
    await plaintext.close();
    await envelope.close();
    await globalTeardown();
  }
}

main().catch((e: Error) => {
  process.stderr.write(`bench failed: ${e.message}\n`);
  process.exit(1);
});
