import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { RISKS, type Risk } from '../domain';
import { IsYuan } from './money.validator';

// Bodies of the commands people send to a case (SPEC §6). Free text is bounded; amounts are yuan.

export class AssessmentDto {
  @ApiPropertyOptional({ enum: RISKS, nullable: true, description: 'minor protection' })
  @IsOptional()
  @IsIn(RISKS)
  risk?: Risk;
  @ApiProperty({ example: '入户核查：家中无劳动力' }) @IsString() @Length(1, 4000) findings: string;
  @ApiPropertyOptional({ description: 'hardship: people in the household' }) @IsOptional() @IsInt() @Min(1) @Max(30) householdSize?: number;
  @ApiPropertyOptional({ description: 'hardship: monthly amount requested or assessed, yuan (at most two decimals)', minimum: 0, maximum: 1_000_000 })
  @IsOptional()
  @IsYuan()
  monthlyAmount?: number;
  @ApiPropertyOptional({ description: 'dibao: household income changes often (reviewed every 6 months)' })
  @IsOptional()
  @IsBoolean()
  incomeVolatile?: boolean;
}

export class NoteDto {
  @ApiProperty() @IsString() @Length(1, 4000) text: string;
}

export class ReasonDto {
  @ApiProperty() @IsString() @Length(1, 2000) reason: string;
}

export class DecisionDto {
  @ApiProperty({ enum: ['approved', 'denied'] }) @IsIn(['approved', 'denied']) outcome: 'approved' | 'denied';
  @ApiPropertyOptional({ example: '城乡低保' }) @IsOptional() @IsString() @Length(1, 200) benefit?: string;
  @ApiPropertyOptional({ description: 'monthly amount granted, yuan (at most two decimals)', minimum: 0, maximum: 1_000_000 })
  @IsOptional()
  @IsYuan()
  monthlyAmount?: number;
  @ApiProperty() @IsString() @Length(1, 2000) reason: string;
}

export class FollowUpDto {
  @ApiProperty({ enum: ['visit', 'review'] }) @IsIn(['visit', 'review']) kind: 'visit' | 'review';
  @ApiProperty() @IsString() @Length(1, 4000) notes: string;
}

export class TransferDto {
  @ApiProperty({ example: '330106004001', description: 'receiving unit at the same level' })
  @Matches(/^\d{12}$/, { message: 'to must be a 12-digit division code' })
  to: string;
  @ApiProperty() @IsString() @Length(1, 2000) reason: string;
}
