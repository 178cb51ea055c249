import type { DataSource, EntityManager } from 'typeorm';

// Persistence style: SQL is written by hand, parameterised, in `*.repository.ts` modules whose
// functions are named for what they fetch or store; each takes the executor it runs on (the pool,
// or a transaction scoped by ScopedDb). Services hold no SQL; migrations define the schema.

/** Something that runs SQL: the pool, or a (scoped) transaction. */
export type Queryable = Pick<DataSource | EntityManager, 'query'>;

/** The rows of a query, typed by the repository that wrote it. */
export function rowsOf<T>(db: Queryable, sql: string, params: readonly unknown[] = []): Promise<T[]> {
  return db.query<T[]>(sql, [...params]);
}
