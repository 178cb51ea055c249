import type { CaseKind, CaseStatus, Family, Level, Risk } from './types';

/** The step the case is in and when its deadline (SLA) falls due. */
export interface CaseStep {
  /** Policy step name, e.g. 'first_visit', 'review', 'confirmation', 'escalation_approval'. */
  name: string;
  startedAt: string;
  /** ISO instant, or null when the step has no deadline. */
  dueAt: string | null;
}

export interface PendingEscalation {
  requestId: string;
  requestedBy: string;
  requestedAt: string;
  from: string;
  to: string;
  reason: string;
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

export interface CaseDecision {
  outcome: 'approved' | 'denied';
  benefit: string | null;
  monthlyAmount: number | null;
  level: Level;
  decidedBy: string;
  decidedAt: string;
}

/** The state of one case: a pure fold of its events (`events.reduce(evolve, null)`). */
export interface CaseState {
  caseId: string;
  caseNumber: string;
  family: Family;
  kind: CaseKind;
  status: CaseStatus;
  origin: string;
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
  /** Latest household figures from assessment (hardship). */
  householdSize: number | null;
  monthlyAmount: number | null;
}
