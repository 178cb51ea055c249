import type { CaseKind, CaseStatus, Family, Level, Risk } from './types';

/** The step the case is in and when its deadline (SLA) falls due. */
export interface CaseStep {
  /** Policy step name, e.g. 'first_visit', 'review', 'confirmation', 'escalation_approval'. */
  name: string;
  startedAt: string;
  /** ISO instant, or null when the step has no deadline. */
  dueAt: string | null;
  /** Absent means true: a missed deadline escalates one level (督办). False: only flagged overdue. */
  escalateOnBreach?: boolean;
}

export interface PendingEscalation {
  requestId: string;
  requestedBy: string;
  requestedAt: string;
  from: string;
  to: string;
  reason: string;
  /** When the wait for the target's supervisor runs out (policy escalationApproval.wait); null in events older than that rule. */
  dueAt: string | null;
}

export interface PendingClosure {
  requestId: string;
  requestedBy: string;
  requestedAt: string;
  reason: string;
}

export interface PendingTransfer {
  transferId: string;
  requestedBy: string;
  from: string;
  to: string;
  reason: string;
}

export interface LegalHold {
  placedBy: string;
  placedAt: string;
  reason: string;
}

export interface CaseDecision {
  outcome: 'approved' | 'denied';
  benefit: string | null;
  monthlyAmount: number | null;
  level: Level;
  decidedBy: string;
  decidedAt: string;
}

/** A 公示 of the case (低保 第十九条, 特困 第十五、二十六条): published at `place` until `endsAt`. */
export interface PublicNoticeState {
  noticeId: string;
  /** The initial opinion before the decision, or the termination of support. */
  purpose: 'initial' | 'termination';
  /** Division code of the village / community where it is published (the case's base unit). */
  place: string;
  startedAt: string;
  endsAt: string;
  /** running → ended (no objection, or objection dismissed); running → objected → a new notice, or withdrawn. */
  status: 'running' | 'objected' | 'ended' | 'withdrawn';
  objections: number;
  /** The step the objection interrupted; it comes back when the objection is dealt with. */
  stepBefore: CaseStep | null;
}

/** The state of one case: a pure fold of its events (`events.reduce(evolve, null)`). */
export interface CaseState {
  caseId: string;
  caseNumber: string;
  family: Family;
  kind: CaseKind;
  status: CaseStatus;
  origin: string;
  /**
   * The unit whose chain of ancestors the case may travel: the origin, until a transfer is
   * accepted, then the receiving unit. The holder is always the base or one of its ancestors.
   */
  chainBase: string;
  holder: string;
  level: Level;
  risk: Risk | null;
  subjectRef: string;
  subjectMinorUnder14: boolean;
  summary: string;
  policyVersion: string;
  openedAt: string;
  openedBy: string;
  updatedAt: string;
  /** Number of events folded so far. */
  version: number;
  step: CaseStep | null;
  /** True once a deadline passed at province (nowhere left to escalate) until the step changes. */
  overdue: boolean;
  pendingEscalation: PendingEscalation | null;
  pendingClosure: PendingClosure | null;
  pendingTransfer: PendingTransfer | null;
  decision: CaseDecision | null;
  /** End of the kind's whole procedure (dibao: 30 working days from opening), if the law sets one. */
  procedureDueAt: string | null;
  /** When the next periodic review / follow-up visit falls due (monitoring). */
  reviewDueAt: string | null;
  /** The household's income changes often (shorter dibao review interval). */
  incomeVolatile: boolean;
  /** Latest household figures from assessment (hardship). */
  householdSize: number | null;
  monthlyAmount: number | null;
  /** A member of the household is able to work (低保 第三十一条, with irregular income: half-yearly review). */
  memberAbleToWork?: boolean;
  /** The case's latest 公示, if any (absent before issue 13). */
  publicNotice?: PublicNoticeState | null;
  /** The recorded ground the whole procedure was extended on (低保: up to 45 wd). */
  procedureExtendedFor?: string | null;
  /** When the case was last closed (its retention runs from here); null once reopened. Absent before issue 12. */
  closedAt?: string | null;
  /** An admin's legal hold: the data is not destroyed while it stands. */
  legalHold?: LegalHold | null;
  /** When the case's data key was destroyed (retention ended): narratives and subject read as destroyed. */
  shreddedAt?: string | null;
  /** Referrals to service providers (issue 14), by referral id. Absent before any. */
  referrals?: Record<string, Referral>;
}

export interface Referral {
  providerId: string;
  service: string;
  status: 'pending' | 'accepted' | 'declined' | 'delivered';
  madeAt: string;
  madeBy: string;
  respondBy: string;
}
