import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../http/openapi';
import { Can, CurrentPrincipal } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { CaseQueries } from '../cases/case-queries.service';
import { ApprovalList, ApprovalsQuery } from './approvals.dto';

@ApiTags('approvals')
@ApiBearerAuth()
@Controller('v1/approvals')
export class ApprovalsController {
  constructor(private readonly queries: CaseQueries) {}

  @Get()
  @Can('approval.read')
  @ApiOperation({
    summary: 'Escalation, transfer and closure requests waiting for your unit (not your own, unless includeOwn=true: then marked mine)',
  })
  @ApiOkResponse({ type: ApprovalList })
  @ApiProblems(422)
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ApprovalsQuery): Promise<ApprovalList> {
    return { items: await this.queries.approvals(principal, { includeOwn: query.includeOwn === true }) };
  }
}
