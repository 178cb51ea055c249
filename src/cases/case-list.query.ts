import { CASE_KINDS, CASE_STATUSES, FAMILIES, LEVELS, RISKS } from '../domain';
import { DivisionCode, Flag, OneOf, Token, WholeNumber } from '../http/fields';

/** Filters of GET /v1/cases; every one optional, combined with AND, always within the caller's scope. */
export class CaseListQuery {
  @OneOf(FAMILIES, { optional: true }) family?: string;
  @OneOf(CASE_KINDS, { optional: true }) kind?: string;
  @OneOf(CASE_STATUSES, { optional: true }) status?: string;
  @OneOf(LEVELS, { optional: true }) level?: string;
  @OneOf(RISKS, { optional: true }) risk?: string;
  @DivisionCode({ optional: true, doc: { description: 'cases held within this division subtree' } }) division?: string;
  @Flag({ optional: true, doc: { description: 'past a deadline (or flagged overdue at province)' } }) overdue?: boolean;
  @Token(/^[A-Za-z0-9_-]{1,200}$/, 'is not valid', { optional: true, doc: { description: 'from the previous page (nextCursor)' } }) cursor?: string;
  @WholeNumber(1, 200, { optional: true, doc: { default: 50 } }) limit?: number;
}
