import {
  addMonths,
  addWorkingDays,
  CHINA_CALENDAR_2025_2027,
  chinaDateOf,
  earliest,
  isAtOrAfter,
  isCalendarDate,
  isWorkingDay,
} from '../../src/domain';
import type { WorkingCalendar } from '../../src/domain';

// Edges of the calendar arithmetic the deadlines rest on: dates, instants without offsets, ties.

const cal = CHINA_CALENDAR_2025_2027;

function workingDaysIn(year: number, calendar: WorkingCalendar): number {
  let n = 0;
  for (let ms = Date.UTC(year, 0, 1); new Date(ms).getUTCFullYear() === year; ms += 86_400_000) {
    if (isWorkingDay(new Date(ms).toISOString().slice(0, 10), calendar)) n++;
  }
  return n;
}

describe('calendar dates', () => {
  it('accepts real dates only, leap days included', () => {
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2026-12-31')).toBe(true);
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2026-04-31')).toBe(false);
    expect(isCalendarDate('2026-13-01')).toBe(false);
    expect(isCalendarDate('2026-3-1')).toBe(false);
    expect(isCalendarDate('x2026-03-01')).toBe(false);
    expect(isCalendarDate('2026-03-01x')).toBe(false);
    expect(isCalendarDate('2026-03-01T00:00:00Z')).toBe(false);
  });

  it('has 248 working days in each of 2025, 2026 and 2027 under the State Council’s holiday notices', () => {
    expect(workingDaysIn(2025, cal)).toBe(248);
    expect(workingDaysIn(2026, cal)).toBe(248);
    expect(workingDaysIn(2027, cal)).toBe(248);
  });

  it('lets an adjusted working weekend count even if also listed as a holiday', () => {
    const odd: WorkingCalendar = { holidays: ['2026-03-07'], workingWeekends: ['2026-03-07'] };
    expect(isWorkingDay('2026-03-07', odd)).toBe(true);
    expect(isWorkingDay('2026-03-08', odd)).toBe(false);
    expect(isWorkingDay('2026-03-09', { holidays: ['2026-03-09'], workingWeekends: [] })).toBe(false);
  });
});

describe('instants', () => {
  it('reads the China date of an instant at the midnight boundary', () => {
    expect(chinaDateOf('2026-03-01T15:59:59.999Z')).toBe('2026-03-01');
    expect(chinaDateOf('2026-03-01T16:00:00Z')).toBe('2026-03-02');
    expect(chinaDateOf('2026-03-02T00:00:00+08:00')).toBe('2026-03-02');
  });

  it('refuses what is not an instant at all', () => {
    expect(() => chinaDateOf('next Monday')).toThrow(RangeError);
    expect(() => addMonths('soon', 1)).toThrow('not an ISO instant: soon');
    expect(() => isAtOrAfter('2026-03-02T00:00:00Z', 'later')).toThrow(RangeError);
  });

  it('compares instants by time, not by their text', () => {
    // 09:00 in China is 01:00 UTC: the same instant, written two ways.
    expect(isAtOrAfter('2026-03-02T09:00:00+08:00', '2026-03-02T01:00:00Z')).toBe(true);
    expect(isAtOrAfter('2026-03-02T01:00:00Z', '2026-03-02T09:00:00+08:00')).toBe(true);
    expect(isAtOrAfter('2026-03-02T08:59:59+08:00', '2026-03-02T01:00:00Z')).toBe(false);
    expect(earliest(['2026-03-02T02:00:00Z', '2026-03-02T09:30:00+08:00'])).toBe('2026-03-02T09:30:00+08:00');
  });

  it('picks the earliest instant, skipping missing ones and keeping the first of equal ones', () => {
    expect(earliest([])).toBeNull();
    expect(earliest([null, undefined])).toBeNull();
    expect(earliest([null, '2026-03-05T00:00:00Z', undefined, '2026-03-04T00:00:00Z', '2026-03-06T00:00:00Z'])).toBe('2026-03-04T00:00:00Z');
    expect(earliest(['2026-03-02T09:00:00+08:00', '2026-03-02T01:00:00Z'])).toBe('2026-03-02T09:00:00+08:00');
  });
});

describe('working-day and month arithmetic', () => {
  it('refuses a negative or fractional number of working days and fractional months', () => {
    expect(() => addWorkingDays('2026-03-02T09:00:00+08:00', -1, cal)).toThrow('working days must be a whole number ≥ 0: -1');
    expect(() => addWorkingDays('2026-03-02T09:00:00+08:00', 1.5, cal)).toThrow(RangeError);
    expect(() => addMonths('2026-03-02T09:00:00+08:00', 0.5)).toThrow('months must be whole: 0.5');
  });

  it('counts working days from a start on a rest day as from that day', () => {
    // Saturday 7 March + 1 working day → end of Monday 9 March.
    expect(addWorkingDays('2026-03-07T10:00:00+08:00', 1, cal)).toBe('2026-03-09T16:00:00.000Z');
    // n = 0 on a Saturday: the end of that Saturday.
    expect(addWorkingDays('2026-03-07T10:00:00+08:00', 0, cal)).toBe('2026-03-07T16:00:00.000Z');
  });

  it('goes back months and across year ends in China time', () => {
    expect(addMonths('2026-03-31T10:00:00+08:00', -1)).toBe('2026-02-28T02:00:00.000Z');
    expect(addMonths('2026-01-15T10:00:00+08:00', -1)).toBe('2025-12-15T02:00:00.000Z');
    expect(addMonths('2026-12-31T23:30:00+08:00', 2)).toBe('2027-02-28T15:30:00.000Z');
    expect(addMonths('2026-03-02T09:00:00+08:00', 0)).toBe('2026-03-02T01:00:00.000Z');
  });
});
