import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Can, CurrentPrincipal } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { randomUUID } from 'node:crypto';
import { HttpStatus } from '@nestjs/common';
import type { CaseAction } from '../domain';
import type { PeopleCommand } from '../../workflows/case.messages';
import { badRequest, notFound, Problem } from '../http/problem';
import { AssessmentDto, DecisionDto, FollowUpDto, NoteDto, ReasonDto, TransferDto } from './case-command.dto';
import { CaseListQuery } from './case-list.query';
import { CaseQueries, type CasePage } from './case-queries.service';
import { CaseView } from './case-view';
import { CasesService } from './cases.service';
import { OpenCaseDto } from './open-case.dto';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{8,128}$/;
const caseId = new ParseUUIDPipe({ exceptionFactory: () => notFound('case') });
const requestId = new ParseUUIDPipe({ exceptionFactory: () => notFound('request') });

function idempotencyKey(key: string | undefined): string | null {
  if (key === undefined) return null;
  if (!IDEMPOTENCY_KEY.test(key)) throw badRequest([{ field: 'Idempotency-Key', message: 'must be 8–128 characters of letters, digits, . _ : -' }]);
  return key;
}

/** `If-Match: "7"` → 7. Every mutating call on a case must say which version it saw. */
function expectedVersion(ifMatch: string | undefined): number {
  if (ifMatch === undefined) {
    throw new Problem(HttpStatus.PRECONDITION_REQUIRED, 'Precondition required', {
      detail: 'Send If-Match with the version (ETag) you last read.',
      errors: [{ field: 'If-Match', message: 'is required' }],
    });
  }
  const m = /^(?:W\/)?"?(\d{1,9})"?$/.exec(ifMatch.trim());
  if (!m) throw badRequest([{ field: 'If-Match', message: 'must be the case version as an ETag, e.g. "3"' }]);
  return Number(m[1]);
}

@ApiTags('cases')
@ApiBearerAuth()
@Controller('v1/cases')
export class CasesController {
  constructor(
    private readonly cases: CasesService,
    private readonly queries: CaseQueries,
  ) {}

  @Get()
  @Can('case.read')
  @ApiOperation({ summary: 'Cases in your scope, newest first (cursor pagination)' })
  list(@CurrentPrincipal() principal: Principal, @Query() query: CaseListQuery): Promise<CasePage> {
    return this.queries.list(principal, query);
  }

  @Post()
  @Can('case.open')
  @HttpCode(201)
  @ApiOperation({ summary: 'Open a case in your unit' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'same key + same body → same case; same key + other body → 422' })
  @ApiResponse({ status: 201, type: CaseView, description: 'CaseOpened is durably recorded' })
  @ApiResponse({ status: 202, description: 'accepted; the workflow will open the case (worker busy or down): poll Location' })
  async open(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: OpenCaseDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CaseView | { id: string; status: 'opening' }> {
    const outcome = await this.cases.open(principal, dto, idempotencyKey(key));
    if (outcome.status === 202) {
      res.status(202).location(`/v1/cases/${outcome.caseId}`).setHeader('Retry-After', '2');
      return { id: outcome.caseId, status: 'opening' };
    }
    res.location(`/v1/cases/${outcome.view.id}`).setHeader('ETag', `"${outcome.view.version}"`);
    return outcome.view;
  }

  @Get(':id')
  @Can('case.read')
  @ApiOperation({ summary: 'A case in your scope' })
  @ApiResponse({ status: 200, type: CaseView })
  async get(@CurrentPrincipal() principal: Principal, @Param('id', caseId) id: string, @Res({ passthrough: true }) res: Response): Promise<CaseView> {
    const view = await this.cases.get(principal, id);
    res.setHeader('ETag', `"${view.version}"`);
    return view;
  }

  // Commands. Each answers 200 with the case as it is after the command, and its new ETag.

  private async act(
    res: Response,
    principal: Principal,
    id: string,
    action: CaseAction,
    command: PeopleCommand,
    ifMatch: string | undefined,
    key: string | undefined,
  ): Promise<CaseView> {
    const view = await this.cases.command(principal, id, action, command, expectedVersion(ifMatch), idempotencyKey(key));
    res.setHeader('ETag', `"${view.version}"`);
    return view;
  }

  @Post(':id/assessments')
  @Can('case.act')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record an assessment (caseworker of the holder)' })
  @ApiHeader({ name: 'If-Match', required: true })
  assess(
    @CurrentPrincipal() p: Principal,
    @Param('id', caseId) id: string,
    @Body() dto: AssessmentDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CaseView> {
    const command: PeopleCommand = {
      type: 'assess',
      risk: dto.risk ?? null,
      findings: dto.findings,
      householdSize: dto.householdSize ?? null,
      monthlyAmount: dto.monthlyAmount ?? null,
      ...(dto.incomeVolatile !== undefined ? { incomeVolatile: dto.incomeVolatile } : {}),
    };
    return this.act(res, p, id, 'assess', command, ifMatch, key);
  }

  @Post(':id/notes')
  @Can('case.act')
  @HttpCode(200)
  @ApiOperation({ summary: 'Add a note (caseworker or supervisor of the holder)' })
  @ApiHeader({ name: 'If-Match', required: true })
  note(
    @CurrentPrincipal() p: Principal,
    @Param('id', caseId) id: string,
    @Body() dto: NoteDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CaseView> {
    return this.act(res, p, id, 'addNote', { type: 'addNote', text: dto.text }, ifMatch, key);
  }

  @Post(':id/escalations')
  @Can('case.act')
  @HttpCode(200)
  @ApiOperation({ summary: 'Request escalation to the next level (caseworker of the holder)' })
  @ApiHeader({ name: 'If-Match', required: true })
  requestEscalation(
    @CurrentPrincipal() p: Principal,
    @Param('id', caseId) id: string,
    @Body() dto: ReasonDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CaseView> {
    return this.act(res, p, id, 'requestEscalation', { type: 'requestEscalation', requestId: randomUUID(), reason: dto.reason }, ifMatch, key);
  }

  @Post(':id/escalations/:rid/approve')
  @Can('case.act')
  @HttpCode(200)
  @ApiOperation({ summary: "Approve an escalation request (supervisor of the next level's unit)" })
  @ApiHeader({ name: 'If-Match', required: true })
  approveEscalation(
    @CurrentPrincipal() p: Principal,
    @Param('id', caseId) id: string,
    @Param('rid', requestId) rid: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CaseView> {
    return this.act(res, p, id, 'approveEscalation', { type: 'approveEscalation', requestId: rid }, ifMatch, key);
  }

  @Post(':id/escalations/:rid/reject')
  @Can('case.act')
  @HttpCode(200)
  @ApiOperation({ summary: "Reject an escalation request (supervisor of the next level's unit)" })
  @ApiHeader({ name: 'If-Match', required: true })
  rejectEscalation(
    @CurrentPrincipal() p: Principal,
    @Param('id', caseId) id: string,
    @Param('rid', requestId) rid: string,
    @Body() dto: ReasonDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CaseView> {
    return this.act(res, p, id, 'rejectEscalation', { type: 'rejectEscalation', requestId: rid, reason: dto.reason }, ifMatch, key);
  }

  @Post(':id/return')
  @Can('case.act')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send the case back down one level (supervisor of the holder)' })
  @ApiHeader({ name: 'If-Match', required: true })
  returnCase(
    @CurrentPrincipal() p: Principal,
    @Param('id', caseId) id: string,
    @Body() dto: ReasonDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CaseView> {
    return this.act(res, p, id, 'return', { type: 'return', reason: dto.reason }, ifMatch, key);
  }

  @Post(':id/decision')
  @Can('case.act')
  @HttpCode(200)
  @ApiOperation({ summary: "Record a decision (supervisor of the holder, where the policy gives the holder's level authority)" })
  @ApiHeader({ name: 'If-Match', required: true })
  decision(
    @CurrentPrincipal() p: Principal,
    @Param('id', caseId) id: string,
    @Body() dto: DecisionDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CaseView> {
    const command: PeopleCommand = {
      type: 'decide',
      outcome: dto.outcome,
      benefit: dto.benefit ?? null,
      monthlyAmount: dto.monthlyAmount ?? null,
      reason: dto.reason,
    };
    return this.act(res, p, id, 'decide', command, ifMatch, key);
  }

  @Post(':id/follow-ups')
  @Can('case.act')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record a visit or review (caseworker of the holder)' })
  @ApiHeader({ name: 'If-Match', required: true })
  followUp(
    @CurrentPrincipal() p: Principal,
    @Param('id', caseId) id: string,
    @Body() dto: FollowUpDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CaseView> {
    return this.act(res, p, id, 'followUp', { type: 'followUp', kind: dto.kind, notes: dto.notes }, ifMatch, key);
  }

  @Post(':id/transfers')
  @Can('case.act')
  @HttpCode(200)
  @ApiOperation({ summary: 'Transfer to another unit at the same level (caseworker of the holder)' })
  @ApiHeader({ name: 'If-Match', required: true })
  requestTransfer(
    @CurrentPrincipal() p: Principal,
    @Param('id', caseId) id: string,
    @Body() dto: TransferDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CaseView> {
    return this.act(
      res,
      p,
      id,
      'requestTransfer',
      { type: 'requestTransfer', transferId: randomUUID(), to: dto.to, reason: dto.reason },
      ifMatch,
      key,
    );
  }

  @Post(':id/transfers/:tid/accept')
  @Can('case.act')
  @HttpCode(200)
  @ApiOperation({ summary: 'Accept a transfer (supervisor of the receiving unit)' })
  @ApiHeader({ name: 'If-Match', required: true })
  acceptTransfer(
    @CurrentPrincipal() p: Principal,
    @Param('id', caseId) id: string,
    @Param('tid', requestId) tid: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CaseView> {
    return this.act(res, p, id, 'acceptTransfer', { type: 'acceptTransfer', transferId: tid }, ifMatch, key);
  }

  @Post(':id/close')
  @Can('case.act')
  @HttpCode(200)
  @ApiOperation({ summary: 'Request closure (caseworker of the holder); closes at once where the policy needs no approval' })
  @ApiHeader({ name: 'If-Match', required: true })
  close(
    @CurrentPrincipal() p: Principal,
    @Param('id', caseId) id: string,
    @Body() dto: ReasonDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CaseView> {
    return this.act(res, p, id, 'requestClosure', { type: 'requestClosure', requestId: randomUUID(), reason: dto.reason }, ifMatch, key);
  }

  @Post(':id/close/:rid/approve')
  @Can('case.act')
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve a closure request (supervisor of the holder, not the requester)' })
  @ApiHeader({ name: 'If-Match', required: true })
  approveClosure(
    @CurrentPrincipal() p: Principal,
    @Param('id', caseId) id: string,
    @Param('rid', requestId) rid: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CaseView> {
    return this.act(res, p, id, 'approveClosure', { type: 'approveClosure', requestId: rid }, ifMatch, key);
  }

  @Post(':id/reopen')
  @Can('case.act')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reopen a closed case (caseworker or supervisor of the holder)' })
  @ApiHeader({ name: 'If-Match', required: true })
  reopen(
    @CurrentPrincipal() p: Principal,
    @Param('id', caseId) id: string,
    @Body() dto: ReasonDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CaseView> {
    return this.act(res, p, id, 'reopen', { type: 'reopen', reason: dto.reason }, ifMatch, key);
  }
}
