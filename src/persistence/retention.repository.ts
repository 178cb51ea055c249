import type { CaseKind, CaseState } from '../domain';
import { rowsOf, type Queryable } from './queryable';

// What the retention sweep reads: closed cases whose closure lies before a cut-off (their
// retention ended), with no legal hold and not yet destroyed.

/** Closed cases of a kind closed at or before `closedBefore` (ISO), oldest first, not shredded, not held. */
export async function closedCasesOfKindBefore(
  db: Queryable,
  q: { kind: CaseKind; closedBefore: string; limit: number; onlyCaseIds: readonly string[] | null },
): Promise<CaseState[]> {
  const rows = await rowsOf<{ state: CaseState }>(
    db,
    `SELECT state FROM cases
      WHERE status = 'closed' AND kind = $1 AND state->>'closedAt' <= $2
        AND coalesce(state->>'shreddedAt', '') = ''
        AND coalesce(jsonb_typeof(state->'legalHold'), 'null') = 'null'
        AND ($4::uuid[] IS NULL OR case_id = ANY($4::uuid[]))
      ORDER BY state->>'closedAt' LIMIT $3`,
    [q.kind, q.closedBefore, q.limit, q.onlyCaseIds],
  );
  return rows.map((r) => r.state);
}
