import { readFileSync } from 'node:fs';
import type { Duration } from '@temporalio/common';
import { isProduction, productionProblems, withFileSecrets } from './production';
import type { KeyRing } from '../keys/key-provider';
// Configuration from the environment, read once. Production must set the secrets explicitly;
// development (`npm start`, tests) gets generated ones from the stack script.

/** Nest injection token for the loaded AppConfig. */
export const CONFIG = Symbol('CONFIG');

export interface AppConfig {
  port: number;
  databaseUrl: string;
  /** The role the API acts as in PostgreSQL: row-level security applies to it. */
  databaseRole: string;
  temporal: { address: string; namespace: string; taskQueue: string };
  auth: {
    /** HS256 secret for development tokens; null in production (JWKS instead). */
    devSecret: string | null;
    jwksUrl: string | null;
    issuer: string;
    audience: string;
    clockToleranceSeconds: number;
  };
  pii: {
    /** key id → 32-byte key; the active key encrypts, any listed key decrypts. */
    keys: Record<string, Buffer>;
    activeKeyId: string;
    blindIndexKey: Buffer;
  };
  /**
   * Key-encryption keys that wrap each case's data key (src/keys/key-provider.ts): the current one
   * wraps new keys, any listed one unwraps. CASE_KEYS / CASE_KEY_CURRENT_ID, or CASE_KEYS_FILE.
   */
  caseKeys: KeyRing;
  /** RETENTION_SWEEP_EVERY: how often the retention sweep destroys the data of cases whose retention ended (default 24h). */
  retentionSweepEvery: Duration;
  /** AES-256-GCM keys for every Temporal payload (src/temporal/payload-codec.ts). */
  payloadCodec: {
    /** key id → 32-byte key; the active key encrypts, any listed key decrypts (rotation). */
    keys: Record<string, Buffer>;
    activeKeyId: string;
    /** Origin of the Temporal UI allowed to call the codec endpoint from a browser (CORS); null: none. */
    uiOrigin: string | null;
  };
  /** How long POST /v1/cases waits for the workflow to persist CaseOpened before answering 202. */
  openWaitMs: number;
  /** How long a command on a case waits for the workflow to confirm before answering 503. */
  commandWaitMs: number;
  /**
   * On SIGTERM, how long the API keeps serving (readiness false, every answer with
   * `Connection: close`) before it stops listening: load balancers stop sending, clients on kept-alive
   * connections get their answer and reconnect elsewhere, and no accepted request is dropped.
   */
  shutdownDrainMs: number;
  /**
   * Load shedding of the calls that wait on a case's workflow (opening, commands): at most
   * TEMPORAL_MAX_INFLIGHT at once, TEMPORAL_MAX_QUEUE waiting, none waiting over
   * TEMPORAL_QUEUE_WAIT_MS; beyond that 503 with Retry-After (src/common/admission.ts).
   */
  admission?: { limit: number; queue: number; waitMs: number };
  /** CASE_HISTORY_LIMIT: a case's workflow continues as new once its history has this many events (null: the workflow's default). */
  caseHistoryLimit?: number | null;
  /** Auditing (issue 5). Optional: the API starts without it; checkpoints then go unchecked. */
  audit?: AuditConfig;
  /** NODE_ENV=production: no development secret, keys checked (src/config/production.ts). */
  production?: boolean;
  /** Traces and worker metrics (issue 15); absent: no export, no worker metrics endpoint. */
  telemetry?: TelemetryConfig;
  /** Signals in over NATS JetStream (issue 14): NATS_URL set. Absent: HTTP batches only. */
  signalsIn?: SignalsInConfig | null;
}

export interface SignalsInConfig {
  natsUrl: string;
  /** SIGNALS_STREAM (CASEWORK_SIGNALS): the stream of `<subjectPrefix>.<source system id>`. */
  stream: string;
  /** SIGNALS_SUBJECT_PREFIX (casework.signals). */
  subjectPrefix: string;
  /** SIGNAL_SOURCES: JSON {"<source system id>": "<its 12-digit division>"}: who may send, in what scope. */
  sources: Record<string, string>;
}

function signalsIn(env: NodeJS.ProcessEnv): SignalsInConfig | null {
  if (!env.NATS_URL) return null;
  let sources: unknown;
  try {
    sources = JSON.parse(env.SIGNAL_SOURCES || '{}');
  } catch {
    throw new ConfigError('SIGNAL_SOURCES must be JSON: {"<source system id>": "<12-digit division>"}');
  }
  const ok = typeof sources === 'object' && sources !== null && Object.values(sources).every((d) => typeof d === 'string' && /^\d{12}$/.test(d));
  if (!ok) throw new ConfigError('SIGNAL_SOURCES must map each source system id to a 12-digit division code');
  return {
    natsUrl: env.NATS_URL,
    stream: env.SIGNALS_STREAM || 'CASEWORK_SIGNALS',
    subjectPrefix: env.SIGNALS_SUBJECT_PREFIX || 'casework.signals',
    sources: sources as Record<string, string>,
  };
}

export interface TelemetryConfig {
  /** OTEL_SERVICE_NAME, else casework-api / casework-worker. */
  serviceName: string | null;
  /** OTEL_EXPORTER_OTLP_ENDPOINT (OTLP/HTTP, e.g. http://collector:4318): traces are exported there. */
  otlpEndpoint: string | null;
  /** WORKER_METRICS_ADDRESS (host:port): the worker's Prometheus endpoint (Temporal SDK runtime). */
  workerMetricsAddress: string | null;
  /** LOG_LEVEL of the worker's JSON log: TRACE, DEBUG, INFO (default), WARN or ERROR. */
  logLevel: LogLevel;
}

const LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'] as const;
type LogLevel = (typeof LOG_LEVELS)[number];

function logLevel(value: string): LogLevel {
  const level = value.toUpperCase();
  if (!(LOG_LEVELS as readonly string[]).includes(level)) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  return level as LogLevel;
}

export interface AuditConfig {
  /** AUDIT_SIGNING_KEY: Ed25519 private key (base64 PKCS8 DER or PEM) that signs checkpoints. */
  signingKey: string | null;
  /** AUDIT_PUBLIC_KEY: the trusted key to check checkpoints with; else derived from the signing key. */
  publicKey: string | null;
  /** AUDIT_WORKFLOW_BUNDLE: a prebuilt workflow bundle for replay checks; else bundled from source. */
  workflowBundlePath: string | null;
  /** AUDIT_CHECKPOINT_EVERY: how often the worker's schedule signs a checkpoint (Temporal duration, e.g. "24h"). */
  checkpointEvery?: Duration;
  /** AUDIT_CHECKPOINT_DIR: where each checkpoint is also written, outside the database (null: not written). */
  checkpointDir?: string | null;
}

export class ConfigError extends Error {}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new ConfigError(`environment variable ${name} is required`);
  return value;
}

function key32(name: string, base64: string): Buffer {
  const key = Buffer.from(base64, 'base64');
  if (key.length !== 32) throw new ConfigError(`${name} must be 32 bytes, base64-encoded`);
  return key;
}

/** PII_KEYS="k1:<base64>,k2:<base64>" (TEMPORAL_PAYLOAD_KEYS alike) */
function parseKeys(spec: string, name = 'PII_KEYS'): Record<string, Buffer> {
  const keys: Record<string, Buffer> = {};
  for (const part of spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [id, material] = part.split(':');
    if (!id || !material) throw new ConfigError(`${name} must look like "keyid:base64,keyid2:base64"`);
    keys[id] = key32(`${name}[${id}]`, material);
  }
  return keys;
}

function checkpointInterval(every: string): Duration {
  if (!/^\d+(s|m|h|d)$/.test(every)) throw new ConfigError('AUDIT_CHECKPOINT_EVERY must look like "24h", "30m" or "7d"');
  return every as Duration;
}

function databaseRole(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new ConfigError('DATABASE_ROLE must be a plain lower-case role name');
  return name;
}

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (!raw) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new ConfigError(`${name} must be a whole number ≥ 1`);
  return n;
}

/**
 * CASE_KEYS_FILE: {"current": "k2", "keys": {"k1": "<base64>", "k2": "<base64>"}} (a mounted secret);
 * else CASE_KEYS="k1:<base64>,k2:<base64>" with CASE_KEY_CURRENT_ID (default: the first); else, so
 * that an existing deployment keeps starting, the personal-data key ring (set CASE_KEYS apart in
 * production: one key, one purpose).
 */
function caseKeyRing(env: NodeJS.ProcessEnv, pii: { keys: Record<string, Buffer>; activeKeyId: string }): KeyRing {
  if (env.CASE_KEYS_FILE) {
    let doc: { current?: unknown; keys?: unknown };
    try {
      doc = JSON.parse(readFileSync(env.CASE_KEYS_FILE, 'utf8')) as typeof doc;
    } catch {
      throw new ConfigError('CASE_KEYS_FILE must name a readable JSON file {"current": id, "keys": {id: base64}}');
    }
    if (typeof doc.keys !== 'object' || doc.keys === null || typeof doc.current !== 'string') {
      throw new ConfigError('CASE_KEYS_FILE must hold {"current": id, "keys": {id: base64}}');
    }
    const keys = Object.fromEntries(
      Object.entries(doc.keys as Record<string, unknown>).map(([id, b64]) => [id, key32(`CASE_KEYS_FILE[${id}]`, String(b64))]),
    );
    if (!keys[doc.current]) throw new ConfigError(`CASE_KEYS_FILE: the current key ${doc.current} is not among its keys`);
    return { keys, activeKeyId: doc.current };
  }
  if (env.CASE_KEYS) {
    const keys = parseKeys(env.CASE_KEYS, 'CASE_KEYS');
    const current = env.CASE_KEY_CURRENT_ID || Object.keys(keys)[0];
    if (!keys[current]) throw new ConfigError(`CASE_KEY_CURRENT_ID=${current} is not in CASE_KEYS`);
    return { keys, activeKeyId: current };
  }
  return { keys: pii.keys, activeKeyId: pii.activeKeyId };
}

function sweepInterval(every: string): Duration {
  if (!/^\d+(m|h|d)$/.test(every)) throw new ConfigError('RETENTION_SWEEP_EVERY must look like "24h", "30m" or "7d"');
  return every as Duration;
}

function historyLimit(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 20 || n > 10000) throw new ConfigError('CASE_HISTORY_LIMIT must be a whole number from 20 to 10000');
  return n;
}

export function loadConfig(rawEnv: NodeJS.ProcessEnv = process.env): AppConfig {
  const env = withFileSecrets(rawEnv);
  const keys = parseKeys(required(env, 'PII_KEYS'));
  // `||`: docker-compose passes an unset optional variable as the empty string.
  const activeKeyId = env.PII_ACTIVE_KEY_ID || Object.keys(keys)[0];
  if (!keys[activeKeyId]) throw new ConfigError(`PII_ACTIVE_KEY_ID=${activeKeyId} is not in PII_KEYS`);
  const payloadKeys = parseKeys(required(env, 'TEMPORAL_PAYLOAD_KEYS'), 'TEMPORAL_PAYLOAD_KEYS');
  const payloadActiveKeyId = env.TEMPORAL_PAYLOAD_ACTIVE_KEY_ID || Object.keys(payloadKeys)[0];
  if (!payloadKeys[payloadActiveKeyId]) {
    throw new ConfigError(`TEMPORAL_PAYLOAD_ACTIVE_KEY_ID=${payloadActiveKeyId} is not in TEMPORAL_PAYLOAD_KEYS`);
  }
  const devSecret = env.AUTH_DEV_SECRET ?? null;
  const jwksUrl = env.AUTH_JWKS_URL ?? null;
  if (!devSecret && !jwksUrl) throw new ConfigError('set AUTH_JWKS_URL (production) or AUTH_DEV_SECRET (development)');
  const production = isProduction(env);
  const blindIndexKey = key32('PII_BLIND_INDEX_KEY', required(env, 'PII_BLIND_INDEX_KEY'));
  const caseKeys = caseKeyRing(env, { keys, activeKeyId });
  if (production) {
    const problems = productionProblems({
      devSecret,
      jwksUrl,
      issuer: env.AUTH_ISSUER,
      keyRings: [
        { name: 'PII_KEYS', keys },
        { name: 'TEMPORAL_PAYLOAD_KEYS', keys: payloadKeys },
        { name: 'CASE_KEYS', keys: caseKeys.keys },
      ],
      singleKeys: [{ name: 'PII_BLIND_INDEX_KEY', key: blindIndexKey }],
    });
    if (problems.length) throw new ConfigError(`refusing to start in production: ${problems.join('; ')}`);
  }
  return {
    port: Number(env.PORT ?? 3000),
    databaseUrl: required(env, 'DATABASE_URL'),
    databaseRole: databaseRole(env.DATABASE_ROLE || 'casework_api'),
    temporal: {
      address: required(env, 'TEMPORAL_ADDRESS'),
      namespace: env.TEMPORAL_NAMESPACE ?? 'default',
      taskQueue: env.TEMPORAL_TASK_QUEUE ?? 'casework',
    },
    auth: {
      devSecret,
      jwksUrl,
      issuer: env.AUTH_ISSUER ?? 'casework-dev',
      audience: env.AUTH_AUDIENCE ?? 'casework',
      clockToleranceSeconds: Number(env.AUTH_CLOCK_TOLERANCE_SECONDS ?? 30),
    },
    pii: { keys, activeKeyId, blindIndexKey },
    caseKeys,
    retentionSweepEvery: sweepInterval(env.RETENTION_SWEEP_EVERY || '24h'),
    payloadCodec: { keys: payloadKeys, activeKeyId: payloadActiveKeyId, uiOrigin: env.TEMPORAL_UI_ORIGIN || null },
    openWaitMs: Number(env.OPEN_WAIT_MS ?? 5000),
    commandWaitMs: Number(env.COMMAND_WAIT_MS ?? 10000),
    shutdownDrainMs: Number(env.SHUTDOWN_DRAIN_MS ?? 2000),
    admission: {
      limit: positive(env, 'TEMPORAL_MAX_INFLIGHT', 32),
      queue: positive(env, 'TEMPORAL_MAX_QUEUE', 64),
      waitMs: positive(env, 'TEMPORAL_QUEUE_WAIT_MS', 1000),
    },
    caseHistoryLimit: env.CASE_HISTORY_LIMIT ? historyLimit(env.CASE_HISTORY_LIMIT) : null,
    audit: {
      signingKey: env.AUDIT_SIGNING_KEY || null,
      publicKey: env.AUDIT_PUBLIC_KEY || null,
      workflowBundlePath: env.AUDIT_WORKFLOW_BUNDLE || null,
      checkpointEvery: checkpointInterval(env.AUDIT_CHECKPOINT_EVERY || '24h'),
      checkpointDir: env.AUDIT_CHECKPOINT_DIR || null,
    },
    production,
    telemetry: {
      serviceName: env.OTEL_SERVICE_NAME || null,
      otlpEndpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT || null,
      workerMetricsAddress: env.WORKER_METRICS_ADDRESS || null,
      logLevel: logLevel(env.LOG_LEVEL || 'INFO'),
    },
    signalsIn: signalsIn(env),
  };
}
