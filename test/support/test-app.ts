import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { inspect } from 'node:util';
import type { INestApplication, LoggerService } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app/create-app';
import { TokenService } from '../../src/auth/token.service';
import type { AppConfig } from '../../src/config/config';
import type { Role } from '../../src/domain';
import { createDataSource } from '../../src/persistence/data-source';
import { parseSigningKey } from '../../src/audit/checkpoint-signing';
import { caseKeysFrom, type CaseCrypto } from '../../src/subjects/case-keys';
import { createCaseWorker } from '../../src/temporal/case-worker';
import { closingGuard } from '../../src/temporal/closing-connection';
import { createDataConverter } from '../../src/temporal/data-converter';
import { stackInfo } from './stack-info';

// The real system in one test process: the Nest app over HTTP (supertest), a worker on a task
// queue of its own (so test files never share workflows), PostgreSQL and Temporal from the
// global setup.

/**
 * Everything the Temporal runtime (workers, workflow and activity loggers) logged in this test
 * file's process, as JSON lines, all levels: kept off the console, searchable by tests (canary).
 */
export const workerLogs: string[] = [];

let runtimeQuiet = false;
export function quietRuntime(): void {
  if (runtimeQuiet) return;
  runtimeQuiet = true;
  const capture = (level: string) => (message: string, meta?: Record<string, unknown>) => {
    let line: string;
    try {
      line = JSON.stringify({ level, message, meta }, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v));
    } catch {
      line = `${level} ${message} ${inspect(meta)}`;
    }
    workerLogs.push(line);
  };
  const logger = { trace: capture('TRACE'), debug: capture('DEBUG'), info: capture('INFO'), warn: capture('WARN'), error: capture('ERROR') };
  Runtime.install({
    logger: { ...logger, log: (level: string, message: string, meta?: Record<string, unknown>) => capture(level)(message, meta) },
  });
}

export interface TestApp {
  app: INestApplication;
  http: () => ReturnType<typeof request>;
  config: AppConfig;
  db: DataSource;
  temporal: Client;
  /** The case keys the worker seals with (the same key ring as the API's). */
  caseCrypto: CaseCrypto;
  token(principal: { id?: string; roles: Role[]; division: string }): Promise<string>;
  startWorker(): Promise<void>;
  stopWorker(): Promise<void>;
  close(): Promise<void>;
}

/** A payload key ring of its own for one test app or harness. */
function testPayloadCodec(): AppConfig['payloadCodec'] {
  return { keys: { tp1: randomBytes(32) }, activeKeyId: 'tp1', uiOrigin: null };
}

/** The project's data converter (encrypting codec) over a fresh test key, for harnesses of their own. */
export function testDataConverter(payloadCodec = testPayloadCodec()): DataConverter {
  return createDataConverter(payloadCodec);
}

export function testConfig(overrides: Partial<AppConfig> = {}): AppConfig {
  const info = stackInfo();
  return {
    port: 0,
    databaseUrl: info.databaseUrl,
    databaseRole: 'casework_api',
    temporal: { address: info.temporalAddress, namespace: 'default', taskQueue: `test-${randomUUID()}` },
    auth: {
      devSecret: randomBytes(32).toString('base64url'),
      jwksUrl: null,
      issuer: 'casework-test',
      audience: 'casework',
      clockToleranceSeconds: 5,
    },
    pii: { keys: { t1: randomBytes(32) }, activeKeyId: 't1', blindIndexKey: randomBytes(32) },
    caseKeys: { keys: { kek1: randomBytes(32) }, activeKeyId: 'kek1' },
    retentionSweepEvery: '24h',
    payloadCodec: testPayloadCodec(),
    openWaitMs: 5000,
    commandWaitMs: 10000,
    shutdownDrainMs: 0,
    ...overrides,
  };
}

/** `logger`: what the API logs goes there (default: nowhere). */
export async function startTestApp(
  opts: { worker?: boolean; config?: Partial<AppConfig>; logger?: LoggerService | false; caseCrypto?: CaseCrypto } = {},
): Promise<TestApp> {
  quietRuntime();
  const config = testConfig(opts.config);
  const app = await createApp(config, { logger: opts.logger ?? false, caseCrypto: opts.caseCrypto });
  const caseCrypto = opts.caseCrypto ?? caseKeysFrom(config.caseKeys);
  await app.init();
  const db = await createDataSource(config.databaseUrl, { poolSize: 4, applicationName: 'casework-test' }).initialize();
  // The same data converter as the API and the worker: tests read what the system reads.
  const dataConverter = createDataConverter(config.payloadCodec);
  const closing = closingGuard();
  const temporal = new Client({
    connection: closing.guard(await Connection.connect({ address: config.temporal.address, interceptors: closing.interceptors })),
    dataConverter,
  });
  const tokens = new TokenService(config.auth);
  const workflowBundle = { code: readFileSync(stackInfo().workflowBundlePath, 'utf8') };
  let running: { worker: Worker; done: Promise<void>; connection: NativeConnection } | null = null;

  const startWorker = async () => {
    if (running) return;
    const connection = await NativeConnection.connect({ address: config.temporal.address });
    const worker = await createCaseWorker({
      dataSource: db,
      connection,
      namespace: 'default',
      taskQueue: config.temporal.taskQueue,
      caseCrypto,
      dataConverter,
      workflowBundle,
      checkpointSigning: config.audit?.signingKey ? { key: parseSigningKey(config.audit.signingKey), dir: config.audit.checkpointDir ?? null } : null,
    });
    running = { worker, connection, done: worker.run() };
  };
  const stopWorker = async () => {
    if (!running) return;
    const { worker, done, connection } = running;
    running = null;
    worker.shutdown();
    await done;
    await connection.close();
  };
  if (opts.worker !== false) await startWorker();

  return {
    app,
    http: () => request(app.getHttpServer()),
    config,
    db,
    temporal,
    caseCrypto,
    token: (p) => tokens.sign({ id: p.id ?? `user-${randomUUID().slice(0, 8)}`, roles: p.roles, division: p.division }),
    startWorker,
    stopWorker,
    async close() {
      await stopWorker();
      await app.close();
      await temporal.connection.close();
      await db.destroy();
    },
  };
}
