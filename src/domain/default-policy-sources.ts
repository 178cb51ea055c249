import type { Source } from './policy';

// Where each value of the default policy comes from (shared/policy-sources.md, checked 2026-12-01),
// by JSON path. A value's source is the entry of its own path or, failing that, of the nearest
// enclosing path. docs/law.md is generated from the same reading.

const law = (article: string): Source => ({ basis: 'law', article });
const byDefault = (note?: string): Source => (note ? { basis: 'default', note } : { basis: 'default' });
const DIBAO = '最低生活保障审核确认办法 (民发〔2021〕57号)';
const TEKUN = '特困人员认定办法 (民政部 2021)';
const NOTICE_2022 = '民政部等《关于进一步做好最低生活保障等社会救助兜底保障工作的通知》(2022) 四(一)';
const CHILDREN_2019 = '关于进一步加强事实无人抚养儿童保障工作的意见 (民发〔2019〕62号)';
const MINORS = '未成年人保护法 (2020)';
const DISABILITY_2015 = '国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见 (国发〔2015〕52号)';

export const DEFAULT_POLICY_SOURCES: Record<string, Source> = {
  calendar: law('国务院办公厅关于2025年/2026年部分节假日安排的通知 (2027 provisional: statutory days only)'),
  dibaoLine: byDefault('illustrative monthly lines; replace from local 民政 announcements'),
  defaultStep: byDefault(),
  escalationApproval: byDefault(),
  closureApproval: byDefault(),
  disclosure: byDefault('PIPL art. 28 requires protection; who sees the full number is our judgement'),
  'kinds.dibao.decision': law(`${DIBAO} 第二条`),
  'kinds.dibao.procedure': law(`${DIBAO} 第二十二条`),
  'kinds.dibao.delegatedProcedure': law(NOTICE_2022),
  'kinds.dibao.procedureExtension': law(`${DIBAO} 第二十二条; ${NOTICE_2022}`),
  'kinds.dibao.steps.village': byDefault('the 办法 has no village intake step'),
  'kinds.dibao.steps.township': law(`${DIBAO} 第十五条`),
  'kinds.dibao.steps.township.next': byDefault('split of the 30-wd whole'),
  'kinds.dibao.steps.county': law(`${DIBAO} 第二十条, 第二十二条`),
  'kinds.dibao.review.interval': law(`${DIBAO} 第三十一条`),
  'kinds.dibao.review.shorterIntervals': law(`${DIBAO} 第三十一条`),
  'kinds.dibao.review.step': byDefault(),
  'kinds.dibao.closureRequiresApproval': byDefault(),
  'kinds.dibao.publicNotice': law(`${DIBAO} 第十九条`),
  'kinds.dibao.publicNotice.objection': byDefault(`re-investigation time follows ${TEKUN} 第十五条`),
  'kinds.dibao.refusalNotice': law(`${DIBAO} 第二十一条`),
  'kinds.tekun.decision': law(`${TEKUN} 第十六条, 第二十八条`),
  'kinds.tekun.steps.village': byDefault(),
  'kinds.tekun.steps.township': law(`${TEKUN} 第十三条`),
  'kinds.tekun.steps.county': law(`${TEKUN} 第十六条`),
  'kinds.tekun.review': byDefault('the 办法 sets no periodic review interval'),
  'kinds.tekun.closureRequiresApproval': byDefault(),
  'kinds.tekun.publicNotice': law(`${TEKUN} 第十五条`),
  'kinds.tekun.refusalNotice': law(`${TEKUN} 第十八条`),
  'kinds.tekun.reassessment': law(`${TEKUN} 第二十三条`),
  'kinds.tekun.terminationNotice': law(`${TEKUN} 第二十六条`),
  'kinds.temporary_aid.decision': byDefault('社会救助暂行办法 第四十八条 allows delegation; threshold local'),
  'kinds.temporary_aid.steps': byDefault('民发〔2018〕23号 二(二) 先行救助 sets no hours'),
  'kinds.temporary_aid.closureRequiresApproval': byDefault(),
  'kinds.disability_subsidy.decision': law(
    `${DISABILITY_2015}: township accepts and reviews, county 残联 reviews the grade, county 民政 decides (procedure via local reproductions)`,
  ),
  'kinds.disability_subsidy.steps': byDefault('no national time limit found'),
  'kinds.disability_subsidy.review': byDefault(),
  'kinds.disability_subsidy.closureRequiresApproval': byDefault(),
  'kinds.mandatory_report.decision': byDefault(),
  'kinds.mandatory_report.steps': byDefault(`${MINORS} 第十一条 says 立即; no hours`),
  'kinds.mandatory_report.review': byDefault(),
  'kinds.mandatory_report.closureRequiresApproval': byDefault(),
  'kinds.orphan': { basis: 'local_practice', note: '民发〔2010〕161号 not found; 山东、湖北 local guides: 10 + 10 wd, no 公示' },
  'kinds.de_facto_unsupported.decision': law(`${CHILDREN_2019} 二(三)`),
  'kinds.de_facto_unsupported.steps.village': byDefault(),
  'kinds.de_facto_unsupported.steps.township': law(`${CHILDREN_2019} 二(二)`),
  'kinds.de_facto_unsupported.steps.county': law(`${CHILDREN_2019} 二(三)`),
  'kinds.de_facto_unsupported.publicNotice': law(`${CHILDREN_2019} 二(二): 不宜设置公示环节`),
  'kinds.de_facto_unsupported.review': byDefault(),
  'kinds.de_facto_unsupported.closureRequiresApproval': byDefault(),
  'kinds.left_behind': byDefault('国发〔2016〕36号 sets no visit frequency'),
  'kinds.guardianship_gap.decision': law(`${MINORS} 第九十二—九十四条`),
  'kinds.guardianship_gap.steps': byDefault(),
  'kinds.guardianship_gap.review': byDefault(),
  'kinds.guardianship_gap.closureRequiresApproval': byDefault(),
  'emergency.level': law(`${MINORS} 第九十二—九十三条`),
  'emergency.riskAtLeast': byDefault(),
  'emergency.onReopen': law(`${MINORS} 第九十二—九十三条`),
  'emergency.acknowledge': byDefault('no national hour limit'),
  'emergency.act': byDefault('no national hour limit'),
  highRisk: byDefault(),
};

/** The source of the value at `path`: its own entry, or the nearest enclosing one; null if none. */
export function sourceOf(sources: Record<string, Source> | undefined, path: string): Source | null {
  if (!sources) return null;
  for (let p = path; p !== ''; p = p.includes('.') ? p.slice(0, p.lastIndexOf('.')) : '') {
    const found = sources[p];
    if (found) return found;
  }
  return null;
}
