import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { KeyProvider } from '../keys/key-provider';
import {
  caseKeysToRewrap,
  caseKeysToRewrapCount,
  liveKeysByKek,
  recordRewrapProgress,
  rewrapRunsNewestFirst,
  startRewrapRun,
  storeRewrappedKey,
  type RewrapRun,
} from './case-keys.repository';
import { caseKeyContext } from './case-keys';

// Key rotation without downtime: once a new key-encryption key is current (every process holds the
// old and the new one), this job rewraps each case's data key under it, a short transaction per
// batch, recording its progress; readers keep working throughout, with either wrapping. When no
// live key is left under the old KEK (`keyStatus`), the old KEK can be removed from the ring.
// The data keys themselves do not change, so nothing encrypted under them is touched.

export interface RewrapProgress {
  runId: string;
  rewrapped: number;
  failed: number;
  remaining: number;
}

export interface RewrapOptions {
  /** Keys per transaction (default 200). */
  batchSize?: number;
  /** Move only keys wrapped by these KEKs (default: every key not under the current one). */
  fromKekIds?: readonly string[];
  /** Called after each committed batch (progress to a console, or a test reading meanwhile). */
  onBatch?: (progress: RewrapProgress) => Promise<void> | void;
}

const log = new Logger('key-rotation');

export async function rewrapCaseKeys(db: DataSource, provider: KeyProvider, opts: RewrapOptions = {}): Promise<RewrapProgress> {
  const target = provider.currentKeyId;
  const fromKekIds = opts.fromKekIds ?? null;
  const batchSize = opts.batchSize ?? 200;
  const runId = randomUUID();
  const progress: RewrapProgress = { runId, rewrapped: 0, failed: 0, remaining: await caseKeysToRewrapCount(db, target, fromKekIds) };
  await startRewrapRun(db, runId, target, progress.remaining);
  let after: string | null = null;
  for (;;) {
    const batch = await db.transaction(async (tx) => {
      const rows = await caseKeysToRewrap(tx, { target, fromKekIds, afterCaseId: after, limit: batchSize });
      let rewrapped = 0;
      let failed = 0;
      for (const row of rows) {
        if (row.wrapped === null) continue;
        try {
          const dataKey = await provider.unwrap(row.kekId, row.wrapped, caseKeyContext(row.caseId));
          const next = await provider.wrap(dataKey, caseKeyContext(row.caseId));
          await storeRewrappedKey(tx, { caseId: row.caseId, kekId: next.keyId, wrapped: next.wrapped });
          rewrapped++;
        } catch (e) {
          // Left as it was and counted: the old KEK must not be retired while any such key remains.
          log.warn({ msg: 'case key not rewrapped', caseId: row.caseId, kekId: row.kekId, error: (e as Error).name });
          failed++;
        }
      }
      const last = rows.at(-1)?.caseId ?? null;
      await recordRewrapProgress(tx, runId, { rewrapped, failed, lastCaseId: last, finished: rows.length < batchSize });
      return { rewrapped, failed, last, done: rows.length < batchSize };
    });
    progress.rewrapped += batch.rewrapped;
    progress.failed += batch.failed;
    progress.remaining = Math.max(0, progress.remaining - batch.rewrapped - batch.failed);
    after = batch.last ?? after;
    if (batch.done) progress.remaining = 0;
    await opts.onBatch?.({ ...progress });
    if (batch.done) return progress;
  }
}

/** Live data keys per KEK, and the latest runs: a KEK with no live key left can be retired. */
export async function keyStatus(db: DataSource): Promise<{ liveKeysByKek: Record<string, number>; runs: RewrapRun[] }> {
  return { liveKeysByKek: await liveKeysByKek(db), runs: await rewrapRunsNewestFirst(db, 5) };
}
