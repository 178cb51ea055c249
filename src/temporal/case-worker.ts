import type { DataConverter } from '@temporalio/common';
import { NativeConnection, Worker, type WorkerOptions, type WorkerPlugin } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import type { KeyObject } from 'node:crypto';
import { createCaseActivities } from './activities';
import { createCheckpointActivities } from './checkpoint-activities';

export interface CaseWorkerOptions {
  dataSource: DataSource;
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  /** From createDataConverter: payloads leave the worker encrypted. */
  dataConverter: DataConverter;
  /**
   * A prebuilt workflow bundle (tests share one), built with the data converter's
   * failureConverterPath; else the workflows are bundled from source.
   */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** The key that signs periodic checkpoints, and where their copies go (issue 5); null: none. */
  checkpointSigning?: { key: KeyObject; dir: string | null } | null;
  /** Worker plugins, e.g. OpenTelemetry tracing (src/telemetry/temporal-tracing.ts). */
  plugins?: WorkerPlugin[];
}

export const WORKFLOWS_PATH = require.resolve('../../workflows');

export function createCaseWorker(opts: CaseWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    dataConverter: opts.dataConverter,
    ...(opts.workflowBundle ? { workflowBundle: opts.workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
    activities: { ...createCaseActivities(opts.dataSource), ...createCheckpointActivities(opts.dataSource, opts.checkpointSigning ?? null) },
    ...(opts.plugins ? { plugins: opts.plugins } : {}),
  });
}
