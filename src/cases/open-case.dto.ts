import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsOptional, ValidateNested } from 'class-validator';
import { CASE_KINDS, RISKS, type CaseKind, type Risk } from '../domain';
import { CitizenIdNumber, DivisionCode, OneOf, Text } from '../http/fields';

export class HouseholdMemberDto {
  @Text(50, { doc: { example: '李四' } }) name: string;
  @Text(20, { doc: { example: '配偶' } }) relation: string;
  @CitizenIdNumber({ optional: true, doc: { example: '330106198001010011' } }) idNumber?: string;
}

export class SubjectDto {
  @Text(50, { doc: { example: '张小明' } }) name: string;
  @CitizenIdNumber() idNumber: string;
  @DivisionCode({ optional: true, doc: { description: 'where the person lives' } }) addressDivision?: string;
  @ApiPropertyOptional({ type: [HouseholdMemberDto], maxItems: 30 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => HouseholdMemberDto)
  household?: HouseholdMemberDto[];
}

export class OpenCaseDto {
  @OneOf(CASE_KINDS, { doc: { example: 'dibao' } }) kind: CaseKind;
  @DivisionCode({ optional: true, doc: { description: "the opening unit; defaults to the caller's division" } }) division?: string;
  @ApiProperty({ type: SubjectDto }) @ValidateNested() @Type(() => SubjectDto) subject: SubjectDto;
  @OneOf(RISKS, { optional: true, doc: { description: 'minor protection only' } }) risk?: Risk;
  @Text(2000, { doc: { example: '入户调查申请' } }) summary: string;
}
