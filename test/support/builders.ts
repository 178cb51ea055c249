import { idCheckChar } from '../../src/domain/id-number';

// Test data: valid, obviously fake people.

let counter = 0;

/** A valid 公民身份号码 for the given address code and birth date; a fresh sequence each call. */
export function idNumber(address = '330106', birth = '20150101', sex: 'male' | 'female' = 'male'): string {
  counter = (counter + 1) % 50;
  const seq = String(counter * 2 + (sex === 'male' ? 1 : 0) + 100).padStart(3, '0');
  const first17 = `${address}${birth}${seq}`;
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
