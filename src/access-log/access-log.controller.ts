import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Can, CurrentPrincipal } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { AccessLog, type AccessLogEntry } from './access-log.service';
import { AccessLogQuery } from './access-log.query';
import { ApiProblems } from '../http/openapi';

class AccessLogEntryView implements AccessLogEntry {
  @ApiProperty() id: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'id, roles, division' }) principal: AccessLogEntry['principal'];
  @ApiProperty({ type: String, example: 'case.read', description: 'what was done: a read of a case, a decode of payloads …' })
  action: AccessLogEntry['action'];
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) caseId: string | null;
  @ApiProperty({ type: String, nullable: true }) requestId: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) detail: Record<string, unknown>;
}

class AccessLogPage {
  @ApiProperty({ type: [AccessLogEntryView] }) entries: AccessLogEntryView[];
}

@ApiTags('access log')
@ApiBearerAuth()
@Controller('v1/access-log')
export class AccessLogController {
  constructor(private readonly accessLog: AccessLog) {}

  @Get()
  @Can('access-log.read')
  @ApiOperation({ summary: 'Who read or decoded personal data of cases in your subtree, newest first (auditors)' })
  @ApiOkResponse({ type: AccessLogPage })
  @ApiProblems(422)
  async list(@CurrentPrincipal() auditor: Principal, @Query() query: AccessLogQuery): Promise<{ entries: AccessLogEntry[] }> {
    const entries = await this.accessLog.list(auditor, { ...query, limit: query.limit ?? 100 });
    return { entries };
  }
}
