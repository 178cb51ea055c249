import { ApiProperty } from '@nestjs/swagger';
import { Token, WholeNumber } from '../http/fields';

/** Query of GET /v1/feed. */
export class FeedQuery {
  @Token(/^(0|[1-9][0-9]{0,17})\.(0|[1-9][0-9]{0,17})$/, 'is not a feed cursor', {
    optional: true,
    doc: { description: 'the `next` of the previous page; absent: from the start' },
  })
  after?: string;

  @WholeNumber(1, 1000, { optional: true, doc: { default: 200 } }) limit?: number;
}

export class FeedEventView {
  @ApiProperty({ description: '`<caseId>:<seq>`: dedup by it', example: '6f1c…:3' }) eventId: string;
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ description: 'the event’s place in its case (1, 2, …): order within a case' }) seq: number;
  @ApiProperty({ example: 'CaseOpened' }) type: string;
  @ApiProperty({ example: 'hardship' }) family: string;
  @ApiProperty({ example: 'dibao' }) kind: string;
  @ApiProperty({ description: 'when it happened (ISO 8601)' }) at: string;
  @ApiProperty({ description: 'the unit holding the case after the event', example: '330106002051' }) holder: string;
  @ApiProperty({ format: 'uuid', description: 'a reference to the subject: no personal data leaves' }) subjectRef: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'the event’s codes and dates; no narrative, amount or name' })
  data: Record<string, unknown>;
  @ApiProperty({ example: 'casework.events.hardship.dibao.CaseOpened' }) subject: string;
}

export class FeedPage {
  @ApiProperty({ type: [FeedEventView] }) items: FeedEventView[];
  @ApiProperty({ description: 'the cursor to ask `after` next (the same as sent when nothing new)', example: '7412.1093' }) next: string;
}
