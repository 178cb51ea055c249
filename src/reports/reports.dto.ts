import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, ValidateNested } from 'class-validator';
import { RISKS, type Risk } from '../domain';
import { CitizenIdNumber, DivisionCode, OneOf, Text } from '../http/fields';

export class ReportedChildDto {
  @Text(50, { doc: { example: '王小华' } }) name: string;
  @CitizenIdNumber() idNumber: string;
  @DivisionCode({ doc: { description: 'the village (or township) where the child lives: the case opens there' } }) addressDivision: string;
}

export class FileReportDto {
  @ApiProperty({ type: ReportedChildDto })
  @IsDefined({ message: '$property is required' })
  @ValidateNested()
  @Type(() => ReportedChildDto)
  child: ReportedChildDto;
  @OneOf(RISKS, { doc: { description: 'critical: the emergency path (the county 救助保护机构 at once)' } }) risk: Risk;
  @Text(2000, { doc: { example: '学生身上多处伤痕，自述在家中被打' } }) summary: string;
}

export class ReportReceipt {
  @ApiProperty({ example: 'QZBG-20260304-3F9A2C1B', description: 'quote it to ask for the status' }) receiptNumber: string;
  @ApiProperty({ enum: ['received', 'being_handled', 'handled'] }) status: string;
  @ApiProperty({ type: String, nullable: true, description: 'a standard notice once handled (never the case’s content)' })
  outcomeNotice: string | null;
  @ApiProperty() filedAt: string;
}

export class ReportReceiptList {
  @ApiProperty({ type: [ReportReceipt] }) items: ReportReceipt[];
}
