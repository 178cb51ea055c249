import { utcInstantOf } from '../domain/calendar';
import { badRequest } from '../http/problem';

// Query parameters of the audit routes, checked by hand: each error names its parameter.

export const DEFAULT_PAGE = 100;
export const MAX_PAGE = 1000;

export function wholeNumber(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const value = /^\d{1,10}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max)
    throw badRequest([{ field: name, message: `must be a whole number from ${min} to ${max}` }]);
  return value;
}

/** The instant, in UTC. */
export function isoInstant(name: string, raw: string | undefined): string {
  const utc = raw === undefined ? null : utcInstantOf(raw);
  if (utc === null) throw badRequest([{ field: name, message: 'must be an ISO 8601 instant with offset, e.g. 2026-01-31T08:00:00Z' }]);
  return utc;
}

export function optionalInstant(name: string, raw: string | undefined, fallback: string): string {
  return raw === undefined ? fallback : isoInstant(name, raw);
}
