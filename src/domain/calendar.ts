// Working days and durations in China time (UTC+08:00, no daylight saving), computed on epoch
// milliseconds so the result never depends on the process's time zone. `new Date(ms)` is only
// ever used with an explicit argument, which is deterministic.

/** The working-day calendar as data (policy-rules.md: weekends and holidays off, 调休 weekends on). */
export interface WorkingCalendar {
  /** Public holidays, YYYY-MM-DD (China dates). */
  holidays: string[];
  /** Saturdays/Sundays that are working days (调休上班), YYYY-MM-DD. */
  workingWeekends: string[];
  /**
   * The years the calendar covers and the notice each comes from; `provisional` until the State
   * Council's notice for that year is entered. Absent (older policies): nothing is known published.
   */
  years?: CalendarYear[];
}

export interface CalendarYear {
  year: number;
  /** The source notice, e.g. 国办发明电〔2025〕7号. */
  notice: string;
  provisional: boolean;
}

/** The last year whose arrangement was published (not provisional), or null. */
export function lastPublishedYear(cal: WorkingCalendar): number | null {
  const published = (cal.years ?? []).filter((y) => !y.provisional).map((y) => y.year);
  return published.length ? Math.max(...published) : null;
}

/**
 * Is a deadline computed past the last published year (on a provisional or missing arrangement)?
 * Such deadlines are estimates until the year's notice is entered (issue 13 §3).
 */
export function pastPublishedCalendar(cal: WorkingCalendar, isoInstant: string): boolean {
  const last = lastPublishedYear(cal);
  return last === null || chinaYearOf(isoInstant) > last;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** China Standard Time is UTC+08:00 all year. */
const CHINA_OFFSET_MS = 8 * HOUR_MS;
const DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/;

/** Is this a real YYYY-MM-DD calendar date (leap years included)? */
export function isCalendarDate(date: string): boolean {
  if (!DATE_SHAPE.test(date)) return false;
  const ms = Date.parse(`${date}T00:00:00.000Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === date;
}

/** Is this an ISO-8601 instant with an explicit offset (`Z` or `±hh:mm`)? */
export function isIsoInstant(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(value) && !Number.isNaN(Date.parse(value));
}

/**
 * The same instant written in UTC (`…Z`, milliseconds): any offset RFC 3339 allows (even −21:32)
 * becomes one PostgreSQL and every comparison read alike. Null when it is not an instant.
 */
export function utcInstantOf(value: string): string | null {
  return isIsoInstant(value) ? toIso(Date.parse(value)) : null;
}

function toMs(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO instant: ${iso}`);
  return ms;
}

const toIso = (ms: number): string => new Date(ms).toISOString();

/** The China calendar date (YYYY-MM-DD) an instant falls on. */
export function chinaDateOf(isoInstant: string): string {
  return toIso(toMs(isoInstant) + CHINA_OFFSET_MS).slice(0, 10);
}

/** The China calendar year an instant falls in (case numbers count per year). */
export function chinaYearOf(isoInstant: string): number {
  return Number(chinaDateOf(isoInstant).slice(0, 4));
}

/** 00:00 China time of a date, as epoch ms. */
function chinaMidnightMs(date: string): number {
  return Date.parse(`${date}T00:00:00.000Z`) - CHINA_OFFSET_MS;
}

function nextDate(date: string): string {
  return toIso(Date.parse(`${date}T00:00:00.000Z`) + DAY_MS).slice(0, 10);
}

export function isWorkingDay(date: string, cal: WorkingCalendar): boolean {
  if (cal.workingWeekends.includes(date)) return true;
  if (cal.holidays.includes(date)) return false;
  const weekday = new Date(Date.parse(`${date}T00:00:00.000Z`)).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/**
 * Deadline of `n` working days from an instant. Convention (as for 法定期限 counted in days, the
 * start day itself does not count): the deadline is the END (24:00 China time) of the n-th working
 * day after the China date of `isoInstant`, returned as the instant 00:00 China time of the next
 * day. n = 0 gives the end of the start day.
 */
export function addWorkingDays(isoInstant: string, n: number, cal: WorkingCalendar): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a whole number ≥ 0: ${n}`);
  let date = chinaDateOf(isoInstant);
  for (let counted = 0; counted < n;) {
    date = nextDate(date);
    if (isWorkingDay(date, cal)) counted++;
  }
  return toIso(chinaMidnightMs(date) + DAY_MS);
}

export function addMinutes(iso: string, minutes: number): string {
  return toIso(toMs(iso) + minutes * 60_000);
}

export function addHours(iso: string, hours: number): string {
  return toIso(toMs(iso) + hours * HOUR_MS);
}

/** Calendar days: exactly n × 24 h (China keeps no daylight saving). */
export function addDays(iso: string, days: number): string {
  return toIso(toMs(iso) + days * DAY_MS);
}

/**
 * Calendar months in China time, keeping the time of day; a day that does not exist in the target
 * month is clamped to its last day (31 January + 1 month = 28/29 February).
 */
export function addMonths(iso: string, months: number): string {
  if (!Number.isInteger(months)) throw new RangeError(`months must be whole: ${months}`);
  const local = new Date(toMs(iso) + CHINA_OFFSET_MS);
  const monthIndex = local.getUTCFullYear() * 12 + local.getUTCMonth() + months;
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(local.getUTCDate(), lastDay);
  const timeOfDay = local.getTime() - Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate());
  return toIso(Date.UTC(year, month, day) + timeOfDay - CHINA_OFFSET_MS);
}

/** Earlier-or-equal comparison of two ISO instants (by time, not by string). */
export function isAtOrAfter(iso: string, reference: string): boolean {
  return toMs(iso) >= toMs(reference);
}

/** The earliest of some ISO instants, or null. */
export function earliest(instants: readonly (string | null | undefined)[]): string | null {
  let best: string | null = null;
  for (const i of instants) if (i != null && (best === null || toMs(i) < toMs(best))) best = i;
  return best;
}
