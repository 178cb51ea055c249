import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider, type SpanProcessor } from '@opentelemetry/sdk-trace-node';
import type { TelemetryConfig } from '../config/config';

// OpenTelemetry for one process (API or worker): a tracer provider that is always on (so every
// log line carries a trace id), spans exported by OTLP/HTTP only when an endpoint is configured,
// and the HTTP and pg instrumentations. Temporal's interceptors (temporal-tracing.ts) carry the
// context from the API's client calls into the workflow and its (local) activities.

export interface Tracing {
  readonly resource: Resource;
  /** What every span goes through; the worker hands it to the Temporal plugin for workflow spans. */
  readonly spanProcessor: SpanProcessor;
  shutdown(): Promise<void>;
}

/** Spans go nowhere (no endpoint): they still give log lines a trace id. */
class DiscardingProcessor implements SpanProcessor {
  onStart(): void {}
  onEnd(): void {}
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/**
 * Call first thing in main(), before the first PostgreSQL connection and HTTP server exist: the
 * instrumentations patch `pg` and `http` as they are loaded and used.
 */
export function startTracing(defaultServiceName: string, telemetry: TelemetryConfig | undefined): Tracing {
  const resource = new Resource({ 'service.name': telemetry?.serviceName ?? defaultServiceName });
  const spanProcessor: SpanProcessor = telemetry?.otlpEndpoint
    ? new BatchSpanProcessor(new OTLPTraceExporter({ url: `${telemetry.otlpEndpoint.replace(/\/$/, '')}/v1/traces` }), {
        scheduledDelayMillis: 1000,
      })
    : new DiscardingProcessor();
  const provider = new NodeTracerProvider({ resource, spanProcessors: [spanProcessor] });
  provider.register();
  const unregister = registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      // Probes and scrapes are not traced; URLs carry only ids (never personal data).
      new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => /^\/(health|metrics)\b/.test(req.url ?? '') }),
      // Statement text only (parameterised SQL): never the values, which may be personal.
      new PgInstrumentation({ enhancedDatabaseReporting: false }),
    ],
  });
  return {
    resource,
    spanProcessor,
    async shutdown() {
      unregister();
      await provider.shutdown();
    },
  };
}
