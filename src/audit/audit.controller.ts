import { once } from 'node:events';
import { Controller, Get, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../http/openapi';
import { DIVISION_PATTERN } from '../http/fields';
import type { Response } from 'express';
import { Can, CurrentPrincipal } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { isDivisionCode, isWithin } from '../domain/divisions';
import { badRequest, forbidden, notFound, unprocessable } from '../http/problem';
import { DEFAULT_PAGE, isoInstant, MAX_PAGE, optionalInstant, wholeNumber } from './audit-query';
import { AuditService, type EventPage, type StateAt } from './audit.service';
import type { CaseVerificationReport } from './case-verification';
import type { ExportLine } from './export-format';
import { EventPageView, StateAtView, VerificationView } from './audit.views';

const caseId = new ParseUUIDPipe({ exceptionFactory: () => notFound('case') });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@ApiTags('audit')
@ApiBearerAuth()
@Controller('v1')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get('cases/:id/events')
  @Can('case.read')
  @ApiOperation({ summary: "The case's hash-chained event log, in seq order" })
  @ApiQuery({
    name: 'after',
    required: false,
    description: 'seq to continue after (default 0)',
    schema: { type: 'integer', minimum: 0, maximum: 2 ** 31 - 1 },
  })
  @ApiQuery({
    name: 'limit',
    required: false,
    description: 'page size',
    schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE, default: DEFAULT_PAGE },
  })
  @ApiParam({ name: 'id', format: 'uuid', description: 'the case id' })
  @ApiResponse({ status: 200, type: EventPageView })
  @ApiProblems(404)
  events(
    @CurrentPrincipal() principal: Principal,
    @Param('id', caseId) id: string,
    @Query('after') after: string | undefined,
    @Query('limit') limit: string | undefined,
  ): Promise<EventPage> {
    return this.audit.events(principal, id, wholeNumber('after', after, 0, 0, 2 ** 31 - 1), wholeNumber('limit', limit, DEFAULT_PAGE, 1, MAX_PAGE));
  }

  @Get('cases/:id/state')
  @Can('case.read')
  @ApiOperation({ summary: 'The case as it stood at a moment: the fold of its events up to then' })
  @ApiQuery({ name: 'at', required: true, description: 'ISO 8601 instant with offset', schema: { type: 'string', format: 'date-time' } })
  @ApiParam({ name: 'id', format: 'uuid', description: 'the case id' })
  @ApiResponse({ status: 200, type: StateAtView, description: 'the fold of the events up to `at`' })
  @ApiProblems(404)
  state(@CurrentPrincipal() principal: Principal, @Param('id', caseId) id: string, @Query('at') at: string | undefined): Promise<StateAt> {
    return this.audit.stateAt(principal, id, isoInstant('at', at));
  }

  @Get('cases/:id/verification')
  @Can('case.verify')
  @ApiOperation({ summary: 'Chain intact (and matching the last signed checkpoint)? Read model equals the fold? History replays?' })
  @ApiParam({ name: 'id', format: 'uuid', description: 'the case id' })
  @ApiResponse({ status: 200, type: VerificationView })
  @ApiProblems(404)
  verification(@CurrentPrincipal() principal: Principal, @Param('id', caseId) id: string): Promise<CaseVerificationReport> {
    return this.audit.verify(principal, id);
  }

  @Get('audit/export')
  @Can('audit.export')
  @ApiOperation({ summary: "Export one case (case=) or a subtree's cases active in a period (division=, from=, to=) as JSON Lines" })
  @ApiQuery({ name: 'case', required: false, description: 'one case (not with division)', schema: { type: 'string', format: 'uuid' } })
  @ApiQuery({
    name: 'division',
    required: false,
    description: 'a subtree (not with case); default: your own',
    schema: { type: 'string', pattern: DIVISION_PATTERN.source },
  })
  @ApiQuery({ name: 'from', required: false, description: 'default: the beginning', schema: { type: 'string', format: 'date-time' } })
  @ApiQuery({ name: 'to', required: false, description: 'default: now', schema: { type: 'string', format: 'date-time' } })
  @ApiResponse({
    status: 200,
    description: 'JSON Lines: a header line, the events of each case, a trailer',
    content: { 'application/x-ndjson': { schema: { type: 'string' } } },
  })
  @ApiProblems(404, 422)
  async export(
    @CurrentPrincipal() principal: Principal,
    @Query('case') oneCase: string | undefined,
    @Query('division') division: string | undefined,
    @Query('from') fromRaw: string | undefined,
    @Query('to') toRaw: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    let lines: AsyncGenerator<ExportLine>;
    if (oneCase !== undefined) {
      if (division !== undefined)
        throw unprocessable([{ field: 'division', message: 'give either case or division, not both' }], 'Export one case or one subtree.');
      if (!UUID.test(oneCase)) throw notFound('case');
      lines = await this.audit.exportCase(principal, oneCase);
    } else {
      // Without case or division: the auditor's own subtree.
      division ??= principal.division;
      if (!DIVISION_PATTERN.test(division)) throw badRequest([{ field: 'division', message: 'must be a 12-digit division code' }]);
      const from = optionalInstant('from', fromRaw, '1970-01-01T00:00:00Z');
      const to = optionalInstant('to', toRaw, new Date().toISOString());
      if (Date.parse(from) > Date.parse(to)) throw unprocessable([{ field: 'from', message: 'must not be after to' }], 'The period is empty.');
      if (!isDivisionCode(division) || !(await this.audit.divisionKnown(division))) {
        throw unprocessable(
          [{ field: 'division', message: 'is not a known division code' }],
          'The request names a division that is not in the registry.',
        );
      }
      if (!isWithin(principal.division, division)) throw forbidden('The division is outside your scope.');
      lines = await this.audit.exportSubtree(principal, division, from, to);
    }
    await streamLines(res, lines);
  }
}

/** Writes JSON Lines with backpressure; stops reading the database when the client goes away. */
async function streamLines(res: Response, lines: AsyncGenerator<ExportLine>): Promise<void> {
  res.status(200).setHeader('Content-Type', 'application/x-ndjson; charset=utf-8');
  res.setHeader('Content-Disposition', 'attachment; filename="casework-export.ndjson"');
  try {
    for await (const line of lines) {
      if (res.destroyed) return;
      if (!res.write(`${JSON.stringify(line)}\n`)) await Promise.race([once(res, 'drain'), once(res, 'close')]);
    }
    res.end();
  } catch {
    // Headers are out: the only honest signal left is a broken stream (no trailer line).
    res.destroy();
  } finally {
    await lines.return(undefined);
  }
}
