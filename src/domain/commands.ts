import type { ReferralService } from './referral-rules';
import type { CaseKind, Risk } from './types';

// What people (and deadlines) ask of a case. `decide` turns a command into events or a rejection.

export interface OpenCase {
  type: 'open';
  caseId: string;
  caseNumber: string;
  kind: CaseKind;
  /** 12-digit code of the unit opening the case (the origin). */
  division: string;
  subjectRef: string;
  subjectMinorUnder14: boolean;
  risk: Risk | null;
  summary: string;
  /** The signal whose alert the case is opened from (POST /v1/alerts/{id}/open-case). */
  signalId?: string | null;
  /** The mandated report the case is opened from (POST /v1/reports). */
  reportId?: string | null;
}
export interface RecordAssessment {
  type: 'assess';
  risk: Risk | null;
  findings: string;
  householdSize: number | null;
  monthlyAmount: number | null;
  /** Household income changes often: dibao reviews every 6 months instead of 12. */
  incomeVolatile?: boolean;
  /** A member of the household is able to work (with volatile income: half-yearly 低保 review). */
  memberAbleToWork?: boolean;
}
export interface AddNote {
  type: 'addNote';
  text: string;
}
export interface RequestEscalation {
  type: 'requestEscalation';
  requestId: string;
  reason: string;
}
export interface ApproveEscalation {
  type: 'approveEscalation';
  requestId: string;
}
export interface RejectEscalation {
  type: 'rejectEscalation';
  requestId: string;
  reason: string;
}
export interface ReturnCase {
  type: 'return';
  reason: string;
}
export interface RecordDecision {
  type: 'decide';
  outcome: 'approved' | 'denied';
  benefit: string | null;
  monthlyAmount: number | null;
  reason: string;
}
export interface RecordFollowUp {
  type: 'followUp';
  kind: 'visit' | 'review';
  notes: string;
}
export interface RequestTransfer {
  type: 'requestTransfer';
  transferId: string;
  to: string;
  reason: string;
}
export interface AcceptTransfer {
  type: 'acceptTransfer';
  transferId: string;
}
export interface RequestClosure {
  type: 'requestClosure';
  requestId: string;
  reason: string;
}
export interface ApproveClosure {
  type: 'approveClosure';
  requestId: string;
}
export interface Reopen {
  type: 'reopen';
  reason: string;
}
/** An admin's legal hold: the case's data is kept past its retention until released (reason required). */
export interface PlaceLegalHold {
  type: 'placeLegalHold';
  reason: string;
}
export interface ReleaseLegalHold {
  type: 'releaseLegalHold';
  reason: string;
}
/** Sent by the retention sweep when the case's retention has ended: destroy its data. */
export interface ShredData {
  type: 'shredData';
}
/** A matched monitoring signal for the case's subject (sent by the signal intake, as the system). */
export interface RecordSignal {
  type: 'recordSignal';
  signalId: string;
  source: string;
  signalType: string;
  score: number;
  /** The signal rule's review deadline, in working days from now; null: no review triggered. */
  reviewWithinWorkingDays: number | null;
}
/** A caseworker refers the case to a service provider; the subject's (or guardian's) consent is required. */
export interface Refer {
  type: 'refer';
  referralId: string;
  providerId: string;
  service: ReferralService;
  purpose: string;
  consent: { givenBy: 'subject' | 'guardian'; method: 'written' | 'oral_witnessed' } | null;
}
/** The provider's answers and its record of the service. */
export interface AcceptReferral {
  type: 'acceptReferral';
  referralId: string;
}
export interface DeclineReferral {
  type: 'declineReferral';
  referralId: string;
  reason: string;
}
export interface RecordServiceDelivered {
  type: 'recordServiceDelivered';
  referralId: string;
  notes: string;
}
/** Sent by the workflow's own timer when `ctx.now` reaches the case's next deadline. */
export interface DeadlinePassed {
  type: 'deadlinePassed';
}

/** The township publishes the initial opinion (or the termination) in the applicant's village. */
export interface StartPublicNotice {
  type: 'startPublicNotice';
  noticeId: string;
  purpose: 'initial' | 'termination';
}
/** An objection received during a running 公示. */
export interface ObjectToNotice {
  type: 'objectToNotice';
  objectionId: string;
  summary: string;
}
/** The decision on an objection to a termination 公示 (特困 第二十六条: within 15 wd). */
export interface ResolveObjection {
  type: 'resolveObjection';
  upheld: boolean;
  reason: string;
}
/** Extend the whole procedure on one of the policy's grounds (低保: 公示 objection, 人户分离, …). */
export interface ExtendProcedure {
  type: 'extendProcedure';
  ground: string;
  reason: string;
}
export interface NotifyRefusal {
  type: 'notifyRefusal';
  notes: string;
}
export interface ReportChange {
  type: 'reportChange';
  notes: string;
}

export type CaseCommand =
  | OpenCase
  | RecordAssessment
  | AddNote
  | RequestEscalation
  | ApproveEscalation
  | RejectEscalation
  | ReturnCase
  | RecordDecision
  | RecordFollowUp
  | RequestTransfer
  | AcceptTransfer
  | RequestClosure
  | ApproveClosure
  | Reopen
  | DeadlinePassed
  | PlaceLegalHold
  | ReleaseLegalHold
  | ShredData
  | StartPublicNotice
  | ObjectToNotice
  | ResolveObjection
  | ExtendProcedure
  | NotifyRefusal
  | ReportChange
  | RecordSignal
  | Refer
  | AcceptReferral
  | DeclineReferral
  | RecordServiceDelivered;

export type CaseCommandType = CaseCommand['type'];
