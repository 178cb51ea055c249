import { chinaDateOf, isCalendarDate } from './calendar';

// 公民身份号码 (citizen ID number) per GB 11643-1999: 6-digit address code, 8-digit birth date
// (YYYYMMDD), 3-digit sequence (odd = male, even = female), 1 check character (MOD 11-2, ISO 7064).

export type Sex = 'male' | 'female';

export interface IdNumberFacts {
  /** Normalised number (check character upper-cased). */
  idNumber: string;
  birthDate: string;
  sex: Sex;
}

export type IdNumberError = 'LENGTH' | 'FORMAT' | 'CHECKSUM' | 'BIRTH_DATE_INVALID' | 'BIRTH_DATE_IN_FUTURE';

export type IdNumberCheck = { ok: true; value: IdNumberFacts } | { ok: false; error: IdNumberError };

// GB 11643-1999 §8.2: weights W_i = 2^(i-1) mod 11 for positions 18..2; check value table.
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';
const SHAPE = /^\d{17}[\dX]$/;

/** The check character for the first 17 digits. */
export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

/**
 * Check a 公民身份号码 and derive its birth date and sex. `today` (YYYY-MM-DD or an ISO instant,
 * read in China time) bounds the birth date: nobody is born in the future.
 */
export function checkIdNumber(raw: string, today: string): IdNumberCheck {
  const id = raw.trim().toUpperCase();
  if (id.length !== 18) return { ok: false, error: 'LENGTH' };
  if (!SHAPE.test(id) || id.startsWith('00')) return { ok: false, error: 'FORMAT' };
  if (idCheckChar(id.slice(0, 17)) !== id[17]) return { ok: false, error: 'CHECKSUM' };
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (!isCalendarDate(birthDate)) return { ok: false, error: 'BIRTH_DATE_INVALID' };
  if (birthDate > toDate(today)) return { ok: false, error: 'BIRTH_DATE_IN_FUTURE' };
  const sex: Sex = Number(id[16]) % 2 === 1 ? 'male' : 'female';
  return { ok: true, value: { idNumber: id, birthDate, sex } };
}

/** Full years of age on a date (a 29 February birthday counts from 1 March in common years). */
export function ageOn(birthDate: string, isoDate: string): number {
  const on = toDate(isoDate);
  const years = Number(on.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return on.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

/** Auditors and logs see `330106********123X`: address code and the last four only. */
export function maskIdNumber(id: string): string {
  if (id.length <= 10) return '*'.repeat(id.length);
  return id.slice(0, 6) + '*'.repeat(id.length - 10) + id.slice(-4);
}

function toDate(isoDateOrInstant: string): string {
  return isoDateOrInstant.length === 10 ? isoDateOrInstant : chinaDateOf(isoDateOrInstant);
}
