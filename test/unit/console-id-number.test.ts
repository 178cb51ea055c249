import fc from 'fast-check';
import { checkIdNumber as serverCheck, idCheckChar } from '../../src/domain/id-number';
import { checkIdNumber as consoleCheck, chinaToday } from '../../web/src/lib/id-number';
import { timeLeft } from '../../web/src/lib/deadline';

// The console re-implements the GB 11643 check for live feedback (no server code in the bundle):
// it must agree with the API's on every input, valid or not.

const TODAY = '2026-12-02';
const anyId = fc.oneof(
  fc.stringMatching(/^\d{17}[\dXx]$/),
  fc.string({ maxLength: 20 }),
  fc
    .record({
      address: fc.integer({ min: 0, max: 999999 }),
      birth: fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true }),
      seq: fc.integer({ min: 0, max: 999 }),
    })
    .map(({ address, birth, seq }) => {
      const first17 = `${String(address).padStart(6, '0')}${birth.toISOString().slice(0, 10).replace(/-/g, '')}${String(seq).padStart(3, '0')}`;
      return first17 + idCheckChar(first17);
    }),
);

describe('console ID-number check', () => {
  it('agrees with the API on every input', () => {
    fc.assert(
      fc.property(anyId, (id) => {
        const s = serverCheck(id, TODAY);
        const c = consoleCheck(id, TODAY);
        expect(c.ok).toBe(s.ok);
        if (s.ok && c.ok) expect({ idNumber: c.idNumber, birthDate: c.birthDate, sex: c.sex }).toEqual(s.value);
        if (!s.ok && !c.ok) expect(c.error).toBe(s.error);
      }),
      { numRuns: 3000 },
    );
  });

  it('knows China’s date whatever the clock’s zone', () => {
    expect(chinaToday(Date.parse('2026-12-01T16:30:00Z'))).toBe('2026-12-02');
  });
});

describe('console deadline in working days and hours', () => {
  const cal = { holidays: ['2026-12-03'], workingWeekends: [] };
  const now = Date.parse('2026-12-01T01:00:00Z'); // Tuesday 09:00 in China

  it('counts working days to the deadline, skipping weekends and holidays', () => {
    // Due at the end of Monday 7 Dec (00:00 Tuesday China time): Thu 3 Dec (holiday) and the weekend skipped.
    const left = timeLeft('2026-12-07T16:00:00Z', false, cal, now)!;
    expect(left).toMatchObject({ overdue: false, workingDays: 3, urgency: 3 });
    expect(left.hours).toBe(6 * 24 + 15);
  });

  it('marks under a day as urgent and a passed deadline as overdue', () => {
    expect(timeLeft('2026-12-01T10:00:00Z', false, cal, now)).toMatchObject({ overdue: false, hours: 9, urgency: 1 });
    expect(timeLeft('2026-11-30T10:00:00Z', false, cal, now)).toMatchObject({ overdue: true, urgency: 0, hours: -15 });
    expect(timeLeft(null, true, cal, now)).toMatchObject({ overdue: true, urgency: 0 });
    expect(timeLeft(null, false, cal, now)).toBeNull();
  });
});
