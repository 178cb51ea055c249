import type { CaseStatus } from './types';

// 强制报告 feedback (未成年人保护法 art. 11): what a mandated reporter is told about its report —
// a status and a standard outcome notice, never the case's content, the child's data or who works it.

export type ReportStatus = 'received' | 'being_handled' | 'handled';

export interface ReportFeedback {
  status: ReportStatus;
  /** A standard notice (Chinese first); null until the case is decided or closed. */
  outcomeNotice: string | null;
}

const NOTICES = {
  approved: '您报告的情况已核实，相关部门已依法采取保护和救助措施。感谢您履行强制报告义务。',
  denied: '您报告的情况已核实处理，经评估暂不需要采取进一步保护措施。感谢您履行强制报告义务。',
  closed: '您报告的案件已办结。感谢您履行强制报告义务。',
} as const;

/** The feedback for a report whose case has this status and decision (null: the case is not durable yet). */
export function reportFeedback(caseStatus: CaseStatus | null, decision: 'approved' | 'denied' | null): ReportFeedback {
  if (caseStatus === null) return { status: 'received', outcomeNotice: null };
  if (caseStatus === 'closed') return { status: 'handled', outcomeNotice: decision ? NOTICES[decision] : NOTICES.closed };
  if (decision) return { status: 'handled', outcomeNotice: NOTICES[decision] };
  return { status: 'being_handled', outcomeNotice: null };
}
