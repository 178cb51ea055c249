import { rowsOf, type Queryable } from '../persistence/queryable';

/**
 * The cases among these ids and numbers that the caller's scope shows (run scoped: row-level
 * security on `cases` answers only the subtree's cases).
 */
export async function casesShownByIdOrNumber(
  db: Queryable,
  caseIds: readonly string[],
  caseNumbers: readonly string[],
): Promise<{ caseId: string; caseNumber: string }[]> {
  if (caseIds.length === 0 && caseNumbers.length === 0) return [];
  const rows = await rowsOf<{ case_id: string; case_number: string }>(
    db,
    'SELECT case_id, case_number FROM cases WHERE case_id = ANY($1::uuid[]) OR case_number = ANY($2::text[])',
    [caseIds, caseNumbers],
  );
  return rows.map((r) => ({ caseId: r.case_id, caseNumber: r.case_number }));
}
