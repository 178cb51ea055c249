import { addMonths } from './calendar';
import { addDuration } from './deadlines';
import type { Duration, Policy } from './policy';
import type { CaseState } from './state';
import type { CaseKind } from './types';

// How long a closed case's data is kept, and how long its workflow waits for a reopen. Policy as
// data: a number from a regulation names it (`basis: 'law'`), every other one is an operating
// DEFAULT. PIPL art. 19 and 47 ask for the shortest period the purpose needs and deletion when it
// ends; the records rules below set the minimum.
//
// Retention applies as this table stands when the period ends, not as it stood when the case was
// opened: destruction is a records decision of today, and a case must neither be kept nor destroyed
// on the say-so of an older policy version.

export interface RetentionRule {
  /** Years after the case was closed. */
  years: number;
  basis: 'law' | 'default';
  source: string;
}

// 民政部办公厅 国家档案局办公室《关于加强最低生活保障档案管理的通知》(about 2009; date and 文号 not confirmed here, the
// text read in two reproductions): "审批类档案的保管期限为该低保户停保后不少于3年。日常管理类档案的保管期限不少
// 于5年。" A case file holds both, so it is kept 5 years after closure (停保), the longer minimum.
const DIBAO: RetentionRule = {
  years: 5,
  basis: 'law',
  source: '关于加强最低生活保障档案管理的通知 (2009) 三(二): 审批类 ≥3 年 (停保后), 日常管理类 ≥5 年',
};
// DEFAULT: no national retention rule was found for 特困, 临时救助 or 两项补贴 files; some provinces
// apply the 低保 rule to them (甘民发〔2009〕21号 第二条), so the same 5 years.
const OTHER_HARDSHIP: RetentionRule = { years: 5, basis: 'default', source: 'DEFAULT, following the 低保 archive rule (no national rule found)' };
// DEFAULT: no national retention period was found for minor-protection case files (the 2020
// 儿童福利机构业务档案管理办法 covers children in institutions, not these cases). Ten years after
// closure keeps the record while the child may still need it as a young adult.
const MINOR: RetentionRule = { years: 10, basis: 'default', source: 'DEFAULT: no national rule found for these case files' };

export const RETENTION: Record<CaseKind, RetentionRule> = {
  dibao: DIBAO,
  tekun: OTHER_HARDSHIP,
  temporary_aid: OTHER_HARDSHIP,
  disability_subsidy: OTHER_HARDSHIP,
  mandatory_report: MINOR,
  orphan: MINOR,
  de_facto_unsupported: MINOR,
  left_behind: MINOR,
  guardianship_gap: MINOR,
};

/**
 * When a closed case was closed. A state folded before closedAt existed (a run still waiting since
 * then) has only its last change, which is never earlier: retention then runs no sooner.
 */
export function closedAtOf(state: Pick<CaseState, 'status' | 'closedAt' | 'updatedAt'>): string | null {
  return state.status === 'closed' ? (state.closedAt ?? state.updatedAt) : null;
}

/** When a closed case's retention ends; null while it is not closed. */
export function retentionEndsAt(state: Pick<CaseState, 'kind' | 'status' | 'closedAt' | 'updatedAt'>): string | null {
  const closed = closedAtOf(state);
  return closed === null ? null : addMonths(closed, 12 * RETENTION[state.kind].years);
}

// DEFAULT: a closed case can be reopened in its running workflow for 90 days; after that the
// workflow completes and a reopen starts a new run from the event log. No law sets this.
export const DEFAULT_REOPEN_WINDOW: Duration = { amount: 90, unit: 'days' };

/** When the workflow of a closed case may complete; null while the case is not closed. */
export function workflowEndsAt(state: Pick<CaseState, 'status' | 'closedAt' | 'updatedAt'>, policy: Policy): string | null {
  const closed = closedAtOf(state);
  return closed === null ? null : addDuration(closed, policy.reopenWindow ?? DEFAULT_REOPEN_WINDOW, policy);
}

// DEFAULT: a subject recorded by an opening that never produced a case (the workflow never ran, or
// refused) is purged a week later — long enough for an opening answered 202 to complete.
export const ORPHAN_SUBJECT_BOUND: Duration = { amount: 7, unit: 'days' };
