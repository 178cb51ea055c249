import type { CaseCommandType } from './commands';
import { isWithin, parentOf } from './divisions';
import type { Policy } from './policy';
import type { Actor, CaseKind, Role } from './types';

// Who may see and do what (SPEC §1, §6), written once: the API's route gate, its case checks, the
// core's `decide` and the masking of personal data all read this file. Scope is the principal's
// division subtree; a case outside it answers like a missing one (404), a role without the right 403.

/** What one may do to a case: every command type is an action of its own, plus reading. */
export type CaseAction = CaseCommandType | 'read' | 'verify';

export type AccessResult = 'allowed' | 'forbidden' | 'not_found';

/** The parts of a case access depends on (a CaseState or a read-model row both fit). */
export interface CaseAccessView {
  origin: string;
  holder: string;
  pendingEscalation: { to: string } | null;
  pendingTransfer: { to: string } | null;
  /** The case's referrals (a provider acts on the case only through one naming it). */
  referrals?: Record<string, { providerId: string }>;
}

/**
 * Whose unit the principal must belong to: any in scope, the holder, the unit a request targets,
 * the unit named in the command (opening), or none (timers).
 */
type Unit = 'in_scope' | 'holder' | 'escalation_target' | 'transfer_target' | 'own' | 'system' | 'referral_provider';

interface Rule {
  roles: readonly (Role | 'system')[];
  unit: Unit;
}

export const CASE_RULES = {
  open: { roles: ['caseworker'], unit: 'own' },
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
  deadlinePassed: { roles: ['system'], unit: 'system' },
  placeLegalHold: { roles: ['admin'], unit: 'in_scope' },
  releaseLegalHold: { roles: ['admin'], unit: 'in_scope' },
  shredData: { roles: ['system'], unit: 'system' },
  startPublicNotice: { roles: ['caseworker'], unit: 'holder' },
  objectToNotice: { roles: ['caseworker'], unit: 'holder' },
  resolveObjection: { roles: ['supervisor'], unit: 'holder' },
  extendProcedure: { roles: ['supervisor'], unit: 'holder' },
  notifyRefusal: { roles: ['caseworker'], unit: 'holder' },
  reportChange: { roles: ['caseworker'], unit: 'holder' },
  /** A matched monitoring signal: only a source system records it; the intake checks its scope. */
  recordSignal: { roles: ['source_system'], unit: 'system' },
  /** 物质 + 服务: the holder refers; only the provider a referral names answers it, wherever it is. */
  refer: { roles: ['caseworker'], unit: 'holder' },
  acceptReferral: { roles: ['provider'], unit: 'referral_provider' },
  declineReferral: { roles: ['provider'], unit: 'referral_provider' },
  recordServiceDelivered: { roles: ['provider'], unit: 'referral_provider' },
} as const satisfies Record<CaseAction, Rule>;

const isPersonRole = (r: Role | 'system'): r is Role => r !== 'system';
const rolesOf = (...actions: CaseAction[]): Role[] => [
  ...new Set(actions.flatMap((a) => (CASE_RULES[a].roles as readonly (Role | 'system')[]).filter(isPersonRole))),
];

/** Commands people send to an existing case (the route gate lets these roles try; the case decides). */
const PEOPLE_COMMANDS = (Object.keys(CASE_RULES) as CaseAction[]).filter(
  (a) =>
    ![
      'open',
      'read',
      'verify',
      'deadlinePassed',
      'shredData',
      'placeLegalHold',
      'releaseLegalHold',
      'recordSignal',
      'acceptReferral',
      'declineReferral',
      'recordServiceDelivered',
    ].includes(a),
);

/** Which roles may call a route at all; whether they may act on a particular case is `caseAccess`. */
export const ROUTE_ROLES = {
  'case.open': rolesOf('open'),
  'case.read': rolesOf('read'),
  'case.verify': rolesOf('verify'),
  'case.act': rolesOf(...PEOPLE_COMMANDS),
  'approval.read': rolesOf('approveEscalation', 'acceptTransfer', 'approveClosure'),
  'audit.export': rolesOf('verify'),
  'access-log.read': rolesOf('verify'),
  /** Referrals: a provider's own queue and answers (minimum data only); the referring units' queue. */
  'referral.read': ['caseworker', 'supervisor'],
  'referral.read-own': ['provider'],
  'referral.respond': rolesOf('acceptReferral', 'declineReferral', 'recordServiceDelivered'),
  /** Placing or releasing a legal hold on a case's data (admins; the reason is required). */
  'case.legal-hold': rolesOf('placeLegalHold', 'releaseLegalHold'),
  /** Break-glass: reading a case unmasked, with a reason, recorded in the access log. */
  'case.unmask': rolesOf('read'),
  /** Decrypting Temporal payloads through the codec endpoint (the Temporal UI); access-logged. */
  'payload.decode': ['supervisor', 'auditor'],
  'division.read': ['caseworker', 'supervisor', 'auditor', 'admin'],
  'policy.read': ['caseworker', 'supervisor', 'auditor', 'admin'],
  'policy.publish': ['admin'],
  /** Events out (issue 14): the cursor feed of committed case events, personal data removed. */
  'feed.read': ['subscriber', 'admin'],
  /** Monitoring signals in: a department's system, scoped to its division subtree. */
  'signal.submit': ['source_system'],
  /** The alert queue of a village or township: who verifies, dismisses or opens a case from it. */
  'alert.read': ['caseworker', 'supervisor'],
  'alert.act': ['caseworker'],
  /** 强制报告: filing one, and reading back the status and outcome notice of one's own (never the case). */
  'report.file': ['reporter'],
  'report.read-own': ['reporter'],
} as const satisfies Record<string, readonly Role[]>;

export type RouteAction = keyof typeof ROUTE_ROLES;

export function roleMayAttempt(roles: readonly (Role | 'system')[], action: RouteAction): boolean {
  return roles.some((r) => (ROUTE_ROLES[action] as readonly string[]).includes(r));
}

const hasRole = (principal: Actor, rule: Rule): boolean => rule.roles.some((r) => principal.roles.includes(r));

/**
 * Is the case visible to the principal? It is when the unit holding it, the unit that opened it,
 * or the unit a transfer is waiting on lies in the principal's subtree.
 */
export function isInScope(principal: Actor, c: CaseAccessView): boolean {
  const units = [c.holder, c.origin, c.pendingTransfer?.to].filter((u): u is string => u !== undefined);
  return units.some((u) => isWithin(principal.division, u));
}

/** May `principal` perform `action` on the case? */
export function caseAccess(principal: Actor, action: Exclude<CaseAction, 'open'>, c: CaseAccessView): AccessResult {
  const rule: Rule = CASE_RULES[action];
  if (rule.unit === 'system') return hasRole(principal, rule) ? 'allowed' : 'forbidden';
  if (rule.unit === 'referral_provider') {
    // A provider sees no case: one that names it in no referral does not exist for it.
    const named = Object.values(c.referrals ?? {}).some((r) => r.providerId === principal.id);
    return named && hasRole(principal, rule) ? 'allowed' : 'not_found';
  }
  if (!isInScope(principal, c)) return 'not_found';
  if (!hasRole(principal, rule)) return 'forbidden';
  return rule.unit === 'in_scope' || principal.division === unitFor(rule.unit, c) ? 'allowed' : 'forbidden';
}

function unitFor(unit: Exclude<Unit, 'system' | 'in_scope' | 'referral_provider'>, c: CaseAccessView): string | null {
  switch (unit) {
    case 'holder':
    case 'own':
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

/**
 * 强制报告 (未成年人保护法 art. 11): a mandated reporter (school, hospital, 居委会 …) files a report,
 * which opens a case of these kinds at the child's address, wherever that is: a report is never
 * refused for the reporter's own place in the division tree.
 */
export const REPORTER_OPENS: { roles: readonly Role[]; kinds: readonly CaseKind[] } = { roles: ['reporter'], kinds: ['mandatory_report'] };

/** May `principal` open a case of `kind` in `division`? A caseworker of that very unit, or a mandated reporter (REPORTER_OPENS). */
export function openAccess(principal: Actor, division: string, kind?: CaseKind): Exclude<AccessResult, 'not_found'> {
  if (kind !== undefined && REPORTER_OPENS.kinds.includes(kind) && REPORTER_OPENS.roles.some((r) => principal.roles.includes(r))) return 'allowed';
  return hasRole(principal, CASE_RULES.open) && principal.division === division ? 'allowed' : 'forbidden';
}

/** Which personal data of a case the principal sees in full; everything else is shown masked. */
export interface Disclosure {
  name: boolean;
  birthDate: boolean;
  idNumber: boolean;
  /** Summary, findings, notes and reasons (NARRATIVE_EVENT_FIELDS). */
  narrative: boolean;
}

/** Roles whose people work with the person in the unit holding the case. */
const WORKS_WITH_THE_PERSON: readonly Role[] = ['caseworker', 'supervisor'];

/** Does the principal decide a request waiting on their unit (an escalation's or transfer's target supervisor)? */
function decidesRequest(
  principal: Actor,
  roles: readonly Role[],
  c: Partial<Pick<CaseAccessView, 'pendingEscalation' | 'pendingTransfer'>>,
): boolean {
  const targets = [c.pendingEscalation?.to, c.pendingTransfer?.to];
  return roles.includes('supervisor') && targets.includes(principal.division);
}

/**
 * Need-to-know (PIPL art. 28, 未成年人保护法 art. 4 and 72): the caseworkers and supervisors of the
 * unit that holds the case — and the supervisor who must decide a request waiting on their unit —
 * see who the person is and what was written about them; the pinned policy names which of them see
 * the full ID number. Every other reader in scope — other units of the chain, a county reading a
 * township's case, auditors — sees it masked. A break-glass read (an explicit unmask with a reason,
 * recorded in the access log) shows everything to a reader in scope.
 */
export function disclosureTo(
  principal: Actor,
  policy: Pick<Policy, 'disclosure'>,
  c: Pick<CaseAccessView, 'holder'> & Partial<Pick<CaseAccessView, 'pendingEscalation' | 'pendingTransfer'>>,
  opts: { breakGlass?: boolean } = {},
): Disclosure {
  const roles = principal.roles.filter(isPersonRole);
  if (opts.breakGlass && roles.some((r) => (CASE_RULES.read.roles as readonly Role[]).includes(r))) {
    return { name: true, birthDate: true, idNumber: true, narrative: true };
  }
  const holds = principal.division === c.holder;
  const works = (holds && roles.some((r) => WORKS_WITH_THE_PERSON.includes(r))) || decidesRequest(principal, roles, c);
  const fullId = policy.disclosure?.fullIdNumberTo ?? [];
  return { name: works, birthDate: works, idNumber: works && roles.some((r) => fullId.includes(r)), narrative: works };
}
