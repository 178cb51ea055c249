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
