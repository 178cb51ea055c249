import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { PROJECT_ROOT } from '../../scripts/stack/project-root';

// The monitoring the repository ships (deploy/monitoring): the Grafana dashboards' queries and
// Prometheus' alert rules, and the metric names each of them reads.

export const MONITORING = join(PROJECT_ROOT, 'deploy', 'monitoring');

/** Series Prometheus makes itself for every scrape target (not exported by anyone). */
const PROMETHEUS_SYNTHETIC = new Set(['up']);

const PROMQL_WORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'offset', 'bool', 'and', 'or', 'unless', 'inf', 'nan']);

/** The metric names a PromQL expression reads. */
export function metricsOf(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""') // string literals
    .replace(/\{[^}]*\}/g, '') // label matchers
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, '') // label lists
    .replace(/\[[^\]]*\]/g, '') // ranges and subqueries
    .replace(/\boffset\s+\S+/g, '') // offset 1h
    .replace(/\$\w+/g, ''); // Grafana variables ($__rate_interval)
  const names = new Set<string>();
  for (const m of stripped.matchAll(/[A-Za-z_:][A-Za-z0-9_:]*/g)) {
    const after = stripped.slice(m.index + m[0].length).trimStart();
    if (after.startsWith('(')) continue; // a function or aggregation
    if (PROMQL_WORDS.has(m[0].toLowerCase())) continue;
    if (/^\d/.test(m[0])) continue;
    names.add(m[0]);
  }
  return [...names];
}

interface Panel {
  targets?: { expr?: string }[];
  panels?: Panel[];
}

export function dashboardExpressions(): { file: string; expr: string }[] {
  const dir = join(MONITORING, 'grafana', 'dashboards');
  const out: { file: string; expr: string }[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const walk = (panels: Panel[] = []) => {
      for (const p of panels) {
        for (const t of p.targets ?? []) if (t.expr) out.push({ file, expr: t.expr });
        walk(p.panels);
      }
    };
    walk((JSON.parse(readFileSync(join(dir, file), 'utf8')) as { panels?: Panel[] }).panels);
  }
  return out;
}

export function alertExpressions(): { alert: string; expr: string }[] {
  const doc = parse(readFileSync(join(MONITORING, 'prometheus', 'alerts.yml'), 'utf8')) as { groups: { rules: { alert: string; expr: string }[] }[] };
  return doc.groups.flatMap((g) => g.rules.map((r) => ({ alert: r.alert, expr: r.expr })));
}

/** Every metric a dashboard panel or an alert rule reads, other than Prometheus' own. */
export function dashboardAndAlertMetrics(): string[] {
  const exprs = [...dashboardExpressions().map((d) => d.expr), ...alertExpressions().map((a) => a.expr)];
  return [...new Set(exprs.flatMap(metricsOf))].filter((m) => !PROMETHEUS_SYNTHETIC.has(m)).sort();
}

/** The sample names in a Prometheus text exposition. */
export function exportedMetricNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const line of text.split('\n')) {
    const m = /^([A-Za-z_:][A-Za-z0-9_:]*)(\{| )/.exec(line);
    if (m) names.add(m[1]);
  }
  return names;
}

/** Prometheus (Debian's package, extracted by scripts/ops/ensure-tools.sh), else PROMETHEUS_PATH or PATH. */
export function prometheusBinary(): string {
  const candidates = [
    process.env.PROMETHEUS_PATH,
    join(PROJECT_ROOT, '.tools', 'bin', 'prometheus'),
    ...(process.env.PATH ?? '').split(':').map((d) => join(d, 'prometheus')),
  ];
  const found = candidates.find((c) => c && existsSync(c));
  if (!found)
    throw new Error(
      'no prometheus binary: run `bash scripts/ops/ensure-tools.sh` (extracts Debian’s prometheus package into .tools/) or set PROMETHEUS_PATH',
    );
  return found;
}

export interface RunningPrometheus {
  url: string;
  query(expr: string): Promise<{ status: string; error?: string; data?: { result: unknown[] } }>;
  stop(): Promise<void>;
}

/** A real Prometheus scraping the given targets every second, with the repository's alert rules loaded. */
export async function startPrometheus(port: number, targets: { job: string; target: string }[]): Promise<RunningPrometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'casework-prometheus-'));
  const config = {
    global: { scrape_interval: '1s', evaluation_interval: '1s' },
    rule_files: [join(MONITORING, 'prometheus', 'alerts.yml')],
    scrape_configs: targets.map((t) => ({ job_name: t.job, static_configs: [{ targets: [t.target] }] })),
  };
  writeFileSync(join(dir, 'prometheus.yml'), stringify(config));
  const child = spawn(
    prometheusBinary(),
    [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const stderr: string[] = [];
  child.stderr.on('data', (c: Buffer) => stderr.push(c.toString()));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`prometheus exited with ${child.exitCode}: ${stderr.join('').slice(-2000)}`);
    if (
      await fetch(`${url}/-/ready`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (i > 120) throw new Error('prometheus not ready after 30 s');
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    query: async (expr) =>
      (await (await fetch(`${url}/api/v1/query?query=${encodeURIComponent(expr)}`)).json()) as Awaited<ReturnType<RunningPrometheus['query']>>,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}
