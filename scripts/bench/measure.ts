import { performance } from 'node:perf_hooks';

// What every benchmark row is: latencies (p50/p95/p99) and throughput, measured in this process.

export interface Measured {
  n: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  /** Outcomes that were not the expected one, by what they were. */
  other: Record<string, number>;
}

export function percentile(sorted: readonly number[], q: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))];
}

/**
 * `clients` loops each doing `work` until `n` calls were made in all; `work` answers 'ok' or what
 * else happened (counted, and left out of the latencies).
 */
export async function closedLoop(n: number, clients: number, work: (i: number) => Promise<string>): Promise<Measured> {
  const times: number[] = [];
  const other: Record<string, number> = {};
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < n) {
        const i = next++;
        const t0 = performance.now();
        const outcome = await work(i);
        if (outcome === 'ok') times.push(performance.now() - t0);
        else other[outcome] = (other[outcome] ?? 0) + 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  return {
    n,
    seconds,
    perSecond: times.length / seconds,
    p50: percentile(times, 0.5),
    p95: percentile(times, 0.95),
    p99: percentile(times, 0.99),
    other,
  };
}

/** Open loop: `rate` calls per second for `seconds`, whatever the answers take (overload). */
export async function openLoop(rate: number, seconds: number, work: (i: number) => Promise<string>): Promise<Measured> {
  const times: number[] = [];
  const other: Record<string, number> = {};
  const calls: Promise<void>[] = [];
  const started = performance.now();
  const total = Math.round(rate * seconds);
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const t0 = performance.now();
    calls.push(
      work(i).then((outcome) => {
        if (outcome === 'ok') times.push(performance.now() - t0);
        else other[outcome] = (other[outcome] ?? 0) + 1;
      }),
    );
  }
  await Promise.all(calls);
  const elapsed = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  return {
    n: total,
    seconds: elapsed,
    perSecond: times.length / elapsed,
    p50: percentile(times, 0.5),
    p95: percentile(times, 0.95),
    p99: percentile(times, 0.99),
    other,
  };
}

export const fmt = (m: Measured) =>
  `${m.perSecond.toFixed(1).padStart(7)}/s  p50 ${m.p50.toFixed(1).padStart(7)}  p95 ${m.p95.toFixed(1).padStart(7)}  p99 ${m.p99.toFixed(1).padStart(7)} ms` +
  (Object.keys(m.other).length ? `  other ${JSON.stringify(m.other)}` : '');

/** The rows printed so far, as the lines of a Markdown table (for bench/RESULTS.md). */
export const rows: string[] = [];
export function report(label: string, m: Measured | string, baseline?: Measured, ratio: 'throughput' | 'p99' = 'throughput'): void {
  const text = typeof m === 'string' ? m : fmt(m);
  const vs =
    baseline && typeof m !== 'string'
      ? ratio === 'throughput'
        ? `${((m.perSecond / baseline.perSecond) * 100).toFixed(0)} % of baseline throughput`
        : `p99 ×${(m.p99 / baseline.p99).toFixed(2)} of baseline`
      : '';
  rows.push(`| ${label} | ${text} | ${vs} |`);
  process.stdout.write(`  ${label.padEnd(58)} ${text}${vs ? `   → ${vs}` : ''}\n`);
}
