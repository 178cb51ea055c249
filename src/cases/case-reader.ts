import { Injectable } from '@nestjs/common';
import { AccessLog } from '../access-log/access-log.service';
import type { Principal } from '../auth/principal';
import { caseAccess, disclosureTo, type CaseAction, type CaseState, type RouteAction } from '../domain';
import { forbidden, notFound } from '../http/problem';
import type { Queryable } from '../persistence/queryable';
import { PoliciesService } from '../policies/policies.service';
import { SubjectVault } from '../subjects/subject-vault';
import { caseStateById } from './cases.repository';
import { caseView, type CaseView } from './case-view';

const FORBIDDEN_DETAIL: Partial<Record<CaseAction, string>> = {
  read: 'Your role may not read cases.',
  verify: 'Only auditors verify cases.',
};

/**
 * Every read of a case goes through here: authorize (by the core's access rules) → record the read
 * in the access log → decrypt the subject → mask by the access rules and the case's pinned policy
 * → present. Run on a transaction scoped by ScopedDb.
 */
@Injectable()
export class CaseReader {
  constructor(
    private readonly vault: SubjectVault,
    private readonly accessLog: AccessLog,
    private readonly policies: PoliciesService,
  ) {}

  /** The read-model state of a case the principal may take `action` on: 404 when missing or out of scope (alike), 403 when not allowed. */
  async authorized(db: Queryable, principal: Principal, caseId: string, action: Exclude<CaseAction, 'open'>): Promise<CaseState> {
    const state = await caseStateById(db, caseId);
    if (!state) throw notFound('case');
    const access = caseAccess(principal, action, state);
    if (access === 'not_found') throw notFound('case');
    if (access === 'forbidden') throw forbidden(FORBIDDEN_DETAIL[action] ?? 'You may not do this to this case.');
    return state;
  }

  /** An authorized case whose content (events, past states, export) is about to be shown: the read is recorded. */
  async read(db: Queryable, principal: Principal, caseId: string, action: 'read' | 'verify', via: string): Promise<CaseState> {
    const state = await this.authorized(db, principal, caseId, action);
    await this.accessLog.record(principal, ROUTE_OF[action], caseId, { via });
    return state;
  }

  /** The cases as the principal may see them, each shown recorded as a read of it. */
  async present(db: Queryable, principal: Principal, states: readonly CaseState[], via?: string): Promise<CaseView[]> {
    await this.accessLog.recordMany(
      principal,
      'case.read',
      states.map((s) => s.caseId),
      via ? { via } : {},
    );
    const subjects = await this.vault.load(
      db,
      states.map((s) => s.subjectRef),
    );
    return Promise.all(
      states.map(async (s) =>
        caseView(s, subjects.get(s.subjectRef) ?? null, disclosureTo(principal, await this.policies.disclosureOf(s.policyVersion))),
      ),
    );
  }
}

const ROUTE_OF: Record<'read' | 'verify', RouteAction> = { read: 'case.read', verify: 'case.verify' };
