import { QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { isDatabaseUnavailable, persistenceFailure, sqlStateOf } from '../../src/persistence/persistence-errors';

// Which failed writes are retried: data errors PostgreSQL will always refuse fail for good, the
// rest (connection, shutdown, deadlock) are retried; no failure carries the driver's message.

const pgError = (code: string, message = 'invalid input syntax for type uuid: "张三 110101…"') =>
  Object.assign(new Error(message), { code, parameters: ['张三'] });
const typeormError = (code: string) => Object.assign(new Error('QueryFailedError'), { driverError: { code }, parameters: ['张三'] });

describe('classifying a failed write', () => {
  it.each(['22P05', '22P02', '22001', '23505', '23514', '54000'])('refuses for good SQLSTATE %s (data exception, integrity, limit)', (code) => {
    const failure = persistenceFailure(pgError(code));
    expect(failure).toMatchObject({ type: 'PersistenceRefused', nonRetryable: true, details: [{ sqlState: code }] });
  });

  it.each(['08006', '57P01', '57P03', '40001', '40P01', '53300'])('retries SQLSTATE %s (connection, shutdown, serialization, resources)', (code) => {
    expect(persistenceFailure(pgError(code))).toMatchObject({ type: 'PersistenceUnavailable', nonRetryable: false });
  });

  it('retries a socket error without SQLSTATE, naming only its code', () => {
    const failure = persistenceFailure(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }));
    expect(failure).toMatchObject({ type: 'PersistenceUnavailable', nonRetryable: false });
    expect(failure.message).toContain('ECONNREFUSED');
  });

  it("reads the SQLSTATE of TypeORM's QueryFailedError from its driver error", () => {
    expect(sqlStateOf(typeormError('22P05'))).toBe('22P05');
    expect(persistenceFailure(typeormError('22P05')).nonRetryable).toBe(true);
  });

  it('never carries the driver message or the parameters', () => {
    for (const code of ['22P02', '08006']) {
      const failure = persistenceFailure(pgError(code));
      expect(JSON.stringify({ message: failure.message, details: failure.details })).not.toContain('张三');
    }
  });
});

describe('telling the database is unavailable (503, not 500)', () => {
  it('takes a transaction whose connection died under it (TypeORM released its query runner) as unavailable — seen when PostgreSQL was killed mid-transaction', () => {
    expect(isDatabaseUnavailable(new QueryRunnerProviderAlreadyReleasedError())).toBe(true);
    expect(isDatabaseUnavailable(new QueryRunnerAlreadyReleasedError())).toBe(true);
  });

  it('takes a connection error, a starting-up server (57P03) and a closed client as unavailable, a programming error not', () => {
    expect(isDatabaseUnavailable(pgError('57P03', 'the database system is starting up'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Client was closed and is not queryable'))).toBe(true);
    expect(isDatabaseUnavailable(new TypeError("Cannot read properties of undefined (reading 'state')"))).toBe(false);
    expect(isDatabaseUnavailable(pgError('22P05'))).toBe(false);
  });
});
