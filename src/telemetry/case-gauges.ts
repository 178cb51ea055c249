import type { MetricMeter } from '@temporalio/common';
import type { DataSource } from 'typeorm';
import { CASE_STATUSES, LEVELS } from '../domain';
import { openCaseCountsByLevelAndStatus } from '../metrics/case-gauges.repository';

// Gauges of the whole system's open work, set by every worker from the read model and exported
// on the worker's Prometheus endpoint beside the SDK's metrics (the dashboard takes the max over
// workers). Labels are codes: level and status.

export const CASE_GAUGE_INTERVAL_MS = 15_000;

export function startCaseGauges(db: DataSource, meter: MetricMeter, intervalMs = CASE_GAUGE_INTERVAL_MS): { stop(): void } {
  const open = meter.createGauge('casework_open_cases', 'int', 'cases', 'Cases not closed, by level and status');
  const overdue = meter.createGauge('casework_overdue_cases', 'int', 'cases', 'Open cases past a statutory deadline, by level and status');
  const refresh = async () => {
    const rows = await openCaseCountsByLevelAndStatus(db);
    for (const level of LEVELS) {
      for (const status of CASE_STATUSES.filter((s) => s !== 'closed')) {
        const row = rows.find((r) => r.level === level && r.status === status);
        open.set(row?.open ?? 0, { level, status });
        overdue.set(row?.overdue ?? 0, { level, status });
      }
    }
  };
  const tick = () => void refresh().catch(() => {}); // the next tick retries; readiness shows a down database
  tick();
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
