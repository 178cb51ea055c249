import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { significantPrefix } from '../domain';

/** Someone with a place in the division tree: their scope is its subtree. */
export interface Scoped {
  division: string;
}

/**
 * Reads in a principal's scope. PostgreSQL's row-level security (migration 1764800000000) shows
 * the API role only cases under `casework.scope`, set here for one transaction; a query run
 * outside `read` sees no case at all.
 */
@Injectable()
export class ScopedDb {
  constructor(private readonly db: DataSource) {}

  read<T>(principal: Scoped, work: (db: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(async (tx) => {
      await tx.query(`SELECT set_config('casework.scope', $1, true)`, [significantPrefix(principal.division)]);
      return work(tx);
    });
  }

  /**
   * For a read that outlives one call (a streamed export): the caller must `release()` when done.
   */
  async open(principal: Scoped): Promise<{ db: EntityManager; release(): Promise<void> }> {
    const runner = this.db.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    await runner.query(`SELECT set_config('casework.scope', $1, true)`, [significantPrefix(principal.division)]);
    return {
      db: runner.manager,
      async release() {
        try {
          await runner.commitTransaction();
        } finally {
          await runner.release();
        }
      },
    };
  }
}
