import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { maskIdNumber, nextDeadline, pastPublishedCalendar, type CaseState, type Disclosure, type WorkingCalendar } from '../domain';
import type { NarrativeView } from '../subjects/narrative-cipher';
import type { SubjectData } from '../subjects/subject-vault';

// What a reader sees of a case. Who sees which personal data unmasked is the access rules' call
// (src/domain/access.ts `disclosureTo`), not the view's. Narratives arrive opened or blanked by the
// case reader; `privacy` says which, so a client can tell "hidden from you" from "destroyed".

export const PRIVACY_STATES = ['full', 'masked', 'destroyed', 'unavailable'] as const;

export class PrivacyView {
  @ApiProperty({
    enum: PRIVACY_STATES,
    description:
      'summary, reasons, findings and notes: shown, masked (need-to-know; empty strings), destroyed (retention ended) or unavailable (no key here)',
  })
  narratives: NarrativeView;
  @ApiProperty({
    enum: PRIVACY_STATES,
    description: 'the subject: shown (name, birth date), masked, destroyed (retention ended, subject is null) or unavailable',
  })
  subject: (typeof PRIVACY_STATES)[number];
  @ApiProperty({ description: 'the ID number is shown masked' }) idNumberMasked: boolean;
  @ApiProperty({ description: 'read unmasked by an explicit break-glass request, recorded in the access log' }) breakGlass: boolean;
}

export class LegalHoldView {
  @ApiProperty() placedBy: string;
  @ApiProperty() placedAt: string;
  @ApiProperty({ description: 'empty unless the reader may see narratives' }) reason: string;
}

export class SubjectView {
  @ApiProperty() name: string;
  @ApiProperty({ example: '330106********123X' }) idNumber: string;
  @ApiProperty() birthDate: string;
  @ApiProperty({ enum: ['male', 'female'] }) sex: string;
  @ApiProperty() under14: boolean;
}

export class PublicNoticeStateView {
  @ApiProperty() noticeId: string;
  @ApiProperty({ enum: ['initial', 'termination'] }) purpose: 'initial' | 'termination';
  @ApiProperty({ description: 'division code of the village / community it is published in' }) place: string;
  @ApiProperty() startedAt: string;
  @ApiProperty() endsAt: string;
  @ApiProperty({ enum: ['running', 'objected', 'ended', 'withdrawn'] }) status: 'running' | 'objected' | 'ended' | 'withdrawn';
  @ApiProperty() objections: number;
}

export class CaseView {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'HS-330106-2026-000001' }) caseNumber: string;
  @ApiProperty() family: string;
  @ApiProperty() kind: string;
  @ApiProperty() status: string;
  @ApiProperty() level: string;
  @ApiProperty() origin: string;
  @ApiProperty() holder: string;
  @ApiPropertyOptional({ nullable: true, type: String }) risk: string | null;
  @ApiProperty() overdue: boolean;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'due time of the current step' }) deadline: string | null;
  @ApiProperty() version: number;
  @ApiProperty() policyVersion: string;
  @ApiProperty() openedAt: string;
  @ApiProperty() updatedAt: string;
  @ApiProperty() summary: string;
  @ApiPropertyOptional({ type: SubjectView, nullable: true }) subject: SubjectView | null;
  @ApiPropertyOptional({ nullable: true, description: 'the step the case is in and its due time' }) step: CaseState['step'];
  @ApiPropertyOptional({ nullable: true }) pendingEscalation: CaseState['pendingEscalation'];
  @ApiPropertyOptional({ nullable: true }) pendingClosure: CaseState['pendingClosure'];
  @ApiPropertyOptional({ nullable: true }) pendingTransfer: CaseState['pendingTransfer'];
  @ApiPropertyOptional({ nullable: true }) decision: CaseState['decision'];
  @ApiPropertyOptional({ nullable: true, type: String, description: 'next periodic review' }) reviewDueAt: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'end of the whole statutory procedure (低保: 30 wd; 20 delegated; 45 extended)' })
  procedureDueAt: string | null;
  @ApiPropertyOptional({
    type: PublicNoticeStateView,
    nullable: true,
    description: 'the latest 公示 (place, period, status; who is shown only at GET …/public-notice)',
  })
  publicNotice: PublicNoticeStateView | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'when the case was last closed (its retention runs from here)' })
  closedAt: string | null;
  @ApiPropertyOptional({ type: LegalHoldView, nullable: true, description: "an admin's legal hold: the data is kept past its retention" })
  legalHold: LegalHoldView | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: "when the case's data was destroyed (its retention ended)" })
  shreddedAt: string | null;
  @ApiProperty({ type: PrivacyView }) privacy: PrivacyView;
  @ApiProperty({
    description:
      "the deadline falls past the last year of the pinned calendar published by the State Council: computed on a provisional arrangement (2027), an estimate until the year's notice is entered",
  })
  deadlineProvisional: boolean;
}

export class CasePageView {
  @ApiProperty({ type: [CaseView] }) items: CaseView[];
  @ApiProperty({ type: String, nullable: true, description: 'pass as `cursor` for the next page; null on the last page' }) nextCursor: string | null;
}

/** 202 to POST /v1/cases: the case id is fixed, the workflow opens the case shortly. */
export class OpeningView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['opening'] }) status: 'opening';
}

function publicNoticeOf(state: CaseState): CaseView['publicNotice'] {
  const notice = state.publicNotice ?? null;
  if (notice === null) return null;
  const { stepBefore: _stepBefore, ...shown } = notice;
  void _stepBefore;
  return shown;
}

function maskName(name: string): string {
  const chars = Array.from(name);
  return chars.length <= 1 ? '*' : `${chars[0]}${'*'.repeat(chars.length - 1)}`;
}

/**
 * The one presentation of a case: what a reader sees, personal data masked where `disclosure` says
 * so. `state` has its narratives already opened or blanked (`narratives` says which).
 */
export function caseView(
  state: CaseState,
  subject: SubjectData | null,
  disclosure: Disclosure,
  narratives: NarrativeView,
  opts: { breakGlass?: boolean; calendar?: WorkingCalendar } = {},
): CaseView {
  const deadline = nextDeadline(state);
  const destroyed = Boolean(state.shreddedAt);
  const shown = destroyed ? null : subject;
  return {
    id: state.caseId,
    caseNumber: state.caseNumber,
    family: state.family,
    kind: state.kind,
    status: state.status,
    level: state.level,
    origin: state.origin,
    holder: state.holder,
    risk: state.risk,
    overdue: state.overdue,
    deadline,
    // Only calendars that say which years are published can tell (policies before issue 13 do not).
    deadlineProvisional: deadline !== null && opts.calendar?.years !== undefined && pastPublishedCalendar(opts.calendar, deadline),
    version: state.version,
    policyVersion: state.policyVersion,
    openedAt: state.openedAt,
    updatedAt: state.updatedAt,
    summary: state.summary,
    subject: shown && {
      name: disclosure.name ? shown.name : maskName(shown.name),
      // The masked form still identifies the person to someone who has the number.
      idNumber: disclosure.idNumber ? shown.idNumber : maskIdNumber(shown.idNumber),
      birthDate: disclosure.birthDate ? shown.birthDate : `${shown.birthDate.slice(0, 4)}-**-**`,
      sex: shown.sex,
      under14: state.subjectMinorUnder14,
    },
    step: state.step,
    pendingEscalation: state.pendingEscalation,
    pendingClosure: state.pendingClosure,
    pendingTransfer: state.pendingTransfer,
    decision: state.decision,
    reviewDueAt: state.reviewDueAt,
    procedureDueAt: state.procedureDueAt,
    publicNotice: publicNoticeOf(state),
    closedAt: state.closedAt ?? null,
    legalHold: state.legalHold ?? null,
    shreddedAt: state.shreddedAt ?? null,
    privacy: {
      narratives,
      subject: destroyed ? 'destroyed' : shown === null ? 'unavailable' : disclosure.name ? 'full' : 'masked',
      idNumberMasked: !disclosure.idNumber,
      breakGlass: opts.breakGlass ?? false,
    },
  };
}
