import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Can, CurrentPrincipal } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { CaseQueries, type PendingApproval } from '../cases/case-queries.service';

@ApiTags('approvals')
@ApiBearerAuth()
@Controller('v1/approvals')
export class ApprovalsController {
  constructor(private readonly queries: CaseQueries) {}

  @Get()
  @Can('approval.read')
  @ApiOperation({ summary: 'Escalation, transfer and closure requests waiting for your unit (not your own)' })
  async list(@CurrentPrincipal() principal: Principal): Promise<{ items: PendingApproval[] }> {
    return { items: await this.queries.approvals(principal) };
  }
}
