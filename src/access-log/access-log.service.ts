import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Action } from '../auth/actions';
import type { Principal } from '../auth/principal';
import { significantPrefix } from '../domain';
import { ScopedDb } from '../persistence/scoped-db';
import { currentRequestId } from './request-id';

/** One recorded access: who, when, what, to which case, in which request. */
export interface AccessLogEntry {
  id: string;
  at: string;
  principal: { id: string; roles: string[]; division: string };
  action: Action;
  caseId: string | null;
  requestId: string | null;
  detail: Record<string, unknown>;
}

export interface AccessLogFilter {
  caseId?: string;
  principal?: string;
  from?: string;
  to?: string;
  limit: number;
}

interface AccessLogRow {
  entry_id: string;
  at: Date;
  principal_id: string;
  roles: string[];
  division: string;
  action: Action;
  case_id: string | null;
  request_id: string | null;
  detail: Record<string, unknown>;
}

/**
 * The access log of personal data. Recording is part of the access: if the row cannot be written
 * the caller fails, so no read goes unrecorded.
 */
@Injectable()
export class AccessLog {
  constructor(
    private readonly db: DataSource,
    private readonly scoped: ScopedDb,
  ) {}

  async record(principal: Principal, action: Action, caseId: string | null, detail: Record<string, unknown> = {}): Promise<void> {
    await this.recordMany(principal, action, [caseId], detail);
  }

  /** One entry per case, in one statement (a list page reads many cases at once). */
  async recordMany(principal: Principal, action: Action, caseIds: (string | null)[], detail: Record<string, unknown> = {}): Promise<void> {
    if (caseIds.length === 0) return;
    await this.db.query(
      `INSERT INTO access_log (principal_id, roles, division, action, case_id, request_id, detail)
       SELECT $1, $2, $3, $4, c, $6, $7 FROM unnest($5::uuid[]) AS c`,
      [principal.id, principal.roles, principal.division, action, caseIds, currentRequestId(), JSON.stringify(detail)],
    );
  }

  /**
   * Entries the auditor may see, newest first: those about a case in the auditor's subtree (by
   * holder, origin or the unit a transfer waits on, as for reading the case), and those about no
   * case made by someone whose unit is in the subtree.
   */
  async list(auditor: Principal, filter: AccessLogFilter): Promise<AccessLogEntry[]> {
    const prefix = significantPrefix(auditor.division);
    // The join with cases runs under row-level security: only cases in the auditor's scope match.
    const rows: AccessLogRow[] = await this.scoped.read(auditor, (db) =>
      db.query(
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
        [prefix.length, prefix, filter.caseId ?? null, filter.principal ?? null, filter.from ?? null, filter.to ?? null, filter.limit],
      ),
    );
    return rows.map((r) => ({
      id: String(r.entry_id),
      at: r.at.toISOString(),
      principal: { id: r.principal_id, roles: r.roles, division: r.division },
      action: r.action,
      caseId: r.case_id,
      requestId: r.request_id,
      detail: r.detail,
    }));
  }
}
