import type { ChainRow } from './chain-verification';

// The export file (JSON Lines): a header naming the export, one line per event row with its
// chain links, a trailer with counts. Events of a case are contiguous and in seq order.

export const EXPORT_FORMAT = 'casework-export/1';

export type ExportScope = { case: string } | { division: string; from: string; to: string };

export interface ExportHeader {
  record: 'header';
  format: typeof EXPORT_FORMAT;
  exportId: string;
  createdAt: string;
  exportedBy: string;
  scope: ExportScope;
}

/** One row of case_events, column names as in the table. */
export interface ExportEventLine {
  record: 'event';
  case_id: string;
  seq: number;
  type: string;
  data: unknown;
  actor: string;
  occurred_at: string;
  policy_version: string;
  prev_hash: string;
  hash: string;
}

export interface ExportTrailer {
  record: 'trailer';
  exportId: string;
  cases: number;
  events: number;
}

export type ExportLine = ExportHeader | ExportEventLine | ExportTrailer;

export function eventLine(row: ChainRow): ExportEventLine {
  return {
    record: 'event',
    case_id: row.caseId,
    seq: row.seq,
    type: row.type,
    data: row.data,
    actor: row.actor,
    occurred_at: row.occurredAt,
    policy_version: row.policyVersion,
    prev_hash: row.prevHash,
    hash: row.hash,
  };
}

export function chainRowOf(line: ExportEventLine): ChainRow {
  return {
    caseId: line.case_id,
    seq: line.seq,
    type: line.type,
    data: line.data,
    actor: line.actor,
    occurredAt: line.occurred_at,
    policyVersion: line.policy_version,
    prevHash: line.prev_hash,
    hash: line.hash,
  };
}
