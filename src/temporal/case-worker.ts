import type { DataConverter } from '@temporalio/common';
import { Client } from '@temporalio/client';
import { readFileSync } from 'node:fs';
import { bundleWorkflowCode, NativeConnection, Worker, type WorkerOptions, type WorkerPlugin } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import type { KeyObject } from 'node:crypto';
import { createCaseActivities } from './activities';
import type { CaseCrypto } from '../subjects/case-keys';
import { createCheckpointActivities } from './checkpoint-activities';
import { createRetentionActivities } from './retention-activities';
import { codeDigestOf, createReplayActivities } from './replay-activities';
import { registerWorkflowBuild } from '../audit/history-replays.repository';

export interface CaseWorkerOptions {
  dataSource: DataSource;
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  /** The per-case data keys narratives are sealed with at the append (src/subjects/case-keys.ts). */
  caseCrypto: CaseCrypto;
  /** From createDataConverter: payloads leave the worker encrypted. */
  dataConverter: DataConverter;
  /**
   * A prebuilt workflow bundle (tests share one), built with the data converter's
   * failureConverterPath; else the workflows are bundled from source.
   */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** How many workflows the worker keeps in memory (the SDK's default scales with the heap). */
  maxCachedWorkflows?: number;
  /** The key that signs periodic checkpoints, and where their copies go (issue 5); null: none. */
  checkpointSigning?: { key: KeyObject; dir: string | null } | null;
  /** Worker plugins, e.g. OpenTelemetry tracing (src/telemetry/temporal-tracing.ts). */
  plugins?: WorkerPlugin[];
  /** Workflow interceptor modules bundled with the workflows (a prebuilt bundle must have them already). */
  workflowInterceptorModules?: string[];
}

export const WORKFLOWS_PATH = require.resolve('../../workflows');

export interface WorkflowBundleSource {
  /** A prebuilt bundle file (tests, deployments that ship one); else bundled from source once. */
  bundlePath: string | null;
}

let bundled: Promise<{ code: string }> | null = null;

/** The workflow code to replay with; a converter's failure/payload converter modules go into the bundle. */
export function workflowBundle(
  source: WorkflowBundleSource,
  dataConverter: DataConverter = {},
  workflowInterceptorModules: string[] = [],
): Promise<{ code: string }> {
  if (source.bundlePath) return Promise.resolve({ code: readFileSync(source.bundlePath, 'utf8') });
  bundled ??= bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    ...(workflowInterceptorModules.length ? { workflowInterceptorModules } : {}),
    ...(dataConverter.failureConverterPath ? { failureConverterPath: dataConverter.failureConverterPath } : {}),
    ...(dataConverter.payloadConverterPath ? { payloadConverterPath: dataConverter.payloadConverterPath } : {}),
    logger: { log() {}, info() {}, warn() {}, error() {}, debug() {}, trace() {} },
  }).then(({ code }) => ({ code }));
  return bundled;
}

export async function createCaseWorker(opts: CaseWorkerOptions): Promise<Worker> {
  // Bundled once: the worker runs this code, and replays the cases' histories with the same code.
  const given = opts.workflowBundle;
  const bundle =
    given && 'code' in given
      ? { code: given.code }
      : await workflowBundle(
          { bundlePath: given && 'codePath' in given ? given.codePath : null },
          opts.dataConverter,
          opts.workflowInterceptorModules,
        );
  await registerWorkflowBuild(opts.dataSource, codeDigestOf(bundle));
  const client = new Client({ connection: opts.connection, namespace: opts.namespace, dataConverter: opts.dataConverter });
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    dataConverter: opts.dataConverter,
    workflowBundle: bundle,
    ...(opts.maxCachedWorkflows !== undefined ? { maxCachedWorkflows: opts.maxCachedWorkflows } : {}),
    activities: {
      ...createCaseActivities(opts.dataSource, opts.caseCrypto),
      ...createCheckpointActivities(opts.dataSource, opts.checkpointSigning ?? null),
      ...createReplayActivities(opts.dataSource, client, bundle),
      // The retention sweep sends each expired case its shredding through the case's own workflow.
      ...createRetentionActivities(opts.dataSource, client, opts.taskQueue),
    },
    ...(opts.plugins ? { plugins: opts.plugins } : {}),
  });
}
