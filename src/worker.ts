import 'reflect-metadata';
import { NativeConnection, Runtime } from '@temporalio/worker';
import { signingKeyOf } from './audit/audit-keys';
import { loadConfig } from './config/config';
import { createDataSource } from './persistence/data-source';
import { caseKeysFrom } from './subjects/case-keys';
import { createCaseWorker } from './temporal/case-worker';
import { ensureCheckpointSchedule } from './temporal/checkpoint-schedule';
import { ensureRetentionSchedule } from './temporal/retention-schedule';
import { createDataConverter } from './temporal/data-converter';
import { createTemporalClient } from './temporal/temporal-client';
import { startCaseGauges } from './telemetry/case-gauges';
import { JsonRuntimeLogger } from './telemetry/json-logger';
import { activityTraceLogPlugin, TRACING_WORKFLOW_INTERCEPTORS, tracingClientInterceptors, tracingWorkerPlugin } from './telemetry/temporal-tracing';
import { startTracing } from './telemetry/tracing';
import { startRelayFromEnv } from './events-out/relay-start';
import { withFileSecrets } from './config/production';

// The Temporal worker: runs CaseWorkflow, the periodic audit checkpoint, the retention sweep and their activities.
// Scale it horizontally.
async function main(): Promise<void> {
  const config = loadConfig();
  const tracing = startTracing('casework-worker', config.telemetry);
  // JSON logs with trace ids; the SDK's metrics (and the case gauges) on a Prometheus endpoint.
  const metricsAddress = config.telemetry?.workerMetricsAddress;
  Runtime.install({
    logger: new JsonRuntimeLogger(config.telemetry?.logLevel),
    telemetryOptions: {
      logging: { filter: { core: 'WARN', other: 'ERROR' }, forward: {} },
      // Durations in seconds, as Prometheus conventions (and the dashboard) expect.
      ...(metricsAddress ? { metrics: { prometheus: { bindAddress: metricsAddress, useSecondsForDurations: true } } } : {}),
    },
  });
  const dataSource = await createDataSource(config.databaseUrl, { applicationName: 'casework-worker' }).initialize();
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const signingKey = signingKeyOf(config.audit);
  const client = createTemporalClient(config.temporal, config.payloadCodec, tracingClientInterceptors());
  const worker = await createCaseWorker({
    dataSource,
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    caseCrypto: caseKeysFrom(config.caseKeys),
    dataConverter: createDataConverter(config.payloadCodec),
    ...(config.audit?.workflowBundlePath ? { workflowBundle: { codePath: config.audit.workflowBundlePath } } : {}),
    ...(process.env.WORKER_MAX_CACHED_WORKFLOWS ? { maxCachedWorkflows: Number(process.env.WORKER_MAX_CACHED_WORKFLOWS) } : {}),
    checkpointSigning: signingKey ? { key: signingKey, dir: config.audit?.checkpointDir ?? null } : null,
    plugins: [tracingWorkerPlugin(tracing), activityTraceLogPlugin()],
    workflowInterceptorModules: [TRACING_WORKFLOW_INTERCEPTORS],
  });
  const gauges = metricsAddress ? startCaseGauges(dataSource, Runtime.instance().metricMeter) : null;
  // Every worker makes sure the schedules exist (idempotent); the schedules, not the workers, decide when.
  if (signingKey) await ensureCheckpointSchedule(client, config.temporal.taskQueue, config.audit?.checkpointEvery ?? '24h');
  await ensureRetentionSchedule(client, config.temporal.taskQueue, config.retentionSweepEvery);
  // Events out (issue 14): with NATS_URL, each worker runs the outbox relay too (they take turns).
  const env = withFileSecrets(process.env);
  const relayLog = (level: string, message: string, extra: Record<string, unknown> = {}) =>
    process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level, message, ...extra })}\n`);
  const relay = env.NATS_URL ? await startRelayFromEnv(dataSource, env, relayLog) : null;
  // The SDK shuts the worker down gracefully on SIGINT/SIGTERM.
  await worker.run();
  await relay?.stop();
  gauges?.stop();
  await client.connection.close();
  await connection.close();
  await dataSource.destroy();
  await tracing.shutdown();
}

main().catch((e: Error) => {
  process.stderr.write(
    `${JSON.stringify({ time: new Date().toISOString(), level: 'fatal', message: `casework worker failed: ${e.message}`, trace_id: null })}\n`,
  );
  process.exit(1);
});
