import { Injectable } from '@nestjs/common';
import type { Principal } from '../auth/principal';
import { subtreeRange, type CaseState } from '../domain';
import { badRequest } from '../http/problem';
import { AccessLog } from '../access-log/access-log.service';
import { ScopedDb } from '../persistence/scoped-db';
import { PoliciesService } from '../policies/policies.service';
import { SubjectVault } from '../subjects/subject-vault';
import { caseView, type CaseView } from './case-view';
import type { CaseListQuery } from './case-list.query';

export interface CasePage {
  items: CaseView[];
  nextCursor: string | null;
}

export interface PendingApproval {
  caseId: string;
  caseNumber: string;
  kind: string;
  holder: string;
  type: 'escalation' | 'closure' | 'transfer';
  requestId: string;
  requestedBy: string;
  reason: string;
  dueAt: string | null;
}

/**
 * Reads of many cases. Scope is part of every WHERE: a case is visible when its holder, origin or
 * pending transfer target lies in the caller's subtree (the same rule as the core's isInScope).
 */
@Injectable()
export class CaseQueries {
  constructor(
    private readonly scoped: ScopedDb,
    private readonly vault: SubjectVault,
    private readonly accessLog: AccessLog,
    private readonly policies: PoliciesService,
  ) {}

  async list(principal: Principal, q: CaseListQuery): Promise<CasePage> {
    const params: unknown[] = [];
    const p = (v: unknown) => `$${params.push(v)}`;
    // The same rule as row-level security, so the code is right even where RLS is not in force.
    const [low, high] = subtreeRange(principal.division);
    const [lo, hi] = [p(low), p(high)];
    const where = [`(holder BETWEEN ${lo} AND ${hi} OR origin BETWEEN ${lo} AND ${hi} OR transfer_to BETWEEN ${lo} AND ${hi})`];
    for (const column of ['family', 'kind', 'status', 'level', 'risk'] as const) {
      if (q[column] !== undefined) where.push(`${column} = ${p(q[column])}`);
    }
    if (q.division) {
      const [from, to] = subtreeRange(q.division);
      where.push(`holder BETWEEN ${p(from)} AND ${p(to)}`);
    }
    if (q.overdue !== undefined) where.push(`${q.overdue ? '' : 'NOT '}(overdue OR coalesce(deadline < now(), false))`);
    if (q.cursor) {
      const [openedAt, caseId] = decodeCursor(q.cursor);
      where.push(`(opened_at, case_id) < (${p(openedAt)}::timestamptz, ${p(caseId)}::uuid)`);
    }
    const limit = q.limit ?? 50;
    const { rows, subjects } = await this.scoped.read(principal, async (db) => {
      const found: { state: CaseState; opened_at: Date; case_id: string }[] = await db.query(
        `SELECT state, opened_at, case_id FROM cases WHERE ${where.join(' AND ')} ORDER BY opened_at DESC, case_id DESC LIMIT ${p(limit + 1)}`,
        params,
      );
      return {
        rows: found,
        subjects: await this.vault.load(
          db,
          found.slice(0, limit).map((r) => r.state.subjectRef),
        ),
      };
    });
    const page = rows.slice(0, limit);
    // Every case shown is a read of it.
    await this.accessLog.recordMany(
      principal,
      'case.read',
      page.map((r) => r.case_id),
      { via: 'list' },
    );
    const last = page[page.length - 1];
    return {
      items: await Promise.all(
        page.map(async (r) =>
          caseView(r.state, subjects.get(r.state.subjectRef) ?? null, principal, await this.policies.disclosureOf(r.state.policyVersion)),
        ),
      ),
      nextCursor: rows.length > limit && last ? encodeCursor(last.opened_at.toISOString(), last.case_id) : null,
    };
  }

  /** Requests waiting for this supervisor's unit, except the supervisor's own (separation of duties). */
  async approvals(principal: Principal): Promise<PendingApproval[]> {
    const rows: { state: CaseState }[] = await this.scoped.read(principal, (db) =>
      db.query(
        `SELECT state FROM cases
        WHERE state->'pendingEscalation'->>'to' = $1
           OR transfer_to = $1
           OR (holder = $1 AND state->'pendingClosure' <> 'null'::jsonb)
        ORDER BY updated_at`,
        [principal.division],
      ),
    );
    const out: PendingApproval[] = [];
    for (const { state: s } of rows) {
      const base = { caseId: s.caseId, caseNumber: s.caseNumber, kind: s.kind, holder: s.holder };
      const e = s.pendingEscalation;
      if (e && e.to === principal.division && e.requestedBy !== principal.id) {
        out.push({ ...base, type: 'escalation', requestId: e.requestId, requestedBy: e.requestedBy, reason: e.reason, dueAt: e.dueAt });
      }
      const t = s.pendingTransfer;
      if (t && t.to === principal.division && t.requestedBy !== principal.id) {
        out.push({ ...base, type: 'transfer', requestId: t.transferId, requestedBy: t.requestedBy, reason: t.reason, dueAt: null });
      }
      const c = s.pendingClosure;
      if (c && s.holder === principal.division && c.requestedBy !== principal.id) {
        out.push({ ...base, type: 'closure', requestId: c.requestId, requestedBy: c.requestedBy, reason: c.reason, dueAt: s.step?.dueAt ?? null });
      }
    }
    return out;
  }
}

function encodeCursor(openedAt: string, caseId: string): string {
  return Buffer.from(`${openedAt}|${caseId}`).toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  const [openedAt, caseId] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!openedAt || !caseId || Number.isNaN(Date.parse(openedAt)) || !/^[0-9a-f-]{36}$/.test(caseId)) {
    throw badRequest([{ field: 'cursor', message: 'is not valid' }]);
  }
  return [openedAt, caseId];
}
