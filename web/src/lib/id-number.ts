// 公民身份号码 check per GB 11643-1999, for live feedback in the browser. The same algorithm as the
// API's src/domain/id-number.ts (which stays authoritative: the API checks again); kept separate so
// no server code is bundled into the console. test/unit/console-id-number.test.ts checks that the
// two agree on many numbers.

export type IdCheck =
  | { ok: true; idNumber: string; birthDate: string; sex: 'male' | 'female' }
  | { ok: false; error: 'LENGTH' | 'FORMAT' | 'CHECKSUM' | 'BIRTH_DATE_INVALID' | 'BIRTH_DATE_IN_FUTURE' };

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

function isCalendarDate(date: string): boolean {
  const ms = Date.parse(`${date}T00:00:00.000Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === date;
}

/** `today`: the China date (YYYY-MM-DD) that bounds the birth date. */
export function checkIdNumber(raw: string, today: string): IdCheck {
  const id = raw.trim().toUpperCase();
  if (id.length !== 18) return { ok: false, error: 'LENGTH' };
  if (!/^\d{17}[\dX]$/.test(id) || id.startsWith('00')) return { ok: false, error: 'FORMAT' };
  if (idCheckChar(id.slice(0, 17)) !== id[17]) return { ok: false, error: 'CHECKSUM' };
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (!isCalendarDate(birthDate)) return { ok: false, error: 'BIRTH_DATE_INVALID' };
  if (birthDate > today) return { ok: false, error: 'BIRTH_DATE_IN_FUTURE' };
  return { ok: true, idNumber: id, birthDate, sex: Number(id[16]) % 2 === 1 ? 'male' : 'female' };
}

/** Today's date in China (UTC+8), whatever the browser's time zone. */
export function chinaToday(now = Date.now()): string {
  return new Date(now + 8 * 3_600_000).toISOString().slice(0, 10);
}
