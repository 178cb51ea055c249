import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { maskIdNumber, nextDeadline, type CaseState, type Disclosure } from '../domain';
import type { SubjectData } from '../subjects/subject-vault';

// What a reader sees of a case. Who sees which personal data unmasked is the access rules' call
// (src/domain/access.ts `disclosureTo`), not the view's.

export class SubjectView {
  @ApiProperty() name: string;
  @ApiProperty({ example: '330106********123X' }) idNumber: string;
  @ApiProperty() birthDate: string;
  @ApiProperty({ enum: ['male', 'female'] }) sex: string;
  @ApiProperty() under14: boolean;
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

function maskName(name: string): string {
  const chars = Array.from(name);
  return chars.length <= 1 ? '*' : `${chars[0]}${'*'.repeat(chars.length - 1)}`;
}

/** The one presentation of a case: what a reader sees, personal data masked where `disclosure` says so. */
export function caseView(state: CaseState, subject: SubjectData | null, disclosure: Disclosure): CaseView {
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
    deadline: nextDeadline(state),
    version: state.version,
    policyVersion: state.policyVersion,
    openedAt: state.openedAt,
    updatedAt: state.updatedAt,
    summary: state.summary,
    subject: subject && {
      name: disclosure.name ? subject.name : maskName(subject.name),
      // The masked form still identifies the person to someone who has the number.
      idNumber: disclosure.idNumber ? subject.idNumber : maskIdNumber(subject.idNumber),
      birthDate: disclosure.birthDate ? subject.birthDate : `${subject.birthDate.slice(0, 4)}-**-**`,
      sex: subject.sex,
      under14: state.subjectMinorUnder14,
    },
    step: state.step,
    pendingEscalation: state.pendingEscalation,
    pendingClosure: state.pendingClosure,
    pendingTransfer: state.pendingTransfer,
    decision: state.decision,
    reviewDueAt: state.reviewDueAt,
  };
}
