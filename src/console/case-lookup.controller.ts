import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Can, CurrentPrincipal } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { subtreeRange } from '../domain';
import { notFound } from '../http/problem';
import { ScopedDb } from '../persistence/scoped-db';

const CASE_NUMBER = /^[A-Z]{2}-\d{6}-\d{4}-\d{1,9}$/;

export class CaseRef {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'MP-330106-2026-000123' }) caseNumber: string;
}

/**
 * The console's "find a case by its number" (auditors, supervisors): the id only, so the lookup
 * reads no case content and logs no read; opening the case (GET /v1/cases/{id}) is the read.
 * Out of scope answers 404, like a missing case.
 */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('v1/case-numbers')
export class CaseLookupController {
  constructor(private readonly scoped: ScopedDb) {}

  @Get(':caseNumber')
  @Can('case.read')
  @ApiOperation({ summary: 'Find a case in your scope by its case number (answers its id)' })
  @ApiOkResponse({ type: CaseRef })
  async find(@CurrentPrincipal() principal: Principal, @Param('caseNumber') caseNumber: string): Promise<CaseRef> {
    const wanted = caseNumber.trim().toUpperCase();
    if (!CASE_NUMBER.test(wanted)) throw notFound('case');
    const [low, high] = subtreeRange(principal.division);
    const rows: { case_id: string }[] = await this.scoped.read(principal, (db) =>
      db.query(
        `SELECT case_id FROM cases WHERE case_number = $1
           AND (holder BETWEEN $2 AND $3 OR origin BETWEEN $2 AND $3 OR transfer_to BETWEEN $2 AND $3)`,
        [wanted, low, high],
      ),
    );
    if (rows.length === 0) throw notFound('case');
    return { id: rows[0].case_id, caseNumber: wanted };
  }
}
