import type { DataSource } from 'typeorm';
import { rowsOf, type Queryable } from '../persistence/queryable';

export interface OpenCaseCountRow {
  level: string;
  status: string;
  open: number;
  overdue: number;
}

/** Cases not closed, by level and status, and how many of them are overdue (codes only). */
export async function openCaseCountsByLevelAndStatus(db: Queryable): Promise<OpenCaseCountRow[]> {
  const rows = await rowsOf<{ level: string; status: string; open: string; overdue: string }>(
    db,
    `SELECT level, status, count(*) AS open, count(*) FILTER (WHERE overdue) AS overdue
       FROM cases WHERE status <> 'closed' GROUP BY level, status`,
  );
  return rows.map((r) => ({ level: r.level, status: r.status, open: Number(r.open), overdue: Number(r.overdue) }));
}

/**
 * Open cases whose next deadline falls on or after `fromInstant` (the first day past the published
 * calendar), all provinces. The API's role sees cases only in a scope (row-level security), so this
 * counts province by province in one transaction.
 */
export async function openCasesWithDeadlineFrom(db: DataSource, fromInstant: string): Promise<number> {
  return db.transaction(async (tx) => {
    const provinces = await rowsOf<{ code: string }>(tx, `SELECT code FROM divisions WHERE level = 'province'`);
    let total = 0;
    for (const { code } of provinces) {
      await tx.query(`SELECT set_config('casework.scope', $1, true)`, [code.slice(0, 2)]);
      const rows = await rowsOf<{ n: string }>(tx, `SELECT count(*) AS n FROM cases WHERE status <> 'closed' AND deadline >= $1`, [fromInstant]);
      total += Number(rows[0]?.n ?? 0);
    }
    return total;
  });
}
