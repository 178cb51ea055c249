import 'reflect-metadata';
import { NativeConnection } from '@temporalio/worker';
import { signingKeyOf } from './audit/audit-keys';
import { loadConfig } from './config/config';
import { createDataSource } from './persistence/data-source';
import { caseKeysFrom } from './subjects/case-keys';
import { createCaseWorker } from './temporal/case-worker';
import { ensureCheckpointSchedule } from './temporal/checkpoint-schedule';
import { createDataConverter } from './temporal/data-converter';
import { createTemporalClient } from './temporal/temporal-client';

// The Temporal worker: runs CaseWorkflow, the periodic audit checkpoint and their activities.
// Scale it horizontally.
async function main(): Promise<void> {
  const config = loadConfig();
  const dataSource = await createDataSource(config.databaseUrl, { applicationName: 'casework-worker' }).initialize();
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const signingKey = signingKeyOf(config.audit);
  const worker = await createCaseWorker({
    dataSource,
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    caseCrypto: caseKeysFrom(config.caseKeys),
    dataConverter: createDataConverter(config.payloadCodec),
    checkpointSigning: signingKey ? { key: signingKey, dir: config.audit?.checkpointDir ?? null } : null,
  });
  if (signingKey) {
    // Every worker makes sure the schedule exists (idempotent); the schedule, not the workers, decides when.
    const client = createTemporalClient(config.temporal, config.payloadCodec);
    await ensureCheckpointSchedule(client, config.temporal.taskQueue, config.audit?.checkpointEvery ?? '24h');
    await client.connection.close();
  }
  // The SDK shuts the worker down gracefully on SIGINT/SIGTERM.
  await worker.run();
  await connection.close();
  await dataSource.destroy();
}

main().catch((e: Error) => {
  process.stderr.write(`casework worker failed: ${e.message}\n`);
  process.exit(1);
});
