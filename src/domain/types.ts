// Vocabulary of a case. Plain JSON only: ISO strings, arrays, records (see DESIGN.md).

export const LEVELS = ['village', 'township', 'county', 'city', 'province'] as const;
export type Level = (typeof LEVELS)[number];

export const FAMILIES = ['minor_protection', 'hardship'] as const;
export type Family = (typeof FAMILIES)[number];

export const MINOR_PROTECTION_KINDS = ['mandatory_report', 'orphan', 'de_facto_unsupported', 'left_behind', 'guardianship_gap'] as const;
export const HARDSHIP_KINDS = ['dibao', 'tekun', 'temporary_aid', 'disability_subsidy'] as const;
export type MinorProtectionKind = (typeof MINOR_PROTECTION_KINDS)[number];
export type HardshipKind = (typeof HARDSHIP_KINDS)[number];
export type CaseKind = MinorProtectionKind | HardshipKind;
export const CASE_KINDS: readonly CaseKind[] = [...MINOR_PROTECTION_KINDS, ...HARDSHIP_KINDS];

export function familyOf(kind: CaseKind): Family {
  return (MINOR_PROTECTION_KINDS as readonly string[]).includes(kind) ? 'minor_protection' : 'hardship';
}

export const CASE_STATUSES = ['open', 'awaiting_approval', 'decided', 'monitoring', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const RISKS = ['low', 'medium', 'high', 'critical'] as const;
export type Risk = (typeof RISKS)[number];

/**
 * People roles, and (issue 14) the roles of systems and organizations outside the civil-affairs
 * chain: a department's `source_system` sending signals, a mandated `reporter`, a service
 * `provider`, an events-out `subscriber`. None of those reads a case.
 */
export const PEOPLE_ROLES = ['caseworker', 'supervisor', 'auditor', 'admin'] as const;
export const ROLES = [...PEOPLE_ROLES, 'source_system', 'reporter', 'provider', 'subscriber'] as const;
export type Role = (typeof ROLES)[number];

/** Who did something. `system` acts for timers (deadlines, reviews). */
export interface Actor {
  id: string;
  roles: readonly (Role | 'system')[];
  division: string;
}

/** Is `risk` at least `threshold` (low < medium < high < critical)? */
export function riskAtLeast(risk: Risk | null, threshold: Risk): boolean {
  return risk !== null && RISKS.indexOf(risk) >= RISKS.indexOf(threshold);
}

/** Is level `a` above level `b` (province highest)? */
export function isAbove(a: Level, b: Level): boolean {
  return LEVELS.indexOf(a) > LEVELS.indexOf(b);
}
