import { temporal } from '@temporalio/proto';
import type { History } from '@temporalio/common/lib/proto-utils';

// Recorded Temporal histories for the replay test. Stored as the protobuf binary (base64): the
// SDK's JSON helpers (historyToJSON / historyFromJSON) fail in this install because
// @temporalio/common's protobufjs 8 "protojson" extension does not recognise the protobufjs 7
// types of @temporalio/proto ("type must be a Type"). The event type list keeps diffs readable.

export const HISTORY_FIXTURE_FORMAT = 'casework-history/1';

export interface HistoryFixture {
  format: typeof HISTORY_FIXTURE_FORMAT;
  kind: string;
  recordedAt: string;
  /** For reviewers: what happened, in order. */
  eventTypes: string[];
  historyBase64: string;
}

const HistoryType = temporal.api.history.v1.History;
const EventType = temporal.api.enums.v1.EventType;

export function toHistoryFixture(kind: string, history: History, recordedAt: string): HistoryFixture {
  const message = HistoryType.fromObject(history);
  return {
    format: HISTORY_FIXTURE_FORMAT,
    kind,
    recordedAt,
    eventTypes: (message.events ?? []).map((e) => EventType[e.eventType ?? 0] ?? String(e.eventType)),
    historyBase64: Buffer.from(HistoryType.encode(message).finish()).toString('base64'),
  };
}

/** The history as the replay worker takes it (a decoded message, so no JSON conversion happens). */
export function fromHistoryFixture(fixture: HistoryFixture): History {
  if (fixture.format !== HISTORY_FIXTURE_FORMAT) throw new Error(`not a ${String(HISTORY_FIXTURE_FORMAT)} fixture`);
  return HistoryType.decode(Buffer.from(fixture.historyBase64, 'base64'));
}
