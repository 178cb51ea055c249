import type { Role } from '../domain';

// Role × action: which roles may call a route at all. Whether they may act on a particular case
// (scope, holder, separation of duties) is the core's decision (src/domain).
export const ACTION_ROLES = {
  'case.open': ['caseworker'],
  'case.read': ['caseworker', 'supervisor', 'auditor'],
  'case.verify': ['auditor'],
  'audit.export': ['auditor'],
  /** Commands on a case; which role may send which command to which case is the core's rule. */
  'case.act': ['caseworker', 'supervisor'],
  'approval.read': ['supervisor'],
  'division.read': ['caseworker', 'supervisor', 'auditor', 'admin'],
  'policy.read': ['caseworker', 'supervisor', 'auditor', 'admin'],
  'policy.publish': ['admin'],
  /** Decrypting Temporal payloads through the codec endpoint (the Temporal UI); access-logged. */
  'payload.decode': ['supervisor', 'auditor'],
  'access-log.read': ['auditor'],
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof ACTION_ROLES;

export function roleMayAttempt(roles: readonly Role[], action: Action): boolean {
  return roles.some((r) => (ACTION_ROLES[action] as readonly Role[]).includes(r));
}
