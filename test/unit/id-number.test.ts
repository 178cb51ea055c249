import fc from 'fast-check';
import { ageOn, checkIdNumber, idCheckChar, maskIdNumber } from '../../src/domain';

const TODAY = '2026-11-29';

/** Valid 公民身份号码 built from parts: address, birth date, sequence, computed check character. */
const validIdNumber = fc
  .record({
    address: fc.integer({ min: 110000, max: 659999 }),
    birth: fc.date({ min: new Date('1920-01-01T00:00:00Z'), max: new Date('2026-11-28T00:00:00Z'), noInvalidDate: true }),
    sequence: fc.integer({ min: 0, max: 999 }),
  })
  .map(({ address, birth, sequence }) => {
    const first17 = `${address}${birth.toISOString().slice(0, 10).replace(/-/g, '')}${String(sequence).padStart(3, '0')}`;
    return first17 + idCheckChar(first17);
  });

describe('公民身份号码 check (GB 11643-1999)', () => {
  it('accepts a known valid number and derives birth date and sex', () => {
    // The standard's own example: 11010519491231002X, a woman born 1949-12-31.
    expect(checkIdNumber('11010519491231002X', TODAY)).toEqual({
      ok: true,
      value: { idNumber: '11010519491231002X', birthDate: '1949-12-31', sex: 'female' },
    });
    const male = checkIdNumber('440524188001010014', TODAY);
    expect(male).toEqual({ ok: true, value: { idNumber: '440524188001010014', birthDate: '1880-01-01', sex: 'male' } });
  });

  it('accepts a lower-case check character x and normalises it', () => {
    const result = checkIdNumber('11010519491231002x', TODAY);
    expect(result.ok && result.value.idNumber).toBe('11010519491231002X');
  });

  it('accepts every generated valid number and derives the sex from the parity of the 17th digit', () => {
    fc.assert(
      fc.property(validIdNumber, (id) => {
        const result = checkIdNumber(id, TODAY);
        expect(result.ok).toBe(true);
        if (result.ok) {
          expect(result.value.birthDate.replace(/-/g, '')).toBe(id.slice(6, 14));
          expect(result.value.sex).toBe(Number(id[16]) % 2 === 1 ? 'male' : 'female');
        }
      }),
      { numRuns: 300 },
    );
  });

  it('rejects every single-character change of a valid number', () => {
    fc.assert(
      fc.property(validIdNumber, (id) => {
        for (let i = 0; i < 18; i++) {
          for (const ch of '0123456789X') {
            if (ch === id[i] || (i < 17 && ch === 'X')) continue;
            const changed = id.slice(0, i) + ch + id.slice(i + 1);
            expect(checkIdNumber(changed, TODAY).ok).toBe(false);
          }
        }
      }),
      { numRuns: 100 },
    );
  });

  it('rejects every adjacent swap that changes a valid number', () => {
    fc.assert(
      fc.property(validIdNumber, (id) => {
        for (let i = 0; i < 17; i++) {
          if (id[i] === id[i + 1]) continue;
          const swapped = id.slice(0, i) + id[i + 1] + id[i] + id.slice(i + 2);
          expect(checkIdNumber(swapped, TODAY).ok).toBe(false);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('rejects wrong length, letters and a bad checksum with the reason', () => {
    expect(checkIdNumber('1101051949123100', TODAY)).toEqual({ ok: false, error: 'LENGTH' });
    expect(checkIdNumber('1101051949123100AX', TODAY)).toEqual({ ok: false, error: 'FORMAT' });
    expect(checkIdNumber('110105194912310021', TODAY)).toEqual({ ok: false, error: 'CHECKSUM' });
  });

  it('rejects a birth date that is not on the calendar, with a correct checksum', () => {
    const withDate = (yyyymmdd: string) => {
      const first17 = `330106${yyyymmdd}123`;
      return first17 + idCheckChar(first17);
    };
    expect(checkIdNumber(withDate('20230229'), TODAY)).toEqual({ ok: false, error: 'BIRTH_DATE_INVALID' });
    expect(checkIdNumber(withDate('20240230'), TODAY)).toEqual({ ok: false, error: 'BIRTH_DATE_INVALID' });
    expect(checkIdNumber(withDate('20241301'), TODAY)).toEqual({ ok: false, error: 'BIRTH_DATE_INVALID' });
    expect(checkIdNumber(withDate('20240229'), TODAY).ok).toBe(true);
    expect(checkIdNumber(withDate('20000229'), TODAY).ok).toBe(true);
    expect(checkIdNumber(withDate('19000229'), TODAY)).toEqual({ ok: false, error: 'BIRTH_DATE_INVALID' });
  });

  it('rejects a birth date after today, read in China time', () => {
    const first17 = '33010620261130123';
    const id = first17 + idCheckChar(first17);
    expect(checkIdNumber(id, '2026-11-29')).toEqual({ ok: false, error: 'BIRTH_DATE_IN_FUTURE' });
    // 2026-11-29T16:30Z is already 30 November in China.
    expect(checkIdNumber(id, '2026-11-29T16:30:00Z').ok).toBe(true);
  });

  it('counts full years of age, a 29 February birthday turning over on 1 March', () => {
    expect(ageOn('2012-06-15', '2026-06-14')).toBe(13);
    expect(ageOn('2012-06-15', '2026-06-15')).toBe(14);
    expect(ageOn('2012-02-29', '2026-02-28')).toBe(13);
    expect(ageOn('2012-02-29', '2026-03-01')).toBe(14);
    expect(ageOn('2012-06-15', '2026-06-14T16:00:00Z')).toBe(14);
  });

  it('masks all but the address code and the last four characters', () => {
    expect(maskIdNumber('33010619900101123X')).toBe('330106********123X');
  });
});

describe('ID numbers at the edges', () => {
  it('masks a short value completely and trims what it checks', () => {
    expect(maskIdNumber('1234567890')).toBe('**********');
    expect(maskIdNumber('12345678901')).toBe('123456*8901');
    expect(checkIdNumber(' 11010519491231002X ', TODAY)).toMatchObject({ ok: true, value: { idNumber: '11010519491231002X' } });
  });

  it('refuses a number with the address code 00', () => {
    expect(checkIdNumber('001105194912310021', TODAY)).toEqual({ ok: false, error: 'FORMAT' });
  });
});
