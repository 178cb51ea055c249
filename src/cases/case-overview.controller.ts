import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../http/openapi';
import { DIVISION_PATTERN } from '../http/fields';
import { Can, CurrentPrincipal } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { CaseQueries } from './case-queries.service';

// Ways to find cases without reading their content: by case number, and counts for a dashboard.

export class CaseRef {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'MP-330106-2026-000123' }) caseNumber: string;
}

export class CaseCountRow {
  @ApiProperty({ description: 'the child unit holding the cases (or the unit itself)', example: '330106002000' }) unit: string;
  @ApiProperty({ example: 'open' }) status: string;
  @ApiProperty() cases: number;
  @ApiProperty({ description: 'past a deadline, or flagged overdue' }) overdue: number;
  @ApiProperty({ description: 'risk critical' }) critical: number;
}

export class CaseCounts {
  @ApiProperty() division: string;
  @ApiProperty({ type: [CaseCountRow] }) rows: CaseCountRow[];
}

@ApiTags('cases')
@ApiBearerAuth()
@Controller('v1')
export class CaseOverviewController {
  constructor(private readonly queries: CaseQueries) {}

  @Get('case-numbers/:caseNumber')
  @Can('case.read')
  @ApiOperation({ summary: 'Find a case in your scope by its case number (answers its id)' })
  @ApiOkResponse({ type: CaseRef })
  @ApiProblems(404)
  find(@CurrentPrincipal() principal: Principal, @Param('caseNumber') caseNumber: string): Promise<CaseRef> {
    return this.queries.idByNumber(principal, caseNumber);
  }

  @Get('case-counts')
  @Can('case.read')
  @ApiOperation({ summary: 'Case counts per child unit × status in your subtree (overdue, critical)' })
  @ApiQuery({
    name: 'division',
    required: false,
    description: 'a unit in your scope (default: your own)',
    schema: { type: 'string', pattern: DIVISION_PATTERN.source },
  })
  @ApiOkResponse({ type: CaseCounts })
  @ApiProblems(404, 422)
  counts(@CurrentPrincipal() principal: Principal, @Query('division') division: string | undefined): Promise<CaseCounts> {
    return this.queries.counts(principal, division);
  }
}
