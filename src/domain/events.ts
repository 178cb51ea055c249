import type { CaseKind, Family, Level, Risk } from './types';

// Every change to a case is one of these events (SPEC §4). Events carry no personal data:
// the subject is a reference into the encrypted `subjects` table.

interface EventBase<T extends string, D> {
  type: T;
  /** ISO instant the event happened (workflow time). */
  at: string;
  /** Principal id, or 'system' for deadline-driven events. */
  actor: string;
  data: D;
}

export type EscalationCause = 'approval' | 'sla_breach' | 'emergency' | 'authority';

export type CaseOpened = EventBase<
  'CaseOpened',
  {
    caseId: string;
    caseNumber: string;
    family: Family;
    kind: CaseKind;
    origin: string;
    subjectRef: string;
    /** Subject was under 14 at opening: sensitive personal information (PIPL art. 28). */
    subjectMinorUnder14: boolean;
    risk: Risk | null;
    summary: string;
    policyVersion: string;
  }
>;
export type AssessmentRecorded = EventBase<
  'AssessmentRecorded',
  { risk: Risk | null; findings: string; householdSize: number | null; monthlyAmount: number | null }
>;
export type NoteAdded = EventBase<'NoteAdded', { text: string }>;
export type EscalationRequested = EventBase<
  'EscalationRequested',
  { requestId: string; from: string; to: string; reason: string }
>;
export type EscalationApproved = EventBase<'EscalationApproved', { requestId: string }>;
export type EscalationRejected = EventBase<'EscalationRejected', { requestId: string; reason: string }>;
export type CaseEscalated = EventBase<
  'CaseEscalated',
  { from: string; to: string; fromLevel: Level; toLevel: Level; cause: EscalationCause; requestId?: string }
>;
export type CaseReturned = EventBase<'CaseReturned', { from: string; to: string; reason: string }>;
export type DecisionRecorded = EventBase<
  'DecisionRecorded',
  { outcome: 'approved' | 'denied'; benefit: string | null; monthlyAmount: number | null; reason: string; level: Level }
>;
export type FollowUpRecorded = EventBase<'FollowUpRecorded', { kind: 'visit' | 'review'; notes: string }>;
export type ReviewDue = EventBase<'ReviewDue', { dueAt: string }>;
export type SlaBreached = EventBase<'SlaBreached', { step: string; dueAt: string; holder: string; level: Level }>;
export type CaseClosed = EventBase<'CaseClosed', { reason: string; approvedBy: string | null }>;
export type CaseReopened = EventBase<'CaseReopened', { reason: string }>;
export type ClosureRequested = EventBase<'ClosureRequested', { requestId: string; reason: string }>;
export type TransferRequested = EventBase<'TransferRequested', { transferId: string; from: string; to: string; reason: string }>;
export type TransferAccepted = EventBase<'TransferAccepted', { transferId: string; from: string; to: string }>;

export type CaseEvent =
  | CaseOpened
  | AssessmentRecorded
  | NoteAdded
  | EscalationRequested
  | EscalationApproved
  | EscalationRejected
  | CaseEscalated
  | CaseReturned
  | DecisionRecorded
  | FollowUpRecorded
  | ReviewDue
  | SlaBreached
  | CaseClosed
  | CaseReopened
  | ClosureRequested
  | TransferRequested
  | TransferAccepted;

export type CaseEventType = CaseEvent['type'];
