import { parentOf } from '../../../src/domain/divisions';

// Division-code arithmetic is the core's (src/domain/divisions.ts: pure, dependency-free), bundled
// here as it is, so the console and the API can never disagree about levels, parents or scopes.
export { levelOf, parentOf, significantPrefix as significant } from '../../../src/domain/divisions';
export type { Level } from '../../../src/domain/types';

/** From `from` up to and including `to` when `to` is `from` or one of its ancestors; else [from, to]. */
export function chainBetween(from: string, to: string): string[] {
  const chain: string[] = [];
  for (let c: string | null = from; c; c = parentOf(c)) {
    chain.push(c);
    if (c === to) return chain;
  }
  return from === to ? [from] : [from, to];
}

export const PROVINCES: { code: string; name: string }[] = [
  ['33', '浙江省'],
  ['42', '湖北省'],
  ['11', '北京市'],
  ['12', '天津市'],
  ['13', '河北省'],
  ['14', '山西省'],
  ['15', '内蒙古自治区'],
  ['21', '辽宁省'],
  ['22', '吉林省'],
  ['23', '黑龙江省'],
  ['31', '上海市'],
  ['32', '江苏省'],
  ['34', '安徽省'],
  ['35', '福建省'],
  ['36', '江西省'],
  ['37', '山东省'],
  ['41', '河南省'],
  ['43', '湖南省'],
  ['44', '广东省'],
  ['45', '广西壮族自治区'],
  ['46', '海南省'],
  ['50', '重庆市'],
  ['51', '四川省'],
  ['52', '贵州省'],
  ['53', '云南省'],
  ['54', '西藏自治区'],
  ['61', '陕西省'],
  ['62', '甘肃省'],
  ['63', '青海省'],
  ['64', '宁夏回族自治区'],
  ['65', '新疆维吾尔自治区'],
].map(([pp, name]) => ({ code: `${pp}0000000000`, name }));
