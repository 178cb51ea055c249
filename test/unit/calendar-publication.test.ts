import { CHINA_CALENDAR_2025_2027, lastPublishedYear, pastPublishedCalendar, validatePolicy, DEFAULT_POLICY } from '../../src/domain';

// The working-day calendar as publishable data (issue 13 §3): each year names its notice; 2027 is
// provisional until the State Council's notice is entered.

describe('the published working-day calendar', () => {
  it('names the notice of each year and marks 2027 provisional (国务院令第795号 statutory days only)', () => {
    expect(CHINA_CALENDAR_2025_2027.years?.map((y) => [y.year, y.provisional])).toEqual([
      [2025, false],
      [2026, false],
      [2027, true],
    ]);
    expect(CHINA_CALENDAR_2025_2027.years?.find((y) => y.year === 2026)?.notice).toBe('国办发明电〔2025〕7号');
    expect(lastPublishedYear(CHINA_CALENDAR_2025_2027)).toBe(2026);
  });

  it('tells a deadline computed past the last published year, in China time (24:00 on 31 December is already 2027)', () => {
    expect(pastPublishedCalendar(CHINA_CALENDAR_2025_2027, '2026-12-31T15:59:59.999Z')).toBe(false);
    expect(pastPublishedCalendar(CHINA_CALENDAR_2025_2027, '2026-12-31T16:00:00.000Z')).toBe(true);
    expect(pastPublishedCalendar({ holidays: [], workingWeekends: [] }, '2026-01-05T00:00:00Z')).toBe(true);
  });

  it('validates the years of a published calendar field by field', () => {
    const doc = { ...DEFAULT_POLICY, calendar: { ...DEFAULT_POLICY.calendar, years: [{ year: 'next', notice: '', provisional: 'yes' }] } };
    const result = validatePolicy(doc);
    expect(result.ok ? [] : result.errors.map((e) => e.path)).toEqual([
      'calendar.years[0].year',
      'calendar.years[0].notice',
      'calendar.years[0].provisional',
    ]);
  });
});
