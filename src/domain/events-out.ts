import type { CaseEvent, CaseEventType } from './events';
import type { CaseKind, Family } from './types';

// Events out (issue 14): what of a case event may leave Casework for subscribers (the HTTP feed,
// NATS JetStream). Written once, as an allow-list per event type: a field not named here never
// leaves. Narratives (NARRATIVE_EVENT_FIELDS) are never named; neither are amounts or household
// figures (personal data about a household's means). The subject travels as its reference only.
// A new event does not compile until it has its row here.

type DataKey<T extends CaseEventType> = keyof Extract<CaseEvent, { type: T }>['data'];

/** The fields of each event's `data` that subscribers receive. */
export const PUBLIC_EVENT_FIELDS = {
  CaseOpened: ['caseNumber', 'family', 'kind', 'origin', 'subjectRef', 'risk', 'policyVersion', 'step', 'procedureDueAt', 'signalId', 'reportId'],
  AssessmentRecorded: ['risk', 'step', 'reviewDueAt'],
  NoteAdded: [],
  EscalationRequested: ['requestId', 'from', 'to', 'dueAt'],
  EscalationApproved: ['requestId'],
  EscalationRejected: ['requestId'],
  CaseEscalated: ['from', 'to', 'fromLevel', 'toLevel', 'cause', 'requestId', 'step'],
  CaseReturned: ['from', 'to', 'step'],
  DecisionRecorded: ['outcome', 'level', 'supportOngoing', 'step', 'reviewDueAt'],
  FollowUpRecorded: ['kind', 'step', 'reviewDueAt'],
  ReviewDue: ['dueAt', 'step'],
  SlaBreached: ['step', 'dueAt', 'holder', 'level', 'overdue'],
  CaseClosed: ['approvedBy'],
  CaseReopened: ['step'],
  ClosureRequested: ['requestId', 'step'],
  TransferRequested: ['transferId', 'from', 'to'],
  TransferAccepted: ['transferId', 'from', 'to', 'step'],
  LegalHoldPlaced: [],
  LegalHoldReleased: [],
  CaseDataShredded: ['closedAt', 'retentionYears', 'basis'],
  PublicNoticeStarted: ['noticeId', 'purpose', 'place', 'endsAt', 'step'],
  PublicNoticeObjected: ['noticeId', 'objectionId', 'step'],
  PublicNoticeEnded: ['noticeId', 'outcome', 'step'],
  ProcedureExtended: ['ground', 'procedureDueAt', 'step'],
  RefusalNotified: ['step'],
  ChangeReported: ['step'],
  SignalReceived: ['signalId', 'source', 'signalType', 'score', 'step', 'reviewDueAt'],
  ReferralMade: ['referralId', 'providerId', 'service', 'respondBy'],
  ReferralAccepted: ['referralId'],
  ReferralDeclined: ['referralId'],
  ServiceDelivered: ['referralId'],
} as const satisfies { readonly [T in CaseEventType]: readonly DataKey<T>[] };

/** A committed case event as subscribers see it: codes and references, no personal data. */
export interface OutboundEvent {
  /** `<caseId>:<seq>`: unique, stable across retries — consumers (and JetStream) dedup by it. */
  eventId: string;
  caseId: string;
  seq: number;
  type: CaseEventType;
  family: Family;
  kind: CaseKind;
  at: string;
  /** The unit holding the case after the event. */
  holder: string;
  subjectRef: string;
  data: Record<string, unknown>;
}

export function outboundEventId(caseId: string, seq: number): string {
  return `${caseId}:${seq}`;
}

/** The event with everything but its allowed fields removed. */
export function outboundEvent(
  event: CaseEvent,
  at: { caseId: string; seq: number; family: Family; kind: CaseKind; holder: string; subjectRef: string },
): OutboundEvent {
  const allowed: readonly string[] = PUBLIC_EVENT_FIELDS[event.type];
  const source = event.data as Record<string, unknown>;
  const data: Record<string, unknown> = {};
  for (const field of allowed) if (source[field] !== undefined) data[field] = source[field];
  return { eventId: outboundEventId(at.caseId, at.seq), ...at, type: event.type, at: event.at, data };
}

/** The NATS subject of an outbound event: one per family and kind, the event type last. */
export function outboundSubject(prefix: string, e: Pick<OutboundEvent, 'family' | 'kind' | 'type'>): string {
  return `${prefix}.${e.family}.${e.kind}.${e.type}`;
}
