import { Injectable } from '@nestjs/common';
import type { Principal } from '../auth/principal';
import { badRequest } from '../http/problem';
import { ScopedDb } from '../persistence/scoped-db.repository';
import { CaseReader } from './case-reader';
import { casesAwaitingUnit, casesInScope } from './cases.repository';
import type { CaseView } from './case-view';
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

/** Reads of many cases, always within the caller's scope (the same rule as the core's isInScope). */
@Injectable()
export class CaseQueries {
  constructor(
    private readonly scoped: ScopedDb,
    private readonly reader: CaseReader,
  ) {}

  async list(principal: Principal, q: CaseListQuery): Promise<CasePage> {
    const limit = q.limit ?? 50;
    const filter = { ...q, after: q.cursor ? decodeCursor(q.cursor) : undefined, limit: limit + 1 };
    return this.scoped.read(principal, async (db) => {
      // One more than asked tells whether another page follows.
      const rows = await casesInScope(db, principal.division, filter);
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return {
        items: await this.reader.present(
          db,
          principal,
          page.map((r) => r.state),
          'list',
        ),
        nextCursor: rows.length > limit && last ? encodeCursor(last.openedAt, last.caseId) : null,
      };
    });
  }

  /** Requests waiting for this supervisor's unit, except the supervisor's own (separation of duties). */
  async approvals(principal: Principal): Promise<PendingApproval[]> {
    const states = await this.scoped.read(principal, (db) => casesAwaitingUnit(db, principal.division));
    const out: PendingApproval[] = [];
    for (const s of states) {
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

function decodeCursor(cursor: string): { openedAt: string; caseId: string } {
  const [openedAt, caseId] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!openedAt || !caseId || Number.isNaN(Date.parse(openedAt)) || !/^[0-9a-f-]{36}$/.test(caseId)) {
    throw badRequest([{ field: 'cursor', message: 'is not valid' }]);
  }
  return { openedAt, caseId };
}
