import { Body, Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Can, CurrentPrincipal } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import type { PeopleCommand } from '../../workflows/case.messages';
import { ApiProblems } from '../http/openapi';
import { ExtensionDto, NotesDto, ObjectionDecisionDto, ObjectionDto, PublicNoticeDto } from './case-command.dto';
import { CaseView } from './case-view';
import { CasesService } from './cases.service';
import { Call, caseId, CommandRoute, expectedVersion, type CommandCall } from './cases.controller';
import { PublicNotices, PublicNoticeView } from './public-notice.service';

// The statutory procedure's own commands (issue 13): 公示 and objections, the extension of the
// whole procedure on a recorded ground, the refusal notice, a reported change. The core decides.

@ApiTags('cases')
@ApiBearerAuth()
@Controller('v1/cases')
export class CaseProcedureController {
  constructor(
    private readonly cases: CasesService,
    private readonly notices: PublicNotices,
  ) {}

  private async act(call: CommandCall, id: string, command: PeopleCommand): Promise<CaseView> {
    const view = await this.cases.command(call.principal, id, command, expectedVersion(call.ifMatch), call.key);
    call.res.setHeader('ETag', `"${view.version}"`);
    return view;
  }

  @CommandRoute(
    ':id/public-notices',
    "Publish the initial opinion (or the termination) in the applicant's village for 7 days (caseworker of the holder; not for 孤儿 or 事实无人抚养儿童)",
  )
  publish(@Call() call: CommandCall, @Param('id', caseId) id: string, @Body() dto: PublicNoticeDto): Promise<CaseView> {
    return this.act(call, id, { type: 'startPublicNotice', noticeId: call.newId(), purpose: dto.purpose });
  }

  @CommandRoute(':id/public-notices/objections', 'Record an objection received while the 公示 runs (caseworker of the holder)')
  object(@Call() call: CommandCall, @Param('id', caseId) id: string, @Body() dto: ObjectionDto): Promise<CaseView> {
    return this.act(call, id, { type: 'objectToNotice', objectionId: call.newId(), summary: dto.summary });
  }

  @CommandRoute(':id/public-notices/objection-decision', 'Decide an objection to a termination 公示 (supervisor of the holder; 特困 第二十六条)')
  decideObjection(@Call() call: CommandCall, @Param('id', caseId) id: string, @Body() dto: ObjectionDecisionDto): Promise<CaseView> {
    return this.act(call, id, { type: 'resolveObjection', upheld: dto.upheld, reason: dto.reason });
  }

  @CommandRoute(
    ':id/procedure-extension',
    "Extend the whole procedure on one of the policy's grounds, once (supervisor of the holder; 低保: up to 45 wd)",
  )
  extend(@Call() call: CommandCall, @Param('id', caseId) id: string, @Body() dto: ExtensionDto): Promise<CaseView> {
    return this.act(call, id, { type: 'extendProcedure', ground: dto.ground, reason: dto.reason });
  }

  @CommandRoute(':id/refusal-notice', 'Record that the applicant was told of the refusal and why (caseworker of the holder; within 3 wd)')
  refusalNotice(@Call() call: CommandCall, @Param('id', caseId) id: string, @Body() dto: NotesDto): Promise<CaseView> {
    return this.act(call, id, { type: 'notifyRefusal', notes: dto.notes });
  }

  @CommandRoute(':id/changes', 'Report a change in a supported case that opens a re-assessment (caseworker of the holder; 特困 第二十三条: 10 wd)')
  reportChange(@Call() call: CommandCall, @Param('id', caseId) id: string, @Body() dto: NotesDto): Promise<CaseView> {
    return this.act(call, id, { type: 'reportChange', notes: dto.notes });
  }

  @Get(':id/public-notice')
  @Can('case.read')
  @ApiOperation({ summary: "The case's latest 公示 as published: surname and masked ID number, place and period — never the narrative" })
  @ApiParam({ name: 'id', format: 'uuid', description: 'the case id' })
  @ApiOkResponse({ type: PublicNoticeView })
  @ApiProblems(404)
  publicNotice(@CurrentPrincipal() principal: Principal, @Param('id', caseId) id: string): Promise<PublicNoticeView> {
    return this.notices.latest(principal, id);
  }
}
