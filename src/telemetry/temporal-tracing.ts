import { OpenTelemetryPlugin, OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry';
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
