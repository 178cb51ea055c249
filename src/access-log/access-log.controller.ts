import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Can, CurrentPrincipal } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { AccessLog, type AccessLogEntry } from './access-log.service';
import { AccessLogQuery } from './access-log.query';

@ApiTags('access log')
@ApiBearerAuth()
@Controller('v1/access-log')
export class AccessLogController {
  constructor(private readonly accessLog: AccessLog) {}

  @Get()
  @Can('access-log.read')
  @ApiOperation({ summary: 'Who read or decoded personal data of cases in your subtree, newest first (auditors)' })
  async list(@CurrentPrincipal() auditor: Principal, @Query() query: AccessLogQuery): Promise<{ entries: AccessLogEntry[] }> {
    const entries = await this.accessLog.list(auditor, { ...query, limit: query.limit ?? 100 });
    return { entries };
  }
}
