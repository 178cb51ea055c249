import 'reflect-metadata';
import { NativeConnection } from '@temporalio/worker';
import { signingKeyOf } from './audit/audit-keys';
import { loadConfig } from './config/config';
import { createDataSource } from './persistence/data-source';
import { caseKeysFrom } from './subjects/case-keys';
import { createCaseWorker } from './temporal/case-worker';
import { ensureCheckpointSchedule } from './temporal/checkpoint-schedule';
import { ensureRetentionSchedule } from './temporal/retention-schedule';
import { createDataConverter } from './temporal/data-converter';
import { createTemporalClient } from './temporal/temporal-client';

// The Temporal worker: runs CaseWorkflow, the periodic audit checkpoint, the retention sweep and their activities.
// Scale it horizontally.
async function main(): Promise<void> {
  const config = loadConfig();
  const dataSource = await createDataSource(config.databaseUrl, { applicationName: 'casework-worker' }).initialize();
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const signingKey = signingKeyOf(config.audit);
  const client = createTemporalClient(config.temporal, config.payloadCodec);
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
  });
  // Every worker makes sure the schedules exist (idempotent); the schedules, not the workers, decide when.
  if (signingKey) await ensureCheckpointSchedule(client, config.temporal.taskQueue, config.audit?.checkpointEvery ?? '24h');
  await ensureRetentionSchedule(client, config.temporal.taskQueue, config.retentionSweepEvery);
  // The SDK shuts the worker down gracefully on SIGINT/SIGTERM.
  await worker.run();
  await client.connection.close();
  await connection.close();
  await dataSource.destroy();
}

main().catch((e: Error) => {
  process.stderr.write(`casework worker failed: ${e.message}\n`);
  process.exit(1);
});
