import { Instant, Token, Uuid, WholeNumber } from '../http/fields';

/** Filters of GET /v1/access-log; combined with AND, always within the auditor's subtree. */
export class AccessLogQuery {
  @Uuid({ optional: true, doc: { description: 'entries about this case' } }) caseId?: string;
  @Token(/^[^\s]{1,200}$/, 'must be a principal id', { optional: true, doc: { description: 'entries by this principal (the token subject)' } })
  principal?: string;
  @Instant({ optional: true, doc: { description: 'at or after this time (ISO 8601)' } }) from?: string;
  @Instant({ optional: true, doc: { description: 'before this time (ISO 8601)' } }) to?: string;
  @WholeNumber(1, 1000, { optional: true, doc: { default: 100 } }) limit?: number;
}
