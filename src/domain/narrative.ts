import type { CaseCommand, CaseCommandType } from './commands';
import type { CaseEvent, CaseEventType } from './events';
import type { CaseState } from './state';

// Which fields of commands, events and the case state are narrative: free text people type about
// a child or a household (summary, findings, notes, reasons). Written once, here. Everything that
// must treat narratives apart reads these tables: the persistence boundary seals them under the
// case's data key (src/subjects/narrative-cipher.ts), the case reader opens or masks them, and
// tests check that no narrative reaches any other field (test/unit/narrative-fields.test.ts).
//
// A new event or command does not compile until it has its row here. A new free-text field goes
// into its row; a field left out would be stored in plaintext, and the unit test that plants a
// marker in every command's text and looks for it outside these fields fails.

/** Keys of T whose value is free text (a `string`, not a union of codes). */
type TextKey<T> = {
  [K in keyof T]-?: string extends NonNullable<T[K]> ? (NonNullable<T[K]> extends string ? K : never) : never;
}[keyof T];

type EventData<T extends CaseEventType> = Extract<CaseEvent, { type: T }>['data'];
type CommandOf<T extends CaseCommandType> = Extract<CaseCommand, { type: T }>;

/** The narrative fields of each event's `data`. */
export const NARRATIVE_EVENT_FIELDS = {
  CaseOpened: ['summary'],
  AssessmentRecorded: ['findings'],
  NoteAdded: ['text'],
  EscalationRequested: ['reason'],
  EscalationApproved: [],
  EscalationRejected: ['reason'],
  CaseEscalated: [],
  CaseReturned: ['reason'],
  DecisionRecorded: ['benefit', 'reason'],
  FollowUpRecorded: ['notes'],
  ReviewDue: [],
  SlaBreached: [],
  CaseClosed: ['reason'],
  CaseReopened: ['reason'],
  ClosureRequested: ['reason'],
  TransferRequested: ['reason'],
  TransferAccepted: [],
  LegalHoldPlaced: ['reason'],
  LegalHoldReleased: ['reason'],
  CaseDataShredded: [],
  PublicNoticeStarted: [],
  PublicNoticeObjected: ['summary'],
  PublicNoticeEnded: ['reason'],
  ProcedureExtended: ['reason'],
  RefusalNotified: ['notes'],
  ChangeReported: ['notes'],
  SignalReceived: [],
  ReferralMade: ['purpose'],
  ReferralAccepted: [],
  ReferralDeclined: ['reason'],
  ServiceDelivered: ['notes'],
} as const satisfies { readonly [T in CaseEventType]: readonly TextKey<EventData<T>>[] };

/** The narrative fields of each command (they cross Temporal only inside encrypted payloads). */
export const NARRATIVE_COMMAND_FIELDS = {
  open: ['summary'],
  assess: ['findings'],
  addNote: ['text'],
  requestEscalation: ['reason'],
  approveEscalation: [],
  rejectEscalation: ['reason'],
  return: ['reason'],
  decide: ['benefit', 'reason'],
  followUp: ['notes'],
  requestTransfer: ['reason'],
  acceptTransfer: [],
  requestClosure: ['reason'],
  approveClosure: [],
  reopen: ['reason'],
  deadlinePassed: [],
  placeLegalHold: ['reason'],
  releaseLegalHold: ['reason'],
  shredData: [],
  startPublicNotice: [],
  objectToNotice: ['summary'],
  resolveObjection: ['reason'],
  extendProcedure: ['reason'],
  notifyRefusal: ['notes'],
  reportChange: ['notes'],
  recordSignal: [],
  refer: ['purpose'],
  acceptReferral: [],
  declineReferral: ['reason'],
  recordServiceDelivered: ['notes'],
} as const satisfies { readonly [T in CaseCommandType]: readonly TextKey<CommandOf<T>>[] };

type Nested<K extends keyof CaseState> = NonNullable<CaseState[K]>;

/**
 * Where narratives sit in the case state: top-level text fields, and text fields of the nested
 * records (a pending request's reason, the decision's benefit, a legal hold's reason).
 */
export const NARRATIVE_STATE_FIELDS = {
  summary: true,
  pendingEscalation: ['reason'],
  pendingClosure: ['reason'],
  pendingTransfer: ['reason'],
  decision: ['benefit'],
  legalHold: ['reason'],
} as const satisfies {
  readonly [K in keyof CaseState]?: true | readonly TextKey<Nested<K>>[];
};

/** A transformation of one narrative (seal, open, mask); `null` stays `null`. */
export type NarrativeMap = (text: string) => string;

function mapFields<T extends object>(record: T, fields: readonly string[], f: NarrativeMap): T {
  if (fields.length === 0) return record;
  const out = { ...record } as Record<string, unknown>;
  for (const field of fields) {
    const value = out[field];
    if (typeof value === 'string') out[field] = f(value);
  }
  return out as T;
}

/** The event with `f` applied to each of its narrative fields. */
export function mapEventNarratives<E extends CaseEvent>(event: E, f: NarrativeMap): E {
  const fields: readonly string[] = NARRATIVE_EVENT_FIELDS[event.type];
  return fields.length === 0 ? event : { ...event, data: mapFields(event.data, fields, f) };
}

/** The command with `f` applied to each of its narrative fields. */
export function mapCommandNarratives<C extends CaseCommand>(command: C, f: NarrativeMap): C {
  return mapFields(command, NARRATIVE_COMMAND_FIELDS[command.type], f);
}

/** The state with `f` applied to every narrative it holds. */
export function mapStateNarratives(state: CaseState, f: NarrativeMap): CaseState {
  const out: Record<string, unknown> = { ...state };
  for (const [key, fields] of Object.entries(NARRATIVE_STATE_FIELDS) as [string, true | readonly string[]][]) {
    const value = out[key];
    if (fields === true) {
      if (typeof value === 'string') out[key] = f(value);
    } else if (typeof value === 'object' && value !== null) {
      out[key] = mapFields(value, fields, f);
    }
  }
  return out as unknown as CaseState;
}

/** Every narrative of the event, in table order (for checks and tests). */
export function eventNarratives(event: CaseEvent): string[] {
  const found: string[] = [];
  mapEventNarratives(event, (t) => (found.push(t), t));
  return found;
}
