import { subtreeRange, type CaseState } from '../domain';
import { rowsOf, type Queryable } from '../persistence/queryable';

// The read model of cases (table `cases`, written only by the workflow's activity). Run these on a
// transaction scoped by ScopedDb: row-level security shows only the cases of the caller's subtree,
// and every query also states the scope itself, so it is right even where RLS is not in force.

/** The read-model state of one case, or null when it does not exist or is out of scope. */
export async function caseStateById(db: Queryable, caseId: string): Promise<CaseState | null> {
  const rows = await rowsOf<{ state: CaseState }>(db, 'SELECT state FROM cases WHERE case_id = $1', [caseId]);
  return rows[0]?.state ?? null;
}

export interface CaseFilter {
  family?: string;
  kind?: string;
  status?: string;
  level?: string;
  risk?: string;
  /** Held within this subtree. */
  division?: string;
  overdue?: boolean;
  /** Strictly after this position of the newest-first order. */
  after?: { openedAt: string; caseId: string };
  limit: number;
}

export interface CaseListRow {
  state: CaseState;
  openedAt: string;
  caseId: string;
}

/** Cases visible from `scope` (holder, origin or transfer target in its subtree), newest first. */
export async function casesInScope(db: Queryable, scope: string, f: CaseFilter): Promise<CaseListRow[]> {
  const params: unknown[] = [];
  const p = (v: unknown) => `$${params.push(v)}`;
  const [low, high] = subtreeRange(scope);
  const [lo, hi] = [p(low), p(high)];
  const where = [`(holder BETWEEN ${lo} AND ${hi} OR origin BETWEEN ${lo} AND ${hi} OR transfer_to BETWEEN ${lo} AND ${hi})`];
  for (const column of ['family', 'kind', 'status', 'level', 'risk'] as const) {
    if (f[column] !== undefined) where.push(`${column} = ${p(f[column])}`);
  }
  if (f.division) {
    const [from, to] = subtreeRange(f.division);
    where.push(`holder BETWEEN ${p(from)} AND ${p(to)}`);
  }
  if (f.overdue !== undefined) where.push(`${f.overdue ? '' : 'NOT '}(overdue OR coalesce(deadline < now(), false))`);
  if (f.after) where.push(`(opened_at, case_id) < (${p(f.after.openedAt)}::timestamptz, ${p(f.after.caseId)}::uuid)`);
  const rows = await rowsOf<{ state: CaseState; opened_at: Date; case_id: string }>(
    db,
    `SELECT state, opened_at, case_id FROM cases WHERE ${where.join(' AND ')} ORDER BY opened_at DESC, case_id DESC LIMIT ${p(f.limit)}`,
    params,
  );
  return rows.map((r) => ({ state: r.state, openedAt: r.opened_at.toISOString(), caseId: r.case_id }));
}

/** Cases with a request waiting for `unit`: an escalation to it, a transfer to it, a closure it holds. */
export async function casesAwaitingUnit(db: Queryable, unit: string): Promise<CaseState[]> {
  const rows = await rowsOf<{ state: CaseState }>(
    db,
    `SELECT state FROM cases
      WHERE state->'pendingEscalation'->>'to' = $1
         OR transfer_to = $1
         OR (holder = $1 AND state->'pendingClosure' <> 'null'::jsonb)
      ORDER BY updated_at`,
    [unit],
  );
  return rows.map((r) => r.state);
}

/**
 * Ids of cases of a subtree active in a period: opened or held in the subtree, opened before `to`
 * and last updated at or after `from`.
 */
export async function caseIdsActiveInPeriod(db: Queryable, division: string, from: string, to: string): Promise<string[]> {
  const [low, high] = subtreeRange(division);
  const rows = await rowsOf<{ case_id: string }>(
    db,
    `SELECT case_id FROM cases
      WHERE (origin BETWEEN $1 AND $2 OR holder BETWEEN $1 AND $2) AND opened_at <= $4 AND updated_at >= $3
      ORDER BY case_id`,
    [low, high, from, to],
  );
  return rows.map((r) => r.case_id);
}

/** The id of the case with this number, if it is visible from `scope` (no content is read). */
export async function caseIdByNumber(db: Queryable, scope: string, caseNumber: string): Promise<string | null> {
  const [low, high] = subtreeRange(scope);
  const rows = await rowsOf<{ case_id: string }>(
    db,
    `SELECT case_id FROM cases WHERE case_number = $1
        AND (holder BETWEEN $2 AND $3 OR origin BETWEEN $2 AND $3 OR transfer_to BETWEEN $2 AND $3)`,
    [caseNumber, low, high],
  );
  return rows[0]?.case_id ?? null;
}

export interface CaseCountRow {
  unit: string;
  status: string;
  cases: number;
  overdue: number;
  critical: number;
}

/**
 * Cases held in the subtree of `unit`, counted per child unit (the first `childDigits` of the
 * holder; the unit itself for cases it holds) × status, with overdue and critical counts.
 */
export async function caseCountsByChildUnit(db: Queryable, unit: string, childDigits: number, ownDigits: number): Promise<CaseCountRow[]> {
  const [low, high] = subtreeRange(unit);
  const rows = await rowsOf<{ unit: string; status: string; cases: string; overdue: string; critical: string }>(
    db,
    `SELECT CASE WHEN $3::int <= $4::int OR holder = $5 THEN $5 ELSE rpad(substr(holder, 1, $3), 12, '0') END AS unit,
            status,
            count(*) AS cases,
            count(*) FILTER (WHERE overdue OR coalesce(deadline < now(), false)) AS overdue,
            count(*) FILTER (WHERE risk = 'critical') AS critical
       FROM cases
      WHERE holder BETWEEN $1 AND $2
      GROUP BY 1, 2
      ORDER BY 1, 2`,
    [low, high, childDigits, ownDigits, unit],
  );
  return rows.map((r) => ({ unit: r.unit, status: r.status, cases: Number(r.cases), overdue: Number(r.overdue), critical: Number(r.critical) }));
}
