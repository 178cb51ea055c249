import { rowsOf, type Queryable } from '../persistence/queryable';
import type { CaseHead, CheckpointDocument } from './checkpoint-signing';

// Signed checkpoints of every case's chain head (table `case_checkpoints`, append-only).

/** The last (seq, hash) of every case's chain, as of the transaction's snapshot. */
export async function chainHeads(tx: Queryable): Promise<CaseHead[]> {
  const rows = await rowsOf<{ case_id: string; seq: number; hash: string }>(
    tx,
    'SELECT DISTINCT ON (case_id) case_id, seq, hash FROM case_events ORDER BY case_id, seq DESC',
  );
  return rows.map((h) => ({ caseId: h.case_id, seq: h.seq, hash: h.hash }));
}

/** The database's clock at the start of the transaction (a checkpoint's time). */
export async function transactionTime(tx: Queryable): Promise<string> {
  const [{ now }] = await rowsOf<{ now: Date }>(tx, 'SELECT now() AS now');
  return now.toISOString();
}

export async function insertCheckpoint(tx: Queryable, doc: CheckpointDocument): Promise<void> {
  await tx.query(
    `INSERT INTO case_checkpoints (checkpoint_id, created_at, case_count, heads_digest, heads, public_key, signature)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [doc.checkpointId, doc.createdAt, doc.caseCount, doc.headsDigest, JSON.stringify(doc.heads), doc.publicKey, doc.signature],
  );
}

/** The most recent checkpoint that covers the case, as a full document (for signature checking). */
export async function latestCheckpointFor(db: Queryable, caseId: string): Promise<CheckpointDocument | null> {
  const rows = await rowsOf<{
    checkpoint_id: string;
    created_at: Date;
    case_count: number;
    heads_digest: string;
    heads: CaseHead[];
    public_key: string;
    signature: string;
  }>(
    db,
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
