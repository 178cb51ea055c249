import { randomUUID } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { signCheckpoint, type CaseHead, type CheckpointDocument } from './checkpoint-signing';

// Creating and reading the signed checkpoints kept in case_checkpoints.

/** Sign the current head of every case, store it, and return the document (also for a file). */
export async function createCheckpoint(db: DataSource, key: KeyObject): Promise<CheckpointDocument> {
  // REPEATABLE READ: every head comes from the same snapshot of the log.
  return db.transaction('REPEATABLE READ', async (tx) => {
    const heads: { case_id: string; seq: number; hash: string }[] = await tx.query(
      'SELECT DISTINCT ON (case_id) case_id, seq, hash FROM case_events ORDER BY case_id, seq DESC',
    );
    const [{ now }]: { now: Date }[] = await tx.query('SELECT now() AS now');
    const doc = signCheckpoint(
      randomUUID(),
      now.toISOString(),
      heads.map((h): CaseHead => ({ caseId: h.case_id, seq: h.seq, hash: h.hash })),
      key,
    );
    await tx.query(
      `INSERT INTO case_checkpoints (checkpoint_id, created_at, case_count, heads_digest, heads, public_key, signature)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [doc.checkpointId, doc.createdAt, doc.caseCount, doc.headsDigest, JSON.stringify(doc.heads), doc.publicKey, doc.signature],
    );
    return doc;
  });
}

/** The most recent checkpoint that covers the case, as a full document (for signature checking). */
export async function latestCheckpointFor(db: DataSource, caseId: string): Promise<CheckpointDocument | null> {
  const rows: {
    checkpoint_id: string;
    created_at: Date;
    case_count: number;
    heads_digest: string;
    heads: CaseHead[];
    public_key: string;
    signature: string;
  }[] = await db.query(
    `SELECT checkpoint_id, created_at, case_count, heads_digest, heads, public_key, signature
       FROM case_checkpoints WHERE heads @> $1::jsonb ORDER BY created_at DESC LIMIT 1`,
    [JSON.stringify([{ caseId }])],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    format: 'casework-checkpoint/1',
    checkpointId: r.checkpoint_id,
    createdAt: r.created_at.toISOString(),
    caseCount: r.case_count,
    headsDigest: r.heads_digest.trim(),
    heads: r.heads,
    publicKey: r.public_key,
    signature: r.signature,
  };
}
