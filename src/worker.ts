import 'reflect-metadata';
import { NativeConnection } from '@temporalio/worker';
import { loadConfig } from './config/config';
import { createDataSource } from './persistence/data-source';
import { createCaseWorker } from './temporal/case-worker';
import { createDataConverter } from './temporal/data-converter';

// The Temporal worker: runs CaseWorkflow and its activities. Scale it horizontally.
async function main(): Promise<void> {
  const config = loadConfig();
  const dataSource = await createDataSource(config.databaseUrl, { applicationName: 'casework-worker' }).initialize();
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const worker = await createCaseWorker({
    dataSource,
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    dataConverter: createDataConverter(config.payloadCodec),
  });
  // The SDK shuts the worker down gracefully on SIGINT/SIGTERM.
  await worker.run();
  await connection.close();
  await dataSource.destroy();
}

main().catch((e: Error) => {
  process.stderr.write(`casework worker failed: ${e.message}\n`);
  process.exit(1);
});
