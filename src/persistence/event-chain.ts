import { createHash } from 'node:crypto';
import { canonicalJson } from '../common/canonical-json';

// The tamper-evident chain of a case's events (SPEC §4):
//   hash = sha256(prev_hash ‖ canonical JSON of the event), prev_hash of seq 1 = 64 zeros.

export const GENESIS_HASH = '0'.repeat(64);

export interface ChainedEventContent {
  caseId: string;
  seq: number;
  type: string;
  data: unknown;
  actor: string;
  /** ISO instant exactly as hashed (workflow time, millisecond precision, `Z`). */
  occurredAt: string;
  policyVersion: string;
}

export function eventHash(prevHash: string, e: ChainedEventContent): string {
  const body = canonicalJson({
    case_id: e.caseId,
    seq: e.seq,
    type: e.type,
    data: e.data,
    actor: e.actor,
    occurred_at: e.occurredAt,
    policy_version: e.policyVersion,
  });
  return createHash('sha256').update(prevHash).update(body).digest('hex');
}
