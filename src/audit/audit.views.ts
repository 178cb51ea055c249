import { ApiProperty } from '@nestjs/swagger';
import type { EventLogRow } from './case-events.repository';
import type { EventPage, StateAt } from './audit.service';
import type { CaseVerificationReport } from './case-verification';
import { PRIVACY_STATES } from '../cases/case-view';
import type { NarrativeView } from '../subjects/narrative-cipher';

// What the audit routes answer, for the OpenAPI document (the types themselves live with the code
// that builds them; these classes only describe them).

export class EventLogRowView implements EventLogRow {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ minimum: 1 }) seq: number;
  @ApiProperty({ example: 'CaseOpened' }) type: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      "the event's data; its narratives opened for a reader who may see them, else empty (the hash covers the stored ciphertext: check the chain with /verification or an export)",
  })
  data: unknown;
  @ApiProperty({ description: "principal id, or 'system'" }) actor: string;
  @ApiProperty({ format: 'date-time' }) occurredAt: string;
  @ApiProperty() policyVersion: string;
  @ApiProperty({ pattern: '^[0-9a-f]{64}$' }) prevHash: string;
  @ApiProperty({ pattern: '^[0-9a-f]{64}$' }) hash: string;
  @ApiProperty({ format: 'date-time' }) recordedAt: string;
}

export class EventPageView implements EventPage {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ type: [EventLogRowView] }) events: EventLogRowView[];
  @ApiProperty({ type: Number, nullable: true, description: 'pass as `after` for the next page; null on the last page' }) next: number | null;
  @ApiProperty({ enum: PRIVACY_STATES, description: 'how the narratives are shown to you: full, masked (need-to-know), destroyed, unavailable' })
  narratives: NarrativeView;
}

export class StateAtView implements StateAt {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty() version: number;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'the case state: the fold of its events up to `at`' })
  state: StateAt['state'];
  @ApiProperty({ enum: PRIVACY_STATES, description: 'how the narratives are shown to you' }) narratives: NarrativeView;
}

const REPORT = { type: 'object', additionalProperties: true } as const;

export class VerificationView implements CaseVerificationReport {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ ...REPORT, description: 'valid, firstBadSeq, fault, events, head' }) chain: CaseVerificationReport['chain'];
  @ApiProperty({ ...REPORT, description: 'the last signed checkpoint covering the case, and whether its signature holds' })
  checkpoint: CaseVerificationReport['checkpoint'];
  @ApiProperty({ ...REPORT, description: 'read model equals the fold?' }) readModel: CaseVerificationReport['readModel'];
  @ApiProperty({ ...REPORT, description: "the running workflow's state equals the fold?" }) workflowState: CaseVerificationReport['workflowState'];
  @ApiProperty({ ...REPORT, description: "the workflow's Temporal history replays with today's code?" }) temporal: CaseVerificationReport['temporal'];
}
