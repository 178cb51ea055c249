import type { Level } from './types';

// 12-digit statistical division codes: PP CC DD TTT VVV (SPEC §2).

const DIVISION_CODE = /^\d{12}$/;

export function isDivisionCode(code: string): boolean {
  return DIVISION_CODE.test(code) && code.slice(0, 2) !== '00';
}

export function levelOf(code: string): Level {
  if (code.slice(2) === '0000000000') return 'province';
  if (code.slice(4) === '00000000') return 'city';
  if (code.slice(6) === '000000') return 'county';
  if (code.slice(9) === '000') return 'township';
  return 'village';
}

/** Significant prefix length of a code at its level. */
const PREFIX: Record<Level, number> = { province: 2, city: 4, county: 6, township: 9, village: 12 };

export function significantPrefix(code: string): string {
  return code.slice(0, PREFIX[levelOf(code)]);
}

/** Significant prefix length of the units one level below `code` (a village has none below: 12). */
export function childPrefixLength(code: string): number {
  const below: Record<Level, Level> = { province: 'city', city: 'county', county: 'township', township: 'village', village: 'village' };
  return PREFIX[below[levelOf(code)]];
}

/** The unit one level up: zero the lowest non-zero segment. Null at province. */
export function parentOf(code: string): string | null {
  const level = levelOf(code);
  if (level === 'province') return null;
  const keep = { city: 2, county: 4, township: 6, village: 9 }[level];
  return code.slice(0, keep).padEnd(12, '0');
}

/** Ancestors from the parent up to the province. */
export function ancestorsOf(code: string): string[] {
  const out: string[] = [];
  for (let p = parentOf(code); p !== null; p = parentOf(p)) out.push(p);
  return out;
}

/** Is `code` inside the subtree rooted at `scope` (itself included)? */
export function isWithin(scope: string, code: string): boolean {
  return code.startsWith(significantPrefix(scope));
}

/** The subtree of `scope` as the inclusive range of 12-digit codes it covers (index-friendly). */
export function subtreeRange(scope: string): [string, string] {
  const prefix = significantPrefix(scope);
  return [prefix.padEnd(12, '0'), prefix.padEnd(12, '9')];
}

/** The county a unit belongs to (itself if county), or null above county. */
export function countyOf(code: string): string | null {
  const level = levelOf(code);
  if (level === 'province' || level === 'city') return null;
  return code.slice(0, 6).padEnd(12, '0');
}
