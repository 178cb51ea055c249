import { randomUUID } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { signCheckpoint, type CheckpointDocument } from './checkpoint-signing';
import { chainHeads, insertCheckpoint, transactionTime } from './checkpoints.repository';

/** Sign the current head of every case, store it, and return the document (also for a file). */
export async function createCheckpoint(db: DataSource, key: KeyObject): Promise<CheckpointDocument> {
  // REPEATABLE READ: every head comes from the same snapshot of the log.
  return db.transaction('REPEATABLE READ', async (tx) => {
    const doc = signCheckpoint(randomUUID(), await transactionTime(tx), await chainHeads(tx), key);
    await insertCheckpoint(tx, doc);
    return doc;
  });
}
