import { Injectable } from '@nestjs/common';
import type { Principal } from '../auth/principal';
import { childPrefixLength, isDivisionCode, isWithin, significantPrefix } from '../domain';
import { badRequest, notFound, unprocessable } from '../http/problem';
import { requireKnownDivisions } from '../divisions/known-divisions';
import { ScopedDb } from '../persistence/scoped-db.repository';
import { CaseReader } from './case-reader';
import { caseCountsByChildUnit, caseIdByNumber, casesAwaitingUnit, casesInScope, type CaseCountRow } from './cases.repository';
import type { CaseView } from './case-view';
import type { CaseListQuery } from './case-list.query';

const CASE_NUMBER = /^[A-Z]{2}-\d{6}-\d{4}-\d{1,9}$/;

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
  /** The caller made this request (listed only when asked for): they may not decide it (separation of duties). */
  mine: boolean;
}

/** Reads of many cases, always within the caller's scope (the same rule as the core's isInScope). */
@Injectable()
export class CaseQueries {
  constructor(
    private readonly scoped: ScopedDb,
    private readonly reader: CaseReader,
  ) {}

  async list(principal: Principal, q: CaseListQuery): Promise<CasePage> {
    await this.scoped.read(principal, (db) => requireKnownDivisions(db, [['division', q.division]]));
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

  /** The id of a case in scope by its number; reads no content, so no read is logged (opening it is the read). */
  async idByNumber(principal: Principal, caseNumber: string): Promise<{ id: string; caseNumber: string }> {
    const wanted = caseNumber.trim().toUpperCase();
    if (!CASE_NUMBER.test(wanted)) throw notFound('case');
    const id = await this.scoped.read(principal, (db) => caseIdByNumber(db, principal.division, wanted));
    if (id === null) throw notFound('case');
    return { id, caseNumber: wanted };
  }

  /** A supervisor's dashboard: cases per child unit × status of a unit in scope, with overdue and critical counts. */
  async counts(principal: Principal, division: string | undefined): Promise<{ division: string; rows: CaseCountRow[] }> {
    const unit = division ?? principal.division;
    if (!/^\d{12}$/.test(unit)) throw badRequest([{ field: 'division', message: 'must be a 12-digit division code' }]);
    if (!isDivisionCode(unit)) throw unprocessable([{ field: 'division', message: 'is not a division code' }], 'The division is not valid.');
    await this.scoped.read(principal, (db) => requireKnownDivisions(db, [['division', unit]]));
    if (!isWithin(principal.division, unit)) throw notFound('division');
    const childDigits = childPrefixLength(unit);
    const rows = await this.scoped.read(principal, (db) => caseCountsByChildUnit(db, unit, childDigits, significantPrefix(unit).length));
    return { division: unit, rows };
  }

  /**
   * Requests waiting for this supervisor's unit. The supervisor's own are left out (separation of
   * duties) unless `includeOwn`: then they are listed too, marked `mine`, for the inbox to show why
   * someone else decides them. A principal who is caseworker and supervisor of a unit has some.
   */
  async approvals(principal: Principal, opts: { includeOwn?: boolean } = {}): Promise<PendingApproval[]> {
    // The supervisor who decides a request reads its reason (need-to-know); it is opened here.
    const states = await this.scoped.read(principal, async (db) =>
      this.reader.openStates(db, principal, await casesAwaitingUnit(db, principal.division)),
    );
    const out: PendingApproval[] = [];
    const add = (entry: Omit<PendingApproval, 'mine'>) => {
      const mine = entry.requestedBy === principal.id;
      if (!mine || opts.includeOwn) out.push({ ...entry, mine });
    };
    for (const s of states) {
      const base = { caseId: s.caseId, caseNumber: s.caseNumber, kind: s.kind, holder: s.holder };
      const e = s.pendingEscalation;
      if (e && e.to === principal.division) {
        add({ ...base, type: 'escalation', requestId: e.requestId, requestedBy: e.requestedBy, reason: e.reason, dueAt: e.dueAt });
      }
      const t = s.pendingTransfer;
      if (t && t.to === principal.division) {
        add({ ...base, type: 'transfer', requestId: t.transferId, requestedBy: t.requestedBy, reason: t.reason, dueAt: null });
      }
      const c = s.pendingClosure;
      if (c && s.holder === principal.division) {
        add({ ...base, type: 'closure', requestId: c.requestId, requestedBy: c.requestedBy, reason: c.reason, dueAt: s.step?.dueAt ?? null });
      }
    }
    return out;
  }
}

function encodeCursor(openedAt: string, caseId: string): string {
  return Buffer.from(`${openedAt}|${caseId}`).toString('base64url');
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function decodeCursor(cursor: string): { openedAt: string; caseId: string } {
  const [openedAt, caseId, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  // Exactly what encodeCursor writes (toISOString, a UUID): anything else never reaches SQL.
  const valid = rest.length === 0 && ISO_INSTANT.test(openedAt ?? '') && !Number.isNaN(Date.parse(openedAt)) && UUID.test(caseId ?? '');
  // The form is the document's (400 before this); what it holds is ours to judge.
  if (!valid) throw unprocessable([{ field: 'cursor', message: 'is not a cursor this API gave' }], 'The cursor is not valid.');
  return { openedAt, caseId };
}
