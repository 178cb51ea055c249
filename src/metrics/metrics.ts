import { Injectable, Logger, type NestMiddleware } from '@nestjs/common';
import { trace } from '@opentelemetry/api';
import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Prometheus metrics of one API instance (its own registry: several apps may share a process). */
@Injectable()
export class Metrics {
  readonly registry = new Registry();
  readonly requests = new Histogram({
    name: 'casework_http_request_duration_seconds',
    help: 'HTTP requests by route template, method and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly commands = new Counter({
    name: 'casework_case_commands_total',
    help: 'Commands sent to case workflows, by command and outcome (applied, rejected, unavailable)',
    labelNames: ['command', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly dependencyUp = new Gauge({
    name: 'casework_dependency_up',
    help: 'Outcome of the last readiness probe of each dependency (1 up, 0 down)',
    labelNames: ['dependency'] as const,
    registers: [this.registry],
  });

  readonly shed = new Counter({
    name: 'casework_requests_shed_total',
    help: 'Requests refused with 503 because too many already waited on case workflows, by reason (queue_full, waited_too_long)',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  readonly calendarPastPublished = new Gauge({
    name: 'casework_calendar_deadlines_past_published',
    help: "Open cases whose next deadline lies past the working-day calendar's last published year (computed on a provisional arrangement)",
    registers: [this.registry],
  });

  readonly calendarLastPublishedYear = new Gauge({
    name: 'casework_calendar_last_published_year',
    help: "The last year of the current policy's working-day calendar published by the State Council (0: none)",
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }
}

/**
 * Times every request and writes one access line for it, in the request's trace; labels and the
 * line use the route template, never the path or query (no ids, no personal data).
 */
@Injectable()
export class MetricsMiddleware implements NestMiddleware {
  private readonly log = new Logger('http');

  constructor(private readonly metrics: Metrics) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const started = process.hrtime.bigint();
    const end = this.metrics.requests.startTimer({ method: req.method });
    // 'finish' fires outside the request's context: keep its trace now.
    const span = trace.getActiveSpan()?.spanContext();
    res.on('finish', () => {
      const template = (req.route as { path?: string } | undefined)?.path;
      const route = template ? `${req.baseUrl}${template}` : 'unmatched';
      end({ route, status: String(res.statusCode) });
      if (route === '/metrics' || route.startsWith('/health/')) return;
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      this.log.log({
        msg: 'request',
        method: req.method,
        route,
        status: res.statusCode,
        ms: Math.round(ms * 10) / 10,
        trace_id: span?.traceId ?? null,
        span_id: span?.spanId ?? null,
      });
    });
    next();
  }
}
