import { isWithin, parentOf } from './divisions';
import type { Actor, Role } from './types';

// Who may do what to a case (SPEC §1, §6), decided in one place for the API and the core alike.
// Scope is the principal's division subtree; a case outside it answers like a missing one (404),
// a role without the right answers 403.

export type CaseAction =
  | 'read'
  | 'verify'
  | 'assess'
  | 'addNote'
  | 'requestEscalation'
  | 'approveEscalation'
  | 'rejectEscalation'
  | 'return'
  | 'decide'
  | 'followUp'
  | 'requestTransfer'
  | 'acceptTransfer'
  | 'requestClosure'
  | 'approveClosure'
  | 'reopen'
  | 'deadlinePassed';

export type AccessResult = 'allowed' | 'forbidden' | 'not_found';

/** The parts of a case access depends on (a CaseState or a read-model row both fit). */
export interface CaseAccessView {
  origin: string;
  holder: string;
  pendingEscalation: { to: string } | null;
  pendingTransfer: { to: string } | null;
}

/** Whose unit must the principal belong to: any in scope, the holder, or the unit a request targets. */
type Unit = 'in_scope' | 'holder' | 'escalation_target' | 'transfer_target' | 'system';

const RULES: Record<CaseAction, { roles: readonly Role[]; unit: Unit }> = {
  read: { roles: ['caseworker', 'supervisor', 'auditor'], unit: 'in_scope' },
  verify: { roles: ['auditor'], unit: 'in_scope' },
  assess: { roles: ['caseworker'], unit: 'holder' },
  addNote: { roles: ['caseworker', 'supervisor'], unit: 'holder' },
  requestEscalation: { roles: ['caseworker'], unit: 'holder' },
  approveEscalation: { roles: ['supervisor'], unit: 'escalation_target' },
  rejectEscalation: { roles: ['supervisor'], unit: 'escalation_target' },
  return: { roles: ['supervisor'], unit: 'holder' },
  decide: { roles: ['supervisor'], unit: 'holder' },
  followUp: { roles: ['caseworker'], unit: 'holder' },
  requestTransfer: { roles: ['caseworker'], unit: 'holder' },
  acceptTransfer: { roles: ['supervisor'], unit: 'transfer_target' },
  requestClosure: { roles: ['caseworker'], unit: 'holder' },
  approveClosure: { roles: ['supervisor'], unit: 'holder' },
  reopen: { roles: ['caseworker', 'supervisor'], unit: 'holder' },
  deadlinePassed: { roles: [], unit: 'system' },
};

const isSystem = (p: Actor): boolean => p.roles.includes('system');

/**
 * Is the case visible to the principal? It is when the unit holding it, the unit that opened it,
 * or the unit a transfer is waiting on lies in the principal's subtree.
 */
export function isInScope(principal: Actor, c: CaseAccessView): boolean {
  const units = [c.holder, c.origin, c.pendingTransfer?.to].filter((u): u is string => u !== undefined);
  return units.some((u) => isWithin(principal.division, u));
}

/** May `principal` perform `action` on the case? */
export function caseAccess(principal: Actor, action: CaseAction, c: CaseAccessView): AccessResult {
  const rule = RULES[action];
  if (rule.unit === 'system') return isSystem(principal) ? 'allowed' : 'forbidden';
  if (!isInScope(principal, c)) return 'not_found';
  if (!rule.roles.some((r) => principal.roles.includes(r))) return 'forbidden';
  return principal.division === unitFor(rule.unit, c) || rule.unit === 'in_scope' ? 'allowed' : 'forbidden';
}

function unitFor(unit: Exclude<Unit, 'system'>, c: CaseAccessView): string | null {
  switch (unit) {
    case 'in_scope':
      return null;
    case 'holder':
      return c.holder;
    case 'escalation_target':
      return c.pendingEscalation?.to ?? parentOf(c.holder);
    case 'transfer_target':
      return c.pendingTransfer?.to ?? null;
    default: {
      const unreachable: never = unit;
      return unreachable;
    }
  }
}

/** May `principal` open a case in `division`? Only a caseworker of that very unit. */
export function openAccess(principal: Actor, division: string): Exclude<AccessResult, 'not_found'> {
  return principal.roles.includes('caseworker') && principal.division === division ? 'allowed' : 'forbidden';
}
