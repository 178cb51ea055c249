import { trace } from '@opentelemetry/api';
import { OpenTelemetryPlugin, OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry';
import { SimplePlugin } from '@temporalio/plugin';
import type { WorkflowClientInterceptor } from '@temporalio/client';
import type { Tracing } from './tracing';

// Temporal's own OpenTelemetry interceptors: the client puts the caller's span context into the
// headers of start/Update calls; the worker plugin continues it in the workflow (spans exported
// through a sink, never during replay) and in every activity and local activity.

/** For the API's Temporal client. */
export function tracingClientInterceptors(): WorkflowClientInterceptor[] {
  return [new OpenTelemetryWorkflowClientInterceptor()];
}

/** For Worker.create({ plugins }): workflow interceptors, activity interceptors, the span sink. */
export function tracingWorkerPlugin(tracing: Tracing): OpenTelemetryPlugin {
  return new OpenTelemetryPlugin({ resource: tracing.resource, spanProcessor: tracing.spanProcessor });
}

/** The workflow interceptor module, for bundles built ahead of time (bundleWorkflowCode). */
export const TRACING_WORKFLOW_INTERCEPTORS = require.resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors');

/**
 * Puts the trace of the command an activity serves into the SDK's log lines about it ("Activity
 * completed" …), which are written after OpenTelemetry's span has closed. List it after
 * tracingWorkerPlugin: its interceptor then runs inside the span and remembers it.
 */
export function activityTraceLogPlugin(): SimplePlugin {
  return new SimplePlugin({
    name: 'CaseworkActivityTraceLog',
    workerInterceptors: {
      activity: [
        () => {
          let seen: { trace_id: string; span_id: string } | null = null;
          return {
            inbound: {
              execute(input, next) {
                const span = trace.getActiveSpan()?.spanContext();
                if (span) seen = { trace_id: span.traceId, span_id: span.spanId };
                return next(input);
              },
            },
            outbound: {
              getLogAttributes(input, next) {
                const attributes = next(input);
                return seen && !('trace_id' in attributes) ? { ...attributes, ...seen } : attributes;
              },
            },
          };
        },
      ],
    },
  });
}
