import { addDays, addHours, addMonths, addWorkingDays, CHINA_CALENDAR_2025_2027, chinaDateOf, isWorkingDay, utcInstantOf } from '../../src/domain';

const cal = CHINA_CALENDAR_2025_2027;

describe('working-day calendar (China time, UTC+08:00)', () => {
  it('treats weekdays as working, weekends as rest, holidays as rest and 调休 weekends as working', () => {
    expect(isWorkingDay('2026-03-06', cal)).toBe(true); // Friday
    expect(isWorkingDay('2026-03-07', cal)).toBe(false); // Saturday
    expect(isWorkingDay('2026-10-01', cal)).toBe(false); // 国庆节, a Thursday
    expect(isWorkingDay('2026-02-14', cal)).toBe(true); // Saturday before 春节, 调休上班
    expect(isWorkingDay('2025-01-26', cal)).toBe(true); // Sunday, 调休上班
  });

  it('lists only Saturdays and Sundays as adjusted working weekends', () => {
    for (const d of cal.workingWeekends) {
      expect([0, 6]).toContain(new Date(Date.parse(`${d}T00:00:00Z`)).getUTCDay());
    }
  });

  it('ends a deadline at 24:00 China time of the n-th working day after the start day', () => {
    // Monday 09:00 + 1 working day → end of Tuesday (= Wednesday 00:00 +08:00).
    expect(addWorkingDays('2026-03-02T09:00:00+08:00', 1, cal)).toBe('2026-03-03T16:00:00.000Z');
    expect(addWorkingDays('2026-03-02T09:00:00+08:00', 0, cal)).toBe('2026-03-02T16:00:00.000Z');
  });

  it('skips a weekend', () => {
    // Friday + 1 → Monday; Friday + 5 → next Friday.
    expect(addWorkingDays('2026-03-06T10:00:00+08:00', 1, cal)).toBe('2026-03-09T16:00:00.000Z');
    expect(addWorkingDays('2026-03-06T10:00:00+08:00', 5, cal)).toBe('2026-03-13T16:00:00.000Z');
  });

  it('skips a public holiday (清明节 2026: Saturday 4 to Monday 6 April)', () => {
    // Friday 3 April + 1 → Tuesday 7 April.
    expect(addWorkingDays('2026-04-03T10:00:00+08:00', 1, cal)).toBe('2026-04-07T16:00:00.000Z');
  });

  it('counts an adjusted working weekend (春节 2026: Saturday 14 February works, 15–23 off)', () => {
    // Friday 13 February + 1 → Saturday 14th (调休); + 2 → Tuesday 24th after the holiday.
    expect(addWorkingDays('2026-02-13T10:00:00+08:00', 1, cal)).toBe('2026-02-14T16:00:00.000Z');
    expect(addWorkingDays('2026-02-13T10:00:00+08:00', 2, cal)).toBe('2026-02-24T16:00:00.000Z');
  });

  it('reads the start day in China time, not UTC', () => {
    // 2026-03-06T17:00Z is Saturday 01:00 in China: the next working day is Monday.
    expect(chinaDateOf('2026-03-06T17:00:00Z')).toBe('2026-03-07');
    expect(addWorkingDays('2026-03-06T17:00:00Z', 1, cal)).toBe('2026-03-09T16:00:00.000Z');
  });

  it('counts the statutory 30 working days of a dibao procedure across 中秋节 and 国庆节', () => {
    const due = addWorkingDays('2026-09-16T10:00:00+08:00', 30, cal);
    // Count the working days strictly after the start day that begin before the deadline.
    let count = 0;
    for (let d = '2026-09-17'; Date.parse(`${d}T00:00:00+08:00`) < Date.parse(due); d = chinaDateOf(addDays(`${d}T12:00:00+08:00`, 1))) {
      if (isWorkingDay(d, cal)) count++;
    }
    expect(count).toBe(30);
    expect(isWorkingDay(chinaDateOf(addHours(due, -1)), cal)).toBe(true);
    expect(due).toBe('2026-11-03T16:00:00.000Z'); // end of Tuesday 3 November
  });

  it('adds hours and calendar days as exact durations', () => {
    expect(addHours('2026-03-02T09:00:00+08:00', 2)).toBe('2026-03-02T03:00:00.000Z');
    expect(addDays('2026-03-02T09:00:00+08:00', 7)).toBe('2026-03-09T01:00:00.000Z');
  });

  it('adds calendar months in China time, clamping to the end of a shorter month', () => {
    expect(addMonths('2026-01-31T10:00:00+08:00', 1)).toBe('2026-02-28T02:00:00.000Z');
    expect(addMonths('2028-01-31T10:00:00+08:00', 1)).toBe('2028-02-29T02:00:00.000Z');
    expect(addMonths('2026-03-02T09:00:00+08:00', 12)).toBe('2027-03-02T01:00:00.000Z');
    // 31 March 01:00 China time is 30 March in UTC: the month is counted in China time.
    expect(addMonths('2026-03-30T17:00:00Z', 1)).toBe('2026-04-29T17:00:00.000Z');
    expect(addMonths('2026-11-15T10:00:00+08:00', 3)).toBe('2027-02-15T02:00:00.000Z');
  });
});

describe('an instant written in UTC (utcInstantOf)', () => {
  it('writes any RFC 3339 offset, even one no zone uses, as the same instant in UTC', () => {
    expect(utcInstantOf('2026-01-31T08:00:00+08:00')).toBe('2026-01-31T00:00:00.000Z');
    expect(utcInstantOf('0100-01-31T18:37:53-21:32')).toBe('0100-02-01T16:09:53.000Z');
  });
  it('is null for what is not an instant with an offset', () => {
    expect(utcInstantOf('2026-01-31T08:00:00')).toBeNull();
    expect(utcInstantOf('soon')).toBeNull();
  });
});
