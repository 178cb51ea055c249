import type { Duration } from './policy';

// The law's bounds on policy values: a published policy (or a province's, city's or county's
// override) may shorten a statutory time limit, never lengthen it, and may not shorten a 公示.
// Data, one row per bound; checkLawBounds (jurisdiction.ts) reads them.

export interface LawBound {
  /** JSON path of a Duration in the policy. */
  path: string;
  /** `atMost`: no longer than the law allows; `exactly`: the law fixes it (公示 7 天). */
  rule: 'atMost' | 'exactly';
  limit: Duration;
  article: string;
}

const wd = (amount: number): Duration => ({ amount, unit: 'working_days' });
const days = (amount: number): Duration => ({ amount, unit: 'days' });
const months = (amount: number): Duration => ({ amount, unit: 'months' });
const DIBAO = '最低生活保障审核确认办法';
const TEKUN = '特困人员认定办法';

export const LAW_BOUNDS: LawBound[] = [
  { path: 'kinds.dibao.procedure', rule: 'atMost', limit: wd(30), article: `${DIBAO} 第二十二条` },
  { path: 'kinds.dibao.delegatedProcedure', rule: 'atMost', limit: wd(20), article: '2022 通知 四(一)' },
  { path: 'kinds.dibao.procedureExtension.upTo', rule: 'atMost', limit: wd(45), article: `${DIBAO} 第二十二条` },
  { path: 'kinds.dibao.steps.township.sla', rule: 'atMost', limit: wd(3), article: `${DIBAO} 第十五条` },
  { path: 'kinds.dibao.steps.county.sla', rule: 'atMost', limit: wd(10), article: `${DIBAO} 第二十条` },
  { path: 'kinds.dibao.publicNotice.period', rule: 'exactly', limit: days(7), article: `${DIBAO} 第十九条` },
  { path: 'kinds.dibao.refusalNotice.sla', rule: 'atMost', limit: wd(3), article: `${DIBAO} 第二十一条` },
  { path: 'kinds.dibao.review.interval', rule: 'atMost', limit: months(12), article: `${DIBAO} 第三十一条` },
  { path: 'kinds.tekun.steps.township.sla', rule: 'atMost', limit: wd(15), article: `${TEKUN} 第十三条` },
  { path: 'kinds.tekun.steps.county.sla', rule: 'atMost', limit: wd(15), article: `${TEKUN} 第十六条` },
  { path: 'kinds.tekun.publicNotice.period', rule: 'exactly', limit: days(7), article: `${TEKUN} 第十五条` },
  { path: 'kinds.tekun.publicNotice.objection.sla', rule: 'atMost', limit: wd(15), article: `${TEKUN} 第十五条` },
  { path: 'kinds.tekun.refusalNotice.sla', rule: 'atMost', limit: wd(3), article: `${TEKUN} 第十八条` },
  { path: 'kinds.tekun.reassessment.sla', rule: 'atMost', limit: wd(10), article: `${TEKUN} 第二十三条` },
  { path: 'kinds.tekun.terminationNotice.period', rule: 'exactly', limit: days(7), article: `${TEKUN} 第二十六条` },
  { path: 'kinds.tekun.terminationNotice.objection.sla', rule: 'atMost', limit: wd(15), article: `${TEKUN} 第二十六条` },
  { path: 'kinds.de_facto_unsupported.steps.township.sla', rule: 'atMost', limit: wd(15), article: '民发〔2019〕62号 二(二)' },
  { path: 'kinds.de_facto_unsupported.steps.county.sla', rule: 'atMost', limit: wd(15), article: '民发〔2019〕62号 二(三)' },
];
