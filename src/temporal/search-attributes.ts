import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

// Search attributes carry no personal data: codes, enums and numbers only (SPEC §4).
export const CaseKindKey = defineSearchAttributeKey('CaseKind', SearchAttributeType.KEYWORD);
export const CaseStatusKey = defineSearchAttributeKey('CaseStatus', SearchAttributeType.KEYWORD);
export const CaseLevelKey = defineSearchAttributeKey('CaseLevel', SearchAttributeType.KEYWORD);
export const CaseHolderKey = defineSearchAttributeKey('CaseHolder', SearchAttributeType.KEYWORD);
export const CaseNumberKey = defineSearchAttributeKey('CaseNumber', SearchAttributeType.KEYWORD);

/** Registered with the server at start (`--search-attribute NAME=Keyword`). */
export const CASE_SEARCH_ATTRIBUTES: Record<string, 'Keyword'> = {
  CaseKind: 'Keyword',
  CaseStatus: 'Keyword',
  CaseLevel: 'Keyword',
  CaseHolder: 'Keyword',
  CaseNumber: 'Keyword',
};
