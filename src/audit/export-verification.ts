import type { KeyObject } from 'node:crypto';
import { ChainVerifier, type ChainFault } from './chain-verification';
import { verifyCheckpoint, type CheckpointDocument } from './checkpoint-signing';
import { chainRowOf, EXPORT_FORMAT, type ExportEventLine, type ExportLine } from './export-format';

// Offline check of an export file against a signed checkpoint file: recompute every hash, follow
// every link, and compare each case's chain with the head the checkpoint signed.

export type FileFault = 'bad_line' | 'missing_header' | 'missing_trailer' | 'trailer_mismatch' | 'case_not_contiguous';

export interface CaseFault {
  caseId: string;
  seq: number | null;
  fault: ChainFault | FileFault;
}

export interface ExportVerificationReport {
  valid: boolean;
  checkpoint: { checkpointId: string; createdAt: string; signatureValid: boolean; reason?: string };
  exportId: string | null;
  cases: number;
  events: number;
  /** Cases checked against a signed head; the rest are newer than the checkpoint (chain only). */
  anchoredCases: number;
  /** The first problem in file order, or null. */
  firstBad: CaseFault | null;
  /** Every case with a problem (the first per case), up to 1,000. */
  faults: CaseFault[];
}

const MAX_FAULTS = 1000;

export async function verifyExport(
  lines: AsyncIterable<string>,
  checkpoint: CheckpointDocument,
  trusted: KeyObject,
): Promise<ExportVerificationReport> {
  const signature = verifyCheckpoint(checkpoint, trusted);
  const anchors = new Map(checkpoint.heads.map((h) => [h.caseId, { seq: h.seq, hash: h.hash }]));
  const faults: CaseFault[] = [];
  const note = (fault: CaseFault) => {
    if (faults.length < MAX_FAULTS) faults.push(fault);
  };
  const seenCases = new Set<string>();
  let current = null as ChainVerifier | null;
  let exportId: string | null = null;
  let trailer = null as Extract<ExportLine, { record: 'trailer' }> | null;
  let cases = 0;
  let events = 0;
  let anchoredCases = 0;
  let lineNo = 0;

  const closeCase = () => {
    if (!current) return;
    const report = current.finish();
    if (!report.valid) note({ caseId: current.caseId, seq: report.firstBadSeq, fault: report.fault! });
    current = null;
  };

  for await (const raw of lines) {
    lineNo++;
    if (raw.trim() === '') continue;
    let line: ExportLine;
    try {
      line = JSON.parse(raw) as ExportLine;
    } catch {
      note({ caseId: current?.caseId ?? '', seq: null, fault: 'bad_line' });
      continue;
    }
    if (lineNo === 1) {
      if (line.record !== 'header' || line.format !== EXPORT_FORMAT) note({ caseId: '', seq: null, fault: 'missing_header' });
      else exportId = line.exportId;
      if (line.record === 'header') continue;
    }
    if (trailer) {
      note({ caseId: '', seq: null, fault: 'trailer_mismatch' }); // anything after the trailer
      continue;
    }
    if (line.record === 'trailer') {
      trailer = line;
      continue;
    }
    if (line.record !== 'event') {
      note({ caseId: '', seq: null, fault: 'bad_line' });
      continue;
    }
    const event: ExportEventLine = line;
    if (current?.caseId !== event.case_id) {
      closeCase();
      if (seenCases.has(event.case_id)) {
        note({ caseId: event.case_id, seq: event.seq, fault: 'case_not_contiguous' });
        continue;
      }
      seenCases.add(event.case_id);
      cases++;
      const anchor = anchors.get(event.case_id) ?? null;
      if (anchor) anchoredCases++;
      current = new ChainVerifier(event.case_id, anchor);
    }
    events++;
    current.push(chainRowOf(event));
  }
  closeCase();
  if (!trailer) note({ caseId: '', seq: null, fault: 'missing_trailer' });
  else if (trailer.cases !== cases || trailer.events !== events || trailer.exportId !== exportId)
    note({ caseId: '', seq: null, fault: 'trailer_mismatch' });

  return {
    valid: signature.valid && faults.length === 0,
    checkpoint: {
      checkpointId: checkpoint.checkpointId,
      createdAt: checkpoint.createdAt,
      signatureValid: signature.valid,
      ...(signature.valid ? {} : { reason: signature.reason }),
    },
    exportId,
    cases,
    events,
    anchoredCases,
    firstBad: faults[0] ?? null,
    faults,
  };
}
