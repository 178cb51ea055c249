import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsOptional, ValidateNested } from 'class-validator';
import { CASE_KINDS, RISKS, type CaseKind, type Risk } from '../domain';
import { CitizenIdNumber, OneOf, Text, WholeNumber } from '../http/fields';

export class AlertsQuery {
  @OneOf(['open', 'dismissed', 'case_opened'], { optional: true, doc: { default: 'open' } }) status?: 'open' | 'dismissed' | 'case_opened';
  @WholeNumber(1, 500, { optional: true, doc: { default: 100 } }) limit?: number;
}

export class DismissAlertDto {
  @Text(500, { doc: { example: '核实后不符合条件', description: 'why: stored sealed' } }) reason: string;
}

export class AlertSubjectDto {
  @Text(50, { optional: true }) name?: string;
  @CitizenIdNumber({ optional: true }) idNumber?: string;
}

export class OpenCaseFromAlertDto {
  @OneOf(CASE_KINDS, { optional: true, doc: { description: 'default: the kind the signal’s rule suggests' } }) kind?: CaseKind;
  @Text(2000, { doc: { example: '监测预警核实后立案' } }) summary: string;
  @OneOf(RISKS, { optional: true }) risk?: Risk;
  @ApiPropertyOptional({ type: AlertSubjectDto, description: 'what the signal did not carry (a name, an ID number)' })
  @IsOptional()
  @ValidateNested()
  @Type(() => AlertSubjectDto)
  subject?: AlertSubjectDto;
}

export class AlertSubjectView {
  @ApiProperty({ type: String, nullable: true, description: 'in full to the alert’s village and township, masked to others' }) name: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'masked' }) idNumber: string | null;
}

export class AlertView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() source: string;
  @ApiProperty() signalId: string;
  @ApiProperty() type: string;
  @ApiProperty({ description: 'the rule’s score, 0–100' }) score: number;
  @ApiProperty({ example: '330106002051' }) village: string;
  @ApiProperty({ example: '330106002000' }) township: string;
  @ApiProperty({ example: 'temporary_aid' }) suggestedKind: string;
  @ApiProperty({ description: 'verify by (ISO 8601): the rule’s working days' }) verifyDueAt: string;
  @ApiProperty() overdue: boolean;
  @ApiProperty({ enum: ['open', 'dismissed', 'case_opened'] }) status: 'open' | 'dismissed' | 'case_opened';
  @ApiProperty({ description: 'the person has had a case before' }) knownPerson: boolean;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) openedCaseId: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ type: AlertSubjectView }) subject: AlertSubjectView;
}

export class AlertList {
  @ApiProperty({ type: [AlertView] }) items: AlertView[];
}

export class AlertCaseOpened {
  @ApiProperty({ type: AlertView }) alert: AlertView;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'the case (as GET /v1/cases/{id}), or {id, status: opening}' })
  case: object;
}
