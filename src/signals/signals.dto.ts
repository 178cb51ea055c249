import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray } from 'class-validator';
import { DEFAULT_SIGNAL_RULES } from '../domain';
import { FieldErrorDoc } from '../http/openapi';
import { MAX_SIGNALS_PER_BATCH } from './signal-input';

// The OpenAPI story of POST /v1/signals. Each signal is checked on its own (src/signals/signal-input.ts):
// the schema below states what that check accepts.

export class SignalSubjectDoc {
  @ApiPropertyOptional({ pattern: '^\\d{17}[\\dX]$', description: 'citizen ID number: matched by its keyed blind index, stored sealed' })
  idNumber?: string;
  @ApiPropertyOptional({ minLength: 1, maxLength: 50, description: 'when no ID number is known' }) name?: string;
}

export class SignalDoc {
  @ApiProperty({
    pattern: '^[A-Za-z0-9_.:-]{1,100}$',
    example: 'medical_insurance',
    description: 'the sending department; must be the one of its type',
  })
  source: string;
  @ApiProperty({ pattern: '^[A-Za-z0-9_.:-]{1,100}$', description: 'the source’s own id: a resent signal is stored once' }) signalId: string;
  @ApiProperty({ enum: Object.keys(DEFAULT_SIGNAL_RULES.types) }) type: string;
  @ApiProperty({ format: 'date-time' }) occurredAt: string;
  @ApiProperty({ type: SignalSubjectDoc, description: 'idNumber or name (or both)' }) subject: SignalSubjectDoc;
  @ApiProperty({ pattern: '^\\d{12}$', description: 'the unit the source knows the person at; within your scope' }) division: string;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'facts the type’s rule scores (e.g. selfPaidAmount); at most 2000 characters',
  })
  detail?: Record<string, unknown>;
}

export class SignalBatchDto {
  @ApiProperty({ type: [SignalDoc], minItems: 1, maxItems: MAX_SIGNALS_PER_BATCH })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_SIGNALS_PER_BATCH)
  signals: unknown[];
}

export class RejectedSignalDoc {
  @ApiProperty({ description: 'the signal’s index in the batch' }) index: number;
  @ApiProperty({ type: [FieldErrorDoc] }) errors: FieldErrorDoc[];
}

export class SignalBatchResult {
  @ApiProperty() received: number;
  @ApiProperty({ description: 'valid signals (new or resent)' }) accepted: number;
  @ApiProperty({ description: 'of those, already stored by an earlier request: nothing new done' }) duplicates: number;
  @ApiProperty({ type: [RejectedSignalDoc] }) rejected: RejectedSignalDoc[];
  @ApiProperty({ description: 'new signals whose subject is a known person' }) matched: number;
  @ApiProperty() alertsRaised: number;
  @ApiProperty({ description: 'SignalReceived events appended to open cases' }) recordedOnCases: number;
  @ApiProperty({ description: 'matched to an open case but not recorded yet: resend the batch' }) recordingPending: number;
  @ApiProperty({ description: 'time the batch took on the server' }) ms: number;
}
