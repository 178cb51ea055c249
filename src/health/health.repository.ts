import type { Queryable } from '../persistence/queryable';

/** Does PostgreSQL answer a trivial query? (Throws when it does not.) */
export async function pingDatabase(db: Queryable): Promise<void> {
  await db.query('SELECT 1');
}
