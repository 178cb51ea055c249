import type { RouteAction } from '../domain';
import { rowsOf, type Queryable } from '../persistence/queryable';

// The access log of personal data (table `access_log`, append-only).

export interface AccessLogInsert {
  principal: { id: string; roles: readonly string[]; division: string };
  action: RouteAction;
  caseIds: readonly (string | null)[];
  requestId: string | null;
  detail: Record<string, unknown>;
}

/** One entry per case, in one statement. */
export async function insertAccessEntries(db: Queryable, e: AccessLogInsert): Promise<void> {
  await db.query(
    `INSERT INTO access_log (principal_id, roles, division, action, case_id, request_id, detail)
     SELECT $1, $2, $3, $4, c, $6, $7 FROM unnest($5::uuid[]) AS c`,
    [e.principal.id, e.principal.roles, e.principal.division, e.action, e.caseIds, e.requestId, JSON.stringify(e.detail)],
  );
}

export interface AccessLogRow {
  entry_id: string;
  at: Date;
  principal_id: string;
  roles: string[];
  division: string;
  action: RouteAction;
  case_id: string | null;
  request_id: string | null;
  detail: Record<string, unknown>;
}

export interface AccessLogQuery {
  /** Significant prefix of the auditor's unit: the subtree whose entries are visible. */
  prefix: string;
  caseId: string | null;
  principal: string | null;
  from: string | null;
  to: string | null;
  limit: number;
}

/**
 * Entries about a case in the subtree (by holder, origin or the unit a transfer waits on, as for
 * reading the case), and entries about no case made by someone whose unit is in the subtree,
 * newest first. Run scoped: the join with cases sees only the cases of the caller's scope.
 */
export async function accessEntriesInSubtree(db: Queryable, q: AccessLogQuery): Promise<AccessLogRow[]> {
  return rowsOf<AccessLogRow>(
    db,
    `SELECT l.entry_id, l.at, l.principal_id, l.roles, l.division, l.action, l.case_id, l.request_id, l.detail
       FROM access_log l
       LEFT JOIN cases c ON c.case_id = l.case_id
      WHERE CASE WHEN l.case_id IS NULL THEN left(l.division, $1) = $2
                 ELSE left(c.holder, $1) = $2 OR left(c.origin, $1) = $2
                      OR left(c.state -> 'pendingTransfer' ->> 'to', $1) = $2
            END
        AND ($3::uuid IS NULL OR l.case_id = $3)
        AND ($4::text IS NULL OR l.principal_id = $4)
        AND ($5::timestamptz IS NULL OR l.at >= $5)
        AND ($6::timestamptz IS NULL OR l.at < $6)
      ORDER BY l.at DESC, l.entry_id DESC
      LIMIT $7`,
    [q.prefix.length, q.prefix, q.caseId, q.principal, q.from, q.to, q.limit],
  );
}
