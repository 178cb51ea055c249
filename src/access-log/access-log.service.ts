import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { RouteAction as Action } from '../domain';
import type { Principal } from '../auth/principal';
import { significantPrefix } from '../domain';
import { ScopedDb } from '../persistence/scoped-db.repository';
import { CASE_CRYPTO, isSealed, type CaseCrypto } from '../subjects/case-keys';
import type { Queryable } from '../persistence/queryable';
import { accessEntriesInSubtree, insertAccessEntries, type AccessLogRow } from './access-log.repository';
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

/**
 * The access log of personal data. Recording is part of the access: if the row cannot be written
 * the caller fails, so no read goes unrecorded.
 */
@Injectable()
export class AccessLog {
  constructor(
    private readonly db: DataSource,
    private readonly scoped: ScopedDb,
    @Inject(CASE_CRYPTO) private readonly crypto: CaseCrypto,
  ) {}

  async record(principal: Principal, action: Action, caseId: string | null, detail: Record<string, unknown> = {}): Promise<void> {
    await this.recordMany(principal, action, [caseId], detail);
  }

  /** One entry per case, in one statement (a list page reads many cases at once). */
  async recordMany(principal: Principal, action: Action, caseIds: (string | null)[], detail: Record<string, unknown> = {}): Promise<void> {
    if (caseIds.length === 0) return;
    await insertAccessEntries(this.db, { principal, action, caseIds, requestId: currentRequestId(), detail });
  }

  /**
   * Entries the auditor may see, newest first: those about a case in the auditor's subtree (by
   * holder, origin or the unit a transfer waits on, as for reading the case), and those about no
   * case made by someone whose unit is in the subtree.
   */
  async list(auditor: Principal, filter: AccessLogFilter): Promise<AccessLogEntry[]> {
    // The join with cases runs under row-level security: only cases in the auditor's scope match.
    const rows = await this.scoped.read(auditor, async (db) => {
      const entries = await accessEntriesInSubtree(db, {
        prefix: significantPrefix(auditor.division),
        caseId: filter.caseId ?? null,
        principal: filter.principal ?? null,
        from: filter.from ?? null,
        to: filter.to ?? null,
        limit: filter.limit,
      });
      return this.openReasons(db, entries);
    });
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

  /**
   * A break-glass reason is free text, sealed under its case's key: opened for the auditor who
   * reviews the access; "destroyed" once the case's data is.
   */
  private async openReasons(db: Queryable, entries: AccessLogRow[]): Promise<AccessLogRow[]> {
    const sealed = entries.filter((e) => isSealed(e.detail.reason));
    if (sealed.length === 0) return entries;
    const keys = await this.crypto.forReading(
      db,
      sealed.map((e) => e.case_id ?? ''),
    );
    return entries.map((e) => {
      if (!isSealed(e.detail.reason)) return e;
      const key = keys.get(e.case_id ?? '');
      let reason: string | null = null;
      try {
        reason = typeof key === 'object' ? key.openText(e.detail.reason) : null;
      } catch {
        reason = null;
      }
      return { ...e, detail: { ...e.detail, reason, ...(key === 'destroyed' ? { reasonDestroyed: true } : {}) } };
    });
  }
}
