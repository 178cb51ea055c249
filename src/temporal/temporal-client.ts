import { Client, Connection, type WorkflowClientInterceptor } from '@temporalio/client';
import type { AppConfig } from '../config/config';
import { createDataConverter } from './data-converter';

/** Nest injection token for the API's Temporal client. */
export const TEMPORAL_CLIENT = Symbol('TEMPORAL_CLIENT');

/** A lazily connecting client: the API starts (and reports not-ready) while Temporal is down. */
export function createTemporalClient(
  temporal: AppConfig['temporal'],
  payloadCodec: AppConfig['payloadCodec'],
  /** e.g. OpenTelemetry's (src/telemetry/temporal-tracing.ts): the caller's trace goes into the workflow. */
  workflowInterceptors: WorkflowClientInterceptor[] = [],
): Client {
  const connection = Connection.lazy({ address: temporal.address });
  return new Client({
    connection,
    namespace: temporal.namespace,
    dataConverter: createDataConverter(payloadCodec),
    ...(workflowInterceptors.length ? { interceptors: { workflow: workflowInterceptors } } : {}),
  });
}
