import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { CASE_KINDS, RISKS, type CaseKind, type Risk } from '../domain';
import { IsCitizenIdNumber } from './id-number.validator';

const DIVISION = /^\d{12}$/;

export class HouseholdMemberDto {
  @ApiProperty({ example: '李四' }) @IsString() @Length(1, 50) name: string;
  @ApiProperty({ example: '配偶' }) @IsString() @Length(1, 20) relation: string;
  @ApiPropertyOptional({ example: '330106198001010011' }) @IsOptional() @IsCitizenIdNumber() idNumber?: string;
}

export class SubjectDto {
  @ApiProperty({ example: '张小明' }) @IsString() @Length(1, 50) name: string;
  @ApiProperty({ example: '330106201501010013', description: '18-digit 公民身份号码 (GB 11643)' })
  @IsCitizenIdNumber()
  idNumber: string;
  @ApiPropertyOptional({ example: '330106002051' })
  @IsOptional()
  @Matches(DIVISION, { message: 'addressDivision must be a 12-digit division code' })
  addressDivision?: string;
  @ApiPropertyOptional({ type: [HouseholdMemberDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => HouseholdMemberDto)
  household?: HouseholdMemberDto[];
}

export class OpenCaseDto {
  @ApiProperty({ enum: CASE_KINDS, example: 'dibao' }) @IsIn(CASE_KINDS as CaseKind[]) kind: CaseKind;
  @ApiPropertyOptional({ example: '330106002051', description: "the opening unit; defaults to the caller's division" })
  @IsOptional()
  @Matches(DIVISION, { message: 'division must be a 12-digit division code' })
  division?: string;
  @ApiProperty({ type: SubjectDto }) @ValidateNested() @Type(() => SubjectDto) subject: SubjectDto;
  @ApiPropertyOptional({ enum: RISKS, description: 'minor protection only' }) @IsOptional() @IsIn(RISKS) risk?: Risk;
  @ApiProperty({ example: '入户调查申请' }) @IsString() @Length(1, 2000) summary: string;
}
