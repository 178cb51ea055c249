import { eventHash, GENESIS_HASH, type ChainedEventContent } from '../persistence/event-chain';

// Checks one case's hash chain (SPEC §4). Shared by the verification endpoint (rows from
// PostgreSQL) and the offline CLI (lines of an export file), so both report the same first bad seq.

/** One stored event as the chain sees it: every column the hash covers, plus the links. */
export interface ChainRow extends ChainedEventContent {
  prevHash: string;
  hash: string;
}

/** What a signed checkpoint says the case's chain contained at some moment. */
export interface ChainAnchor {
  seq: number;
  hash: string;
}

export type ChainFault =
  /** The expected seq is missing (a deleted row) or rows are out of order. */
  | 'missing_seq'
  /** The row does not point at the hash of the row before it. */
  | 'prev_hash_mismatch'
  /** The row's content does not hash to its stored hash (the row was edited). */
  | 'hash_mismatch'
  /** The chain is internally consistent but differs from the signed checkpoint (recomputed chain). */
  | 'checkpoint_mismatch'
  /** The chain ends before the seq the signed checkpoint saw (tail cut off). */
  | 'missing_after_checkpoint';

export interface ChainReport {
  valid: boolean;
  /** The first seq that cannot be trusted, or null when valid. */
  firstBadSeq: number | null;
  fault: ChainFault | null;
  events: number;
  /** The last row seen, whether or not the chain is valid. */
  head: ChainAnchor | null;
  /** Whether a checkpoint anchor was compared (null: no checkpoint covers this case). */
  anchoredAt: ChainAnchor | null;
}

/** Feeds rows in seq order, one at a time, so an export of any size is checked in constant memory. */
export class ChainVerifier {
  private expectedSeq = 1;
  private prevHash = GENESIS_HASH;
  private fault: { seq: number; fault: ChainFault } | null = null;
  private events = 0;
  private head: ChainAnchor | null = null;
  /** Hashes at the seqs a checkpoint may ask about; only the anchor's seq is kept. */
  private hashAtAnchor: string | null = null;

  constructor(
    readonly caseId: string,
    private readonly anchor: ChainAnchor | null = null,
  ) {}

  push(row: ChainRow): void {
    this.events++;
    this.head = { seq: row.seq, hash: row.hash };
    if (this.anchor && row.seq === this.anchor.seq) this.hashAtAnchor = row.hash;
    if (this.fault) return;
    if (row.caseId !== this.caseId || row.seq !== this.expectedSeq) {
      this.fault = { seq: this.expectedSeq, fault: 'missing_seq' };
      return;
    }
    if (row.prevHash !== this.prevHash) {
      this.fault = { seq: row.seq, fault: 'prev_hash_mismatch' };
      return;
    }
    const recomputed = eventHash(row.prevHash, row);
    if (recomputed !== row.hash) {
      this.fault = { seq: row.seq, fault: 'hash_mismatch' };
      return;
    }
    this.prevHash = row.hash;
    this.expectedSeq++;
  }

  finish(): ChainReport {
    const base = { events: this.events, head: this.head, anchoredAt: this.anchor };
    if (this.fault) return { ...base, valid: false, firstBadSeq: this.fault.seq, fault: this.fault.fault };
    if (this.anchor) {
      const lastSeq = this.expectedSeq - 1;
      if (lastSeq < this.anchor.seq) return { ...base, valid: false, firstBadSeq: lastSeq + 1, fault: 'missing_after_checkpoint' };
      // A chain recomputed from an edited event is self-consistent; only the signed hash catches it.
      if (this.hashAtAnchor !== this.anchor.hash) return { ...base, valid: false, firstBadSeq: this.anchor.seq, fault: 'checkpoint_mismatch' };
    }
    return { ...base, valid: true, firstBadSeq: null, fault: null };
  }
}

export function verifyChain(caseId: string, rows: Iterable<ChainRow>, anchor: ChainAnchor | null = null): ChainReport {
  const verifier = new ChainVerifier(caseId, anchor);
  for (const row of rows) verifier.push(row);
  return verifier.finish();
}
