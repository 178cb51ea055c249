import { caseView } from '../../src/cases/case-view';
import { CHINA_CALENDAR_2025_2027, DEFAULT_POLICY, lastPublishedYear, pastPublishedCalendar, validatePolicy } from '../../src/domain';
import { COUNTY, MONDAY, openCase } from '../support/builders';

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

describe("the console's warning (CaseView.deadlineProvisional)", () => {
  const at = (dueAt: string) => ({
    ...openCase({ kind: 'tekun', division: COUNTY }).state,
    step: { name: 'confirmation', startedAt: MONDAY, dueAt },
  });
  const hidden = { name: false, birthDate: false, idNumber: false, narrative: false };
  const view = (dueAt: string, calendar = CHINA_CALENDAR_2025_2027) => caseView(at(dueAt), null, hidden, 'masked', { calendar });

  it('is set when the deadline lies past the last published year, not before, and not for calendars that do not say', () => {
    expect(view('2027-01-05T16:00:00.000Z').deadlineProvisional).toBe(true);
    expect(view('2026-12-30T16:00:00.000Z').deadlineProvisional).toBe(false);
    expect(view('2027-01-05T16:00:00.000Z', { holidays: [], workingWeekends: [] }).deadlineProvisional).toBe(false);
  });
});
