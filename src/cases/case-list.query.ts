import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { CASE_KINDS, CASE_STATUSES, FAMILIES, LEVELS, RISKS } from '../domain';

/** Filters of GET /v1/cases; every one optional, combined with AND, always within the caller's scope. */
export class CaseListQuery {
  @ApiPropertyOptional({ enum: FAMILIES }) @IsOptional() @IsIn(FAMILIES) family?: string;
  @ApiPropertyOptional({ enum: CASE_KINDS }) @IsOptional() @IsIn(CASE_KINDS as string[]) kind?: string;
  @ApiPropertyOptional({ enum: CASE_STATUSES }) @IsOptional() @IsIn(CASE_STATUSES) status?: string;
  @ApiPropertyOptional({ enum: LEVELS }) @IsOptional() @IsIn(LEVELS) level?: string;
  @ApiPropertyOptional({ enum: RISKS }) @IsOptional() @IsIn(RISKS) risk?: string;
  @ApiPropertyOptional({ description: 'cases held within this division subtree' })
  @IsOptional()
  @Matches(/^\d{12}$/, { message: 'division must be a 12-digit division code' })
  division?: string;
  @ApiPropertyOptional({ description: 'past a deadline (or flagged overdue at province)' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  overdue?: boolean;
  @ApiPropertyOptional({ description: 'from the previous page' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,200}$/, { message: 'cursor is not valid' })
  cursor?: string;
  @ApiPropertyOptional({ default: 50, maximum: 200 })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value))
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}
