import type { CaseStep } from './state';
import type { ReferralService } from './referral-rules';
import type { CaseKind, Family, Level, Risk } from './types';

// Every change to a case is one of these events (SPEC §4). Events carry no personal data:
// the subject is a reference into the encrypted `subjects` table.
// Deadlines are computed by `decide` from the pinned policy and carried in the event data
// (`step`, `dueAt`, `reviewDueAt`), because `evolve` has no policy and must stay a pure copy.
// Those fields are optional so that an event without them still folds (step left unchanged).

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
    /** The first step at the origin. */
    step?: CaseStep | null;
    /** End of the kind's whole procedure (dibao: 30 working days), if the policy sets one. */
    procedureDueAt?: string | null;
    /** The monitoring signal whose alert this case was opened from (issue 14). */
    signalId?: string | null;
    /** The mandated report (强制报告) this case was opened from (issue 14). */
    reportId?: string | null;
  }
>;
export type AssessmentRecorded = EventBase<
  'AssessmentRecorded',
  {
    risk: Risk | null;
    findings: string;
    householdSize: number | null;
    monthlyAmount: number | null;
    incomeVolatile?: boolean;
    memberAbleToWork?: boolean;
    /** Set when the assessment changes the step (risk changed, emergency acknowledged, aid given). */
    step?: CaseStep | null;
    reviewDueAt?: string | null;
  }
>;
export type NoteAdded = EventBase<'NoteAdded', { text: string }>;
export type EscalationRequested = EventBase<'EscalationRequested', { requestId: string; from: string; to: string; reason: string; dueAt?: string }>;
export type EscalationApproved = EventBase<'EscalationApproved', { requestId: string }>;
export type EscalationRejected = EventBase<'EscalationRejected', { requestId: string; reason: string }>;
export type CaseEscalated = EventBase<
  'CaseEscalated',
  {
    from: string;
    to: string;
    fromLevel: Level;
    toLevel: Level;
    cause: EscalationCause;
    requestId?: string;
    step?: CaseStep | null;
    /**
     * A request still waiting when the case moves up by 督办 moves with it to the next level
     * (policy-rules "Escalation in general"); null clears it (approved, or no level left).
     */
    pendingEscalation?: { to: string; dueAt: string } | null;
  }
>;
export type CaseReturned = EventBase<'CaseReturned', { from: string; to: string; reason: string; step?: CaseStep | null }>;
export type DecisionRecorded = EventBase<
  'DecisionRecorded',
  {
    outcome: 'approved' | 'denied';
    benefit: string | null;
    monthlyAmount: number | null;
    reason: string;
    level: Level;
    /** Support runs on after an approval (→ monitoring); otherwise the case is closable (→ decided). */
    supportOngoing?: boolean;
    step?: CaseStep | null;
    reviewDueAt?: string | null;
  }
>;
export type FollowUpRecorded = EventBase<
  'FollowUpRecorded',
  { kind: 'visit' | 'review'; notes: string; step?: CaseStep | null; reviewDueAt?: string | null }
>;
/** A periodic review fell due: the review step starts, due at `dueAt`. */
/** `keepStep`: a closure awaits approval, so its step (and deadline) stays; the review is recorded as due. */
export type ReviewDue = EventBase<'ReviewDue', { dueAt: string; step?: CaseStep; keepStep?: true }>;
export type SlaBreached = EventBase<
  'SlaBreached',
  {
    step: string;
    dueAt: string;
    holder: string;
    level: Level;
    /** True when nothing is left to escalate to (province): the case stays, flagged overdue. */
    overdue?: boolean;
  }
>;
export type CaseClosed = EventBase<'CaseClosed', { reason: string; approvedBy: string | null }>;
export type CaseReopened = EventBase<'CaseReopened', { reason: string; step?: CaseStep | null }>;
export type ClosureRequested = EventBase<'ClosureRequested', { requestId: string; reason: string; step?: CaseStep | null }>;
export type TransferRequested = EventBase<'TransferRequested', { transferId: string; from: string; to: string; reason: string }>;
export type TransferAccepted = EventBase<'TransferAccepted', { transferId: string; from: string; to: string; step?: CaseStep | null }>;
/** An admin stops the case's data from being destroyed when its retention ends (litigation, inquiry). */
export type LegalHoldPlaced = EventBase<'LegalHoldPlaced', { reason: string }>;
export type LegalHoldReleased = EventBase<'LegalHoldReleased', { reason: string }>;
/**
 * Retention ended: the case's data key was destroyed in the same transaction, so every narrative
 * of the log (ciphertext under that key) and the subject are gone; the chain itself stays whole.
 */
export type CaseDataShredded = EventBase<'CaseDataShredded', { closedAt: string; retentionYears: number; basis: 'law' | 'default' }>;

/** A 公示 begins at `place` (no personal data here: what is shown publicly is derived and masked). */
export type PublicNoticeStarted = EventBase<
  'PublicNoticeStarted',
  { noticeId: string; purpose: 'initial' | 'termination'; place: string; endsAt: string; step?: CaseStep | null }
>;
/** Someone objected during the 公示: re-investigation (initial) or the objection's decision (termination). */
export type PublicNoticeObjected = EventBase<
  'PublicNoticeObjected',
  { noticeId: string; objectionId: string; summary: string; step?: CaseStep | null; stepBefore: CaseStep | null }
>;
/** The 公示 is over: its period passed without objection, or the objection was decided. */
export type PublicNoticeEnded = EventBase<
  'PublicNoticeEnded',
  { noticeId: string; outcome: 'no_objection' | 'objection_dismissed' | 'objection_upheld'; reason?: string; step?: CaseStep | null }
>;
/** The whole procedure extended on a recorded ground (低保 第二十二条; 2022 通知 四(一)). */
export type ProcedureExtended = EventBase<'ProcedureExtended', { ground: string; reason: string; procedureDueAt: string; step?: CaseStep | null }>;
/** The applicant was told of the refusal and why (低保 第二十一条; 特困 第十八条). */
export type RefusalNotified = EventBase<'RefusalNotified', { notes: string; step?: CaseStep | null }>;
/** A change reported in a supported case (特困: self-care ability) that opens a re-assessment. */
export type ChangeReported = EventBase<'ChangeReported', { notes: string; step?: CaseStep | null }>;
/**
 * A monitoring signal (低收入人口动态监测: 医保, 教育, 人社, 残联, 公安 …) matched this case's subject
 * by the blind index. Codes only: the signal's detail stays in the signals table. A signal whose
 * rule asks for a review moves the periodic review forward (`reviewDueAt`, `step`).
 */
export type SignalReceived = EventBase<
  'SignalReceived',
  { signalId: string; source: string; signalType: string; score: number; step?: CaseStep | null; reviewDueAt?: string | null }
>;

/** 物质 + 服务: the case referred to a registered service provider, with the consent it rests on. */
export type ReferralMade = EventBase<
  'ReferralMade',
  {
    referralId: string;
    providerId: string;
    service: ReferralService;
    purpose: string;
    consent: { givenBy: 'subject' | 'guardian'; method: 'written' | 'oral_witnessed' };
    /** The provider answers by then, or the referral shows as overdue. */
    respondBy: string;
  }
>;
export type ReferralAccepted = EventBase<'ReferralAccepted', { referralId: string }>;
export type ReferralDeclined = EventBase<'ReferralDeclined', { referralId: string; reason: string }>;
export type ServiceDelivered = EventBase<'ServiceDelivered', { referralId: string; notes: string }>;

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
  | TransferAccepted
  | LegalHoldPlaced
  | LegalHoldReleased
  | CaseDataShredded
  | PublicNoticeStarted
  | PublicNoticeObjected
  | PublicNoticeEnded
  | ProcedureExtended
  | RefusalNotified
  | ChangeReported
  | SignalReceived
  | ReferralMade
  | ReferralAccepted
  | ReferralDeclined
  | ServiceDelivered;

export type CaseEventType = CaseEvent['type'];
