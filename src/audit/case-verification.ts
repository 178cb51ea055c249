import type { KeyObject } from 'node:crypto';
import { fold, type CaseState } from '../domain';
import { canonicalJson } from '../common/canonical-json';
import { verifyChain, type ChainAnchor, type ChainReport } from './chain-verification';
import { verifyCheckpoint, type CheckpointDocument } from './checkpoint-signing';
import { toCaseEvent, type EventLogRow } from './case-events.repository';
import type { TemporalReplayReport } from './history-replay';

// The auditor's report on one case: is the chain intact (and does it match the last signed
// checkpoint), does the read model equal the fold of the log, does Temporal's history replay?

export interface CheckpointReport {
  checked: boolean;
  checkpointId?: string;
  createdAt?: string;
  signatureValid?: boolean;
  /** The head the checkpoint signed for this case. */
  seq?: number;
  reason?: string;
}

export interface ReadModelReport {
  equalsFold: boolean;
  readModelVersion: number | null;
  foldVersion: number | null;
  /** Names of the top-level state fields that differ (names only: values may be personal). */
  differingFields: string[];
  foldError?: string;
}

export interface CaseVerificationReport {
  caseId: string;
  chain: Pick<ChainReport, 'valid' | 'firstBadSeq' | 'fault' | 'events' | 'head'>;
  checkpoint: CheckpointReport;
  readModel: ReadModelReport;
  /**
   * The running workflow's own state (its Query) against the fold: catches events forged after
   * the last checkpoint even when the read model was rewritten to match them.
   */
  workflowState: ({ checked: true } & ReadModelReport) | { checked: false; reason: string };
  temporal: TemporalReplayReport;
}

/** The anchor a checkpoint gives for the case, when its signature holds under the trusted key. */
export function checkpointAnchor(
  caseId: string,
  checkpoint: CheckpointDocument | null,
  trusted: KeyObject | null,
): { anchor: ChainAnchor | null; report: CheckpointReport } {
  if (!checkpoint) return { anchor: null, report: { checked: false, reason: 'no checkpoint covers this case yet' } };
  if (!trusted) return { anchor: null, report: { checked: false, checkpointId: checkpoint.checkpointId, reason: 'no trusted key configured' } };
  const signature = verifyCheckpoint(checkpoint, trusted);
  const head = checkpoint.heads.find((h) => h.caseId === caseId) ?? null;
  const report: CheckpointReport = {
    checked: true,
    checkpointId: checkpoint.checkpointId,
    createdAt: checkpoint.createdAt,
    signatureValid: signature.valid,
    ...(head ? { seq: head.seq } : {}),
    ...(signature.valid ? {} : { reason: signature.reason }),
  };
  // A checkpoint whose signature fails anchors nothing; the report says so.
  return { anchor: signature.valid && head ? { seq: head.seq, hash: head.hash } : null, report };
}

/**
 * Does the state equal the fold of the rows? `normalize` is applied to both sides first (the
 * workflow's live state holds narratives in plaintext, the log holds them sealed).
 */
export function compareReadModel(
  readModel: CaseState | null,
  rows: readonly EventLogRow[],
  normalize: (s: CaseState) => CaseState = (s) => s,
): ReadModelReport {
  let folded: CaseState | null;
  try {
    folded = fold(rows.map(toCaseEvent));
    if (folded) folded = normalize(folded);
    if (readModel) readModel = normalize(readModel);
  } catch (e) {
    return {
      equalsFold: false,
      readModelVersion: readModel?.version ?? null,
      foldVersion: null,
      differingFields: [],
      foldError: (e as Error).message.split(' ')[0] === 'event' ? 'the log does not start with CaseOpened' : 'the log does not fold',
    };
  }
  const a = (readModel ?? {}) as Record<string, unknown>;
  const b = (folded ?? {}) as Record<string, unknown>;
  const fields = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  const differingFields = fields.filter((f) => canonicalJson(a[f] ?? null) !== canonicalJson(b[f] ?? null));
  return {
    equalsFold: readModel !== null && folded !== null && differingFields.length === 0,
    readModelVersion: readModel?.version ?? null,
    foldVersion: folded?.version ?? null,
    differingFields,
  };
}

export function chainSummary(caseId: string, rows: readonly EventLogRow[], anchor: ChainAnchor | null): CaseVerificationReport['chain'] {
  const { valid, firstBadSeq, fault, events, head } = verifyChain(caseId, rows, anchor);
  return { valid, firstBadSeq, fault, events, head };
}
