import { Inject, Injectable } from '@nestjs/common';
import { AccessLog } from '../access-log/access-log.service';
import type { Principal } from '../auth/principal';
import {
  caseAccess,
  disclosureTo,
  mapEventNarratives,
  mapStateNarratives,
  type CaseAction,
  type CaseEvent,
  type CaseState,
  type RouteAction,
} from '../domain';
import { forbidden, notFound } from '../http/problem';
import type { Queryable } from '../persistence/queryable';
import { PoliciesService } from '../policies/policies.service';
import { CASE_CRYPTO, type CaseCrypto, type CaseKeyLookup } from '../subjects/case-keys';
import { narrativeReading, type NarrativeReading } from '../subjects/narrative-cipher';
import { SubjectVault } from '../subjects/subject-vault';
import { caseStateById } from './cases.repository';
import { caseView, type CaseView } from './case-view';

const FORBIDDEN_DETAIL: Partial<Record<CaseAction, string>> = {
  read: 'Your role may not read cases.',
  verify: 'Only auditors verify cases.',
};

/** How one reader sees one case's narratives, with the case's key to open them. */
export interface CaseNarratives extends NarrativeReading {
  /** The case's key (null: none here, destroyed or unavailable), to seal what the reader adds (a break-glass reason). */
  key: CaseKeyLookup | null;
}

/**
 * Every read of a case goes through here: authorize (by the core's access rules) → record the read
 * in the access log → decrypt the subject and the narratives with the case's data key → mask by
 * need-to-know (the access rules and the case's pinned policy) → present. Run on a transaction
 * scoped by ScopedDb.
 */
@Injectable()
export class CaseReader {
  constructor(
    private readonly vault: SubjectVault,
    private readonly accessLog: AccessLog,
    private readonly policies: PoliciesService,
    @Inject(CASE_CRYPTO) private readonly crypto: CaseCrypto,
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
  async present(
    db: Queryable,
    principal: Principal,
    states: readonly CaseState[],
    via?: string,
    opts: { breakGlass?: boolean } = {},
  ): Promise<CaseView[]> {
    if (!opts.breakGlass) {
      await this.accessLog.recordMany(
        principal,
        'case.read',
        states.map((s) => s.caseId),
        via ? { via } : {},
      );
    }
    const keys = await this.crypto.forReading(
      db,
      states.map((s) => s.caseId),
    );
    const subjects = await this.vault.load(
      db,
      states.map((s) => s.subjectRef),
      keys,
    );
    return Promise.all(
      states.map(async (s) => {
        const disclosure = disclosureTo(principal, await this.policies.disclosureOf(s.policyVersion), s, opts);
        const narratives = narrativeReading(keys.get(s.caseId), { shredded: Boolean(s.shreddedAt), disclosed: disclosure.narrative });
        const calendar = (await this.policies.pinned(s.policyVersion))?.calendar;
        return caseView(mapStateNarratives(s, narratives.map), subjects.get(s.subjectRef) ?? null, disclosure, narratives.view, {
          ...opts,
          calendar,
        });
      }),
    );
  }

  /** The states with their narratives opened or blanked for the principal (lists that show a reason, not the case). */
  async openStates(db: Queryable, principal: Principal, states: readonly CaseState[]): Promise<CaseState[]> {
    const keys = await this.crypto.forReading(
      db,
      states.map((s) => s.caseId),
    );
    return Promise.all(
      states.map(async (s) => {
        const disclosure = disclosureTo(principal, await this.policies.disclosureOf(s.policyVersion), s);
        return mapStateNarratives(s, narrativeReading(keys.get(s.caseId), { shredded: Boolean(s.shreddedAt), disclosed: disclosure.narrative }).map);
      }),
    );
  }

  /** How the principal sees this case's narratives (events, past states): opened, masked or destroyed. */
  async narratives(db: Queryable, principal: Principal, state: CaseState, opts: { breakGlass?: boolean } = {}): Promise<CaseNarratives> {
    const key = (await this.crypto.forReading(db, [state.caseId])).get(state.caseId);
    const disclosure = disclosureTo(principal, await this.policies.disclosureOf(state.policyVersion), state, opts);
    return { ...narrativeReading(key, { shredded: Boolean(state.shreddedAt), disclosed: disclosure.narrative }), key: key ?? null };
  }

  /**
   * For the verification's comparison of the live workflow state with the log: narratives opened
   * with the case's key (blanked when there is none any more). Nothing of it is shown.
   */
  async openedForComparison(db: Queryable, state: CaseState): Promise<(s: CaseState) => CaseState> {
    const key = (await this.crypto.forReading(db, [state.caseId])).get(state.caseId);
    const reading = narrativeReading(key, { shredded: Boolean(state.shreddedAt), disclosed: true });
    return (s) => mapStateNarratives(s, reading.map);
  }

  /**
   * Break-glass: the case unmasked for a reader in scope, with a reason. The access (and the reason,
   * sealed under the case's key) is in the access log before anything is shown.
   */
  async unmasked(db: Queryable, principal: Principal, caseId: string, reason: string): Promise<{ view: CaseView; narratives: CaseNarratives }> {
    const state = await this.authorized(db, principal, caseId, 'read');
    const narratives = await this.narratives(db, principal, state, { breakGlass: true });
    // A case from before issue 12 has no data key yet: it gets one, so the reason is sealed too.
    const key = narratives.key === null ? await this.crypto.create(db, caseId) : typeof narratives.key === 'object' ? narratives.key : null;
    await this.accessLog.record(principal, 'case.unmask', caseId, {
      via: 'break-glass',
      // Free text like any narrative: sealed, and destroyed with the case's key.
      reason: key ? key.sealText(reason) : null,
    });
    const [view] = await this.present(db, principal, [state], undefined, { breakGlass: true });
    return { view, narratives };
  }
}

/** The events with their narratives opened or blanked as `narratives` says. */
export function presentEvents<E extends CaseEvent>(events: readonly E[], narratives: NarrativeReading): E[] {
  return events.map((e) => mapEventNarratives(e, narratives.map));
}

const ROUTE_OF: Record<'read' | 'verify', RouteAction> = { read: 'case.read', verify: 'case.verify' };
