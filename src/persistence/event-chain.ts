import { createHash } from 'node:crypto';

// The tamper-evident chain of a case's events (SPEC §4):
//   hash = sha256(prev_hash ‖ canonical JSON of the event), prev_hash of seq 1 = 64 zeros.

export const GENESIS_HASH = '0'.repeat(64);

/** Canonical JSON (RFC 8785 style for plain JSON data): object keys sorted, no whitespace. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('non-finite number in event');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

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
