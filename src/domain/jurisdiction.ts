import { isDivisionCode, isWithin, levelOf } from './divisions';
import { LAW_BOUNDS } from './law-bounds';
import { sourceOf } from './default-policy-sources';
import type { Duration, JurisdictionOverride, Policy, Source } from './policy';
import type { PolicyError } from './policy-schema';
import { LEVELS } from './types';

// Policy by jurisdiction (issue 13 §2): a published policy may carry overrides for a province, city
// or county; a case pins the policy resolved for its origin at opening. Resolution applies the
// overrides that contain the origin from the widest (province) to the narrowest (county).

export type Provenance = Source | { basis: 'override'; division: string; citation: string };

/** The value at a dotted JSON path, or undefined. */
export function valueAt(doc: unknown, path: string): unknown {
  let at: unknown = doc;
  for (const key of path.split('.')) {
    if (typeof at !== 'object' || at === null || Array.isArray(at)) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

function setAt(doc: Record<string, unknown>, path: string, value: unknown): boolean {
  const keys = path.split('.');
  let at: unknown = doc;
  for (const key of keys.slice(0, -1)) {
    if (typeof at !== 'object' || at === null || Array.isArray(at)) return false;
    at = (at as Record<string, unknown>)[key];
  }
  if (typeof at !== 'object' || at === null || Array.isArray(at)) return false;
  (at as Record<string, unknown>)[keys[keys.length - 1]] = structuredClone(value);
  return true;
}

/** Higher for wider units (LEVELS runs village → province). */
const depth = (division: string): number => LEVELS.indexOf(levelOf(division));

/** The overrides that apply to `division`, widest first. */
export function overridesFor(policy: Policy, division: string): JurisdictionOverride[] {
  return (policy.overrides ?? [])
    .filter((o) => isDivisionCode(o.division) && isWithin(o.division, division))
    .sort((a, b) => depth(b.division) - depth(a.division));
}

/**
 * The policy a case opened at `division` follows. Its version names the narrowest override applied
 * (`2026.2@330000000000`), so the pinned version alone re-creates it; without overrides it is the policy.
 */
export function resolvePolicy(policy: Policy, division: string): Policy {
  const applied = overridesFor(policy, division);
  if (applied.length === 0) return policy;
  const { overrides: _all, ...base } = policy;
  void _all;
  const resolved = structuredClone(base) as Policy & Record<string, unknown>;
  for (const o of applied) for (const [path, value] of Object.entries(o.values)) setAt(resolved, path, value);
  const narrowest = applied[applied.length - 1].division;
  return { ...resolved, version: `${policy.version}@${narrowest}`, resolvedFor: narrowest };
}

/** Split a pinned version into the published one and the division it was resolved for. */
export function splitResolvedVersion(version: string): { version: string; division: string | null } {
  const at = version.lastIndexOf('@');
  return at < 0 ? { version, division: null } : { version: version.slice(0, at), division: version.slice(at + 1) };
}

/** Where each leaf value of the policy resolved for `division` comes from. */
export function provenanceOf(policy: Policy, division: string): Record<string, Provenance> {
  const resolved = resolvePolicy(policy, division);
  const applied = overridesFor(policy, division);
  const out: Record<string, Provenance> = {};
  const walk = (value: unknown, path: string): void => {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k);
      return;
    }
    const override = [...applied].reverse().find((o) => Object.keys(o.values).some((p) => path === p || path.startsWith(`${p}.`)));
    const source = sourceOf(policy.sources, path);
    out[path] = override ? { basis: 'override', division: override.division, citation: override.citation } : (source ?? { basis: 'default' });
  };
  const { sources: _s, overrides: _o, calendar: _c, version: _v, resolvedFor: _r, ...values } = resolved;
  void [_s, _o, _c, _v, _r];
  walk(values, '');
  return out;
}

const shownDuration = (d: Duration): string => `${d.amount} ${d.unit}`;

/** Minutes a duration lasts at most / at least, where that is certain (months vary: bounded by 28–31 days). */
const MINUTES: Record<Duration['unit'], { least: number; most: number }> = {
  minutes: { least: 1, most: 1 },
  hours: { least: 60, most: 60 },
  days: { least: 1440, most: 1440 },
  // n working days end at 24:00 of the n-th working day after the start date: never less than n days.
  working_days: { least: 1440, most: Infinity },
  months: { least: 28 * 1440, most: 31 * 1440 },
};

/** Is `d` certainly no longer than `limit`? Same unit: by amount; else by the longest `d` may last. */
function noLongerThan(d: Duration, limit: Duration): boolean {
  if (d.unit === limit.unit) return d.amount <= limit.amount;
  return d.amount * MINUTES[d.unit].most <= limit.amount * MINUTES[limit.unit].least;
}

/** Values that break the law's bounds (LAW_BOUNDS), each named by its path in the policy. */
export function checkLawBounds(policy: unknown): PolicyError[] {
  const errors: PolicyError[] = [];
  for (const bound of LAW_BOUNDS) {
    const d = valueAt(policy, bound.path) as Partial<Duration> | null | undefined;
    if (d === undefined || d === null || typeof d.amount !== 'number' || typeof d.unit !== 'string' || !(d.unit in MINUTES)) continue;
    const value = d as Duration;
    const limit = shownDuration(bound.limit);
    if (bound.rule === 'atMost' && !noLongerThan(value, bound.limit)) {
      errors.push({ path: bound.path, message: `must be at most ${limit} (${bound.article})` });
    } else if (bound.rule === 'exactly' && (value.unit !== bound.limit.unit || value.amount !== bound.limit.amount)) {
      errors.push({ path: bound.path, message: `must be ${limit} (${bound.article})` });
    }
  }
  return errors;
}

/**
 * Check the overrides: each names a division and a citation, sets only values the policy has
 * (or a field of an object it has), and the policy resolved with it stays within the law. Errors
 * name the override (`overrides[0].values.kinds.dibao.procedure`).
 */
export function checkOverrides(doc: Record<string, unknown>, validate: (resolved: unknown) => PolicyError[]): PolicyError[] {
  if (doc.overrides === undefined) return [];
  if (!Array.isArray(doc.overrides)) return [{ path: 'overrides', message: 'must be an array' }];
  const errors: PolicyError[] = [];
  doc.overrides.forEach((raw: unknown, i) => {
    const at = `overrides[${i}]`;
    if (typeof raw !== 'object' || raw === null) return errors.push({ path: at, message: 'must be an object' });
    const o = raw as Record<string, unknown>;
    if (typeof o.division !== 'string' || !isDivisionCode(o.division))
      errors.push({ path: `${at}.division`, message: 'must be a 12-digit division code' });
    else if (!['province', 'city', 'county'].includes(levelOf(o.division)))
      errors.push({ path: `${at}.division`, message: 'must be a province, city or county' });
    if (typeof o.citation !== 'string' || o.citation.trim() === '')
      errors.push({ path: `${at}.citation`, message: 'must name the document that sets these values' });
    if (typeof o.values !== 'object' || o.values === null || Array.isArray(o.values))
      return errors.push({ path: `${at}.values`, message: 'must be an object' });
    const paths = Object.keys(o.values);
    for (const p of paths) {
      const parent = p.includes('.') ? valueAt(doc, p.slice(0, p.lastIndexOf('.'))) : doc;
      if (['version', 'overrides', 'sources', 'resolvedFor'].includes(p.split('.')[0]) || typeof parent !== 'object' || parent === null) {
        errors.push({ path: `${at}.values.${p}`, message: 'is not a value of the policy' });
      }
    }
    if (errors.some((e) => e.path.startsWith(at))) return;
    const copy = structuredClone(doc);
    delete copy.overrides;
    for (const [p, v] of Object.entries(o.values as Record<string, unknown>)) setAt(copy, p, v);
    for (const e of [...validate(copy), ...checkLawBounds(copy)]) {
      const owner = paths.find((p) => e.path === p || e.path.startsWith(`${p}.`) || e.path.startsWith(`${p}[`));
      errors.push({ path: owner ? `${at}.values.${e.path}` : at, message: owner ? e.message : `breaks ${e.path}: ${e.message}` });
    }
  });
  return errors;
}
