import type { Client } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import type { KeyObject } from 'node:crypto';
import type { CaseCrypto } from '../subjects/case-keys';
import { createCaseActivities } from './activities';
import { createCheckpointActivities } from './checkpoint-activities';
import { createRetentionActivities } from './retention-activities';

export interface CaseWorkerOptions {
  dataSource: DataSource;
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  /** The per-case data keys narratives are sealed with at the append (src/subjects/case-keys.ts). */
  caseCrypto: CaseCrypto;
  /** For the retention sweep, which sends each expired case its shredding through the case's workflow. */
  temporalClient: Client;
  /** From createDataConverter: payloads leave the worker encrypted. */
  dataConverter: DataConverter;
  /**
   * A prebuilt workflow bundle (tests share one), built with the data converter's
   * failureConverterPath; else the workflows are bundled from source.
   */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** The key that signs periodic checkpoints, and where their copies go (issue 5); null: none. */
  checkpointSigning?: { key: KeyObject; dir: string | null } | null;
}

export const WORKFLOWS_PATH = require.resolve('../../workflows');

export function createCaseWorker(opts: CaseWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    dataConverter: opts.dataConverter,
    ...(opts.workflowBundle ? { workflowBundle: opts.workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
    activities: {
      ...createCaseActivities(opts.dataSource, opts.caseCrypto),
      ...createCheckpointActivities(opts.dataSource, opts.checkpointSigning ?? null),
      ...createRetentionActivities(opts.dataSource, opts.temporalClient, opts.taskQueue),
    },
  });
}
