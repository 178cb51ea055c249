import { idCheckChar } from '../../src/domain/id-number';

// Test data: valid, obviously fake people.

let counter = 0;
// Test files run in parallel against one database, and a person may have only one active case of
// a kind: every call gets a fresh number (a random birth date per process, a counter within it).
const processBirth = Date.UTC(1950, 0, 1) + Math.floor(Math.random() * 25_000) * 86_400_000;

/** A valid 公民身份号码; a different person each call unless `birth` and the sequence repeat. */
export function idNumber(address = '330106', birth?: string, sex: 'male' | 'female' = 'male'): string {
  counter++;
  const date = birth ?? new Date(processBirth + Math.floor(counter / 450) * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
  const seq = String(((counter % 450) * 2 + (sex === 'male' ? 1 : 0)) % 1000).padStart(3, '0');
  const first17 = `${address}${date}${seq}`;
  return first17 + idCheckChar(first17);
}

export const VILLAGE = '330106002051'; // 浙江省杭州市西湖区北山街道上保社区
export const TOWNSHIP = '330106002000'; // 北山街道
export const COUNTY = '330106000000'; // 西湖区
export const CITY = '330100000000'; // 杭州市
export const PROVINCE = '330000000000'; // 浙江省
export const OTHER_PROVINCE_VILLAGE = '420102002003'; // 湖北省武汉市江岸区 保成社区

export function openCaseBody(overrides: Record<string, unknown> = {}) {
  return {
    kind: 'dibao',
    subject: { name: '测试人', idNumber: idNumber() },
    summary: '申请最低生活保障',
    ...overrides,
  };
}
