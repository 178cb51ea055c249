import { Client, Connection, type WorkflowClientInterceptor } from '@temporalio/client';
import type { AppConfig } from '../config/config';
import { closingGuard } from './closing-connection';
import { createDataConverter } from './data-converter';

/** Nest injection token for the API's Temporal client. */
export const TEMPORAL_CLIENT = Symbol('TEMPORAL_CLIENT');

/**
 * A lazily connecting client: the API starts (and reports not-ready) while Temporal is down, and
 * reconnects within a few seconds once it is back (gRPC's reconnect backoff capped at 2 s).
 * Callers bound every call with `withDeadline`, so no call retries on behind a request that gave up.
 */
export function createTemporalClient(
  temporal: AppConfig['temporal'],
  payloadCodec: AppConfig['payloadCodec'],
  /** e.g. OpenTelemetry's (src/telemetry/temporal-tracing.ts): the caller's trace goes into the workflow. */
  workflowInterceptors: WorkflowClientInterceptor[] = [],
): Client {
  // Closed at shutdown with calls perhaps still retrying: see closing-connection.ts.
  const closing = closingGuard();
  const connection = closing.guard(
    Connection.lazy({
      address: temporal.address,
      channelArgs: { 'grpc.initial_reconnect_backoff_ms': 200, 'grpc.max_reconnect_backoff_ms': 2000 },
      interceptors: closing.interceptors,
    }),
  );
  return new Client({
    connection,
    namespace: temporal.namespace,
    dataConverter: createDataConverter(payloadCodec),
    ...(workflowInterceptors.length ? { interceptors: { workflow: workflowInterceptors } } : {}),
  });
}
