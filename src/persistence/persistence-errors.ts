import { ApplicationFailure } from '@temporalio/common';
import { PERSISTENCE_REFUSED } from '../../workflows/case.messages';

// What a failed write means for the workflow that asked for it. A data error PostgreSQL will
// always refuse (a value it cannot store, a constraint the batch breaks, a limit it exceeds)
// fails that one write for good; anything else — a lost connection, a server shutting down, a
// deadlock — is retried until PostgreSQL is back. Either way the failure carries the SQLSTATE
// only: driver messages and TypeORM's `parameters` can quote the data (a summary, a name), and
// failures are logged by the worker.

/** Failure type of a write that may succeed later (retried). */
export const PERSISTENCE_UNAVAILABLE = 'PersistenceUnavailable';

/** SQLSTATE classes of errors the same data will always meet: 22 data exception, 23 integrity constraint, 54 program limit. */
const REFUSED_CLASSES = new Set(['22', '23', '54']);

export function sqlStateOf(error: unknown): string | null {
  const code =
    (error as { code?: unknown; driverError?: { code?: unknown } } | null)?.code ??
    (error as { driverError?: { code?: unknown } })?.driverError?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : null;
}

export function isRefusedForGood(sqlState: string | null): boolean {
  return sqlState !== null && REFUSED_CLASSES.has(sqlState.slice(0, 2));
}

/** The failure to throw from an activity for this error: no message of the driver, no parameters. */
export function persistenceFailure(error: unknown): ApplicationFailure {
  const sqlState = sqlStateOf(error);
  if (isRefusedForGood(sqlState)) {
    return ApplicationFailure.create({
      type: PERSISTENCE_REFUSED,
      message: `PostgreSQL refused the write (SQLSTATE ${sqlState})`,
      details: [{ sqlState }],
      nonRetryable: true,
    });
  }
  const code = (error as { code?: unknown } | null)?.code;
  const what = sqlState ? `SQLSTATE ${sqlState}` : typeof code === 'string' ? code : error instanceof Error ? error.name : 'error';
  return ApplicationFailure.create({
    type: PERSISTENCE_UNAVAILABLE,
    message: `PostgreSQL write failed (${what}); retrying`,
    nonRetryable: false,
  });
}

/** Run a write; a failure leaves as a classified, data-free ApplicationFailure. */
export async function classified<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (e) {
    throw persistenceFailure(e);
  }
}

/** Socket-level failures: the server is not there (or went away). */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
/**
 * TypeORM's word for a transaction whose connection died under it (seen when PostgreSQL was killed
 * between a transaction's queries, by the fault suite): the query runner was released with it.
 */
const RELEASED_RUNNER_ERRORS = new Set(['QueryRunnerProviderAlreadyReleasedError', 'QueryRunnerAlreadyReleasedError']);
/** node-postgres reports a dropped or timed-out connection without a code. */
const PG_CONNECTION_MESSAGES =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|Connection is not established|Client was closed and is not queryable|Query read timeout/i;

/**
 * Is PostgreSQL unreachable or refusing connections (down, restarting, shutting down, full)?
 * Then the API answers 503 with Retry-After, not 500.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const sqlState = sqlStateOf(error);
  if (sqlState !== null) return sqlState.startsWith('08') || sqlState.startsWith('57P') || sqlState === '53300';
  const e = error as { code?: unknown; message?: unknown; driverError?: unknown } | null;
  if (e?.driverError && e.driverError !== error) return isDatabaseUnavailable(e.driverError);
  if (typeof e?.code === 'string' && SOCKET_CODES.has(e.code)) return true;
  if (error instanceof Error && RELEASED_RUNNER_ERRORS.has(error.name)) return true;
  return typeof e?.message === 'string' && PG_CONNECTION_MESSAGES.test(e.message);
}
