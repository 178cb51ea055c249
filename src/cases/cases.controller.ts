import {
  applyDecorators,
  Body,
  Controller,
  createParamDecorator,
  Get,
  Headers,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Res,
  type ExecutionContext,
} from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Can, CurrentPrincipal } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import type { PeopleCommand } from '../../workflows/case.messages';
import { ApiProblems, ETAG_HEADER, LOCATION_HEADER } from '../http/openapi';
import { badRequest, notFound, Problem } from '../http/problem';
import { AssessmentDto, DecisionDto, FollowUpDto, NoteDto, ReasonDto, TransferDto } from './case-command.dto';
import { CaseListQuery } from './case-list.query';
import { CaseQueries, type CasePage } from './case-queries.service';
import { CasePageView, CaseView, OpeningView } from './case-view';
import { CasesService } from './cases.service';
import { commandIdFor } from './command-ids';
import { OpenCaseDto } from './open-case.dto';
import { ReferDto } from '../referrals/referrals.dto';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{8,128}$/;
export const IF_MATCH = /^(?:W\/)?"?(\d{1,9})"?$/;
const RequestIdParam = (name: string) => ApiParam({ name, format: 'uuid', description: 'the request id (from the case, or the approvals inbox)' });
const IDEMPOTENCY_KEY_DOC =
  '8–128 of A–Z a–z 0–9 . _ : -. Same key + same body → the first answer, applied once (also after the workflow continued as new); same key + another body → 422';
export const caseId = new ParseUUIDPipe({ exceptionFactory: () => notFound('case') });
const requestId = new ParseUUIDPipe({ exceptionFactory: () => notFound('request') });

function idempotencyKey(key: string | undefined): string | null {
  if (key === undefined) return null;
  if (!IDEMPOTENCY_KEY.test(key)) throw badRequest([{ field: 'Idempotency-Key', message: 'must be 8–128 characters of letters, digits, . _ : -' }]);
  return key;
}

/** `If-Match: "7"` → 7. Every mutating call on a case must say which version it saw. */
export function expectedVersion(ifMatch: string | undefined): number {
  if (ifMatch === undefined) {
    throw new Problem(HttpStatus.PRECONDITION_REQUIRED, 'Precondition required', {
      detail: 'Send If-Match with the version (ETag) you last read.',
      errors: [{ field: 'If-Match', message: 'is required' }],
    });
  }
  const m = IF_MATCH.exec(ifMatch.trim());
  if (!m) throw badRequest([{ field: 'If-Match', message: 'must be the case version as an ETag, e.g. "3"' }]);
  return Number(m[1]);
}

/** A command on a case: POST, any role that may act (the core decides the rest), 200 with the case. */
export function CommandRoute(path: string, summary: string) {
  return applyDecorators(
    Post(path),
    Can('case.act'),
    HttpCode(200),
    ApiOperation({ summary }),
    ApiParam({ name: 'id', format: 'uuid', description: 'the case id' }),
    ApiHeader({
      name: 'If-Match',
      required: true,
      description: 'the ETag (version) you last read, e.g. "3"',
      schema: { type: 'string', pattern: IF_MATCH.source },
    }),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: IDEMPOTENCY_KEY_DOC,
      schema: { type: 'string', pattern: IDEMPOTENCY_KEY.source },
    }),
    ApiResponse({
      status: 200,
      type: CaseView,
      description: 'the case after the command, its event durably recorded',
      headers: { ETag: ETAG_HEADER },
    }),
    ApiProblems(404, 409, 422, 428),
  );
}

/** Who sends a command, which version they saw, their retry key, and where the ETag goes. */
export interface CommandCall {
  principal: Principal;
  ifMatch: string | undefined;
  key: string | null;
  res: Response;
  /** The id of what the command creates (a request, a transfer): the same for a retry with the same key. */
  newId(): string;
}

export const Call = createParamDecorator((_: unknown, ctx: ExecutionContext): CommandCall => {
  const req = ctx.switchToHttp().getRequest<Request & { principal: Principal }>();
  const header = (name: string) => (typeof req.headers[name] === 'string' ? req.headers[name] : undefined);
  const key = idempotencyKey(header('idempotency-key'));
  return {
    principal: req.principal,
    ifMatch: header('if-match'),
    key,
    res: ctx.switchToHttp().getResponse<Response>(),
    newId: () => commandIdFor(req.principal.id, key),
  };
});

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
  @ApiResponse({ status: 200, type: CasePageView })
  @ApiProblems(422)
  list(@CurrentPrincipal() principal: Principal, @Query() query: CaseListQuery): Promise<CasePage> {
    return this.queries.list(principal, query);
  }

  @Post()
  @Can('case.open')
  @HttpCode(201)
  @ApiOperation({ summary: 'Open a case in your unit' })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: IDEMPOTENCY_KEY_DOC,
    schema: { type: 'string', pattern: IDEMPOTENCY_KEY.source },
  })
  @ApiResponse({
    status: 201,
    type: CaseView,
    description: 'CaseOpened is durably recorded',
    headers: { Location: LOCATION_HEADER, ETag: ETAG_HEADER },
  })
  @ApiResponse({
    status: 202,
    type: OpeningView,
    description: 'accepted; the workflow opens the case once a worker takes it: poll Location, or retry with the same Idempotency-Key',
    headers: { Location: LOCATION_HEADER, 'Retry-After': { description: 'seconds', schema: { type: 'integer' } } },
  })
  @ApiProblems(409, 422)
  async open(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: OpenCaseDto,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CaseView | OpeningView> {
    const outcome = await this.cases.open(principal, dto, idempotencyKey(key));
    if (outcome.status !== 201) {
      res.status(202).location(`/v1/cases/${outcome.caseId}`).setHeader('Retry-After', '2');
      return { id: outcome.caseId, status: 'opening' };
    }
    res.location(`/v1/cases/${outcome.view.id}`).setHeader('ETag', `"${outcome.view.version}"`);
    return outcome.view;
  }

  @Get(':id')
  @Can('case.read')
  @ApiOperation({ summary: 'A case in your scope' })
  @ApiParam({ name: 'id', format: 'uuid', description: 'the case id' })
  @ApiResponse({ status: 200, type: CaseView, headers: { ETag: ETAG_HEADER } })
  @ApiProblems(404)
  async get(@CurrentPrincipal() principal: Principal, @Param('id', caseId) id: string, @Res({ passthrough: true }) res: Response): Promise<CaseView> {
    const view = await this.cases.get(principal, id);
    res.setHeader('ETag', `"${view.version}"`);
    return view;
  }

  // Commands. Each answers 200 with the case as it is after the command, and its new ETag.

  private async act(call: CommandCall, id: string, command: PeopleCommand): Promise<CaseView> {
    const view = await this.cases.command(call.principal, id, command, expectedVersion(call.ifMatch), call.key);
    call.res.setHeader('ETag', `"${view.version}"`);
    return view;
  }

  @CommandRoute(':id/assessments', 'Record an assessment (caseworker of the holder)')
  assess(@Call() call: CommandCall, @Param('id', caseId) id: string, @Body() dto: AssessmentDto): Promise<CaseView> {
    return this.act(call, id, {
      type: 'assess',
      risk: dto.risk ?? null,
      findings: dto.findings,
      householdSize: dto.householdSize ?? null,
      monthlyAmount: dto.monthlyAmount ?? null,
      ...(dto.incomeVolatile !== undefined ? { incomeVolatile: dto.incomeVolatile } : {}),
      ...(dto.memberAbleToWork !== undefined ? { memberAbleToWork: dto.memberAbleToWork } : {}),
    });
  }

  @CommandRoute(':id/referrals', 'Refer the case to a service provider, with the consent recorded (caseworker of the holder)')
  refer(@Call() call: CommandCall, @Param('id', caseId) id: string, @Body() dto: ReferDto): Promise<CaseView> {
    const consent = { givenBy: dto.consent.givenBy, method: dto.consent.method };
    return this.act(call, id, {
      type: 'refer',
      referralId: call.newId(),
      providerId: dto.providerId,
      service: dto.service,
      purpose: dto.purpose,
      consent,
    });
  }

  @CommandRoute(':id/notes', 'Add a note (caseworker or supervisor of the holder)')
  note(@Call() call: CommandCall, @Param('id', caseId) id: string, @Body() dto: NoteDto): Promise<CaseView> {
    return this.act(call, id, { type: 'addNote', text: dto.text });
  }

  @CommandRoute(':id/escalations', 'Request escalation to the next level (caseworker of the holder)')
  requestEscalation(@Call() call: CommandCall, @Param('id', caseId) id: string, @Body() dto: ReasonDto): Promise<CaseView> {
    return this.act(call, id, { type: 'requestEscalation', requestId: call.newId(), reason: dto.reason });
  }

  @CommandRoute(':id/escalations/:rid/approve', "Approve an escalation request (supervisor of the next level's unit, not the requester)")
  @RequestIdParam('rid')
  approveEscalation(@Call() call: CommandCall, @Param('id', caseId) id: string, @Param('rid', requestId) rid: string): Promise<CaseView> {
    return this.act(call, id, { type: 'approveEscalation', requestId: rid });
  }

  @CommandRoute(':id/escalations/:rid/reject', "Reject an escalation request (supervisor of the next level's unit)")
  @RequestIdParam('rid')
  rejectEscalation(
    @Call() call: CommandCall,
    @Param('id', caseId) id: string,
    @Param('rid', requestId) rid: string,
    @Body() dto: ReasonDto,
  ): Promise<CaseView> {
    return this.act(call, id, { type: 'rejectEscalation', requestId: rid, reason: dto.reason });
  }

  @CommandRoute(':id/return', 'Send the case back down one level (supervisor of the holder)')
  returnCase(@Call() call: CommandCall, @Param('id', caseId) id: string, @Body() dto: ReasonDto): Promise<CaseView> {
    return this.act(call, id, { type: 'return', reason: dto.reason });
  }

  @CommandRoute(
    ':id/decision',
    "Record a decision (supervisor of the holder, where the policy gives the holder's level authority; else 403 naming the level)",
  )
  decision(@Call() call: CommandCall, @Param('id', caseId) id: string, @Body() dto: DecisionDto): Promise<CaseView> {
    return this.act(call, id, {
      type: 'decide',
      outcome: dto.outcome,
      benefit: dto.benefit ?? null,
      monthlyAmount: dto.monthlyAmount ?? null,
      reason: dto.reason,
    });
  }

  @CommandRoute(':id/follow-ups', 'Record a visit or review (caseworker of the holder)')
  followUp(@Call() call: CommandCall, @Param('id', caseId) id: string, @Body() dto: FollowUpDto): Promise<CaseView> {
    return this.act(call, id, { type: 'followUp', kind: dto.kind, notes: dto.notes });
  }

  @CommandRoute(':id/transfers', 'Transfer to another unit at the same level (caseworker of the holder)')
  requestTransfer(@Call() call: CommandCall, @Param('id', caseId) id: string, @Body() dto: TransferDto): Promise<CaseView> {
    return this.act(call, id, { type: 'requestTransfer', transferId: call.newId(), to: dto.to, reason: dto.reason });
  }

  @CommandRoute(':id/transfers/:tid/accept', 'Accept a transfer (supervisor of the receiving unit)')
  @RequestIdParam('tid')
  acceptTransfer(@Call() call: CommandCall, @Param('id', caseId) id: string, @Param('tid', requestId) tid: string): Promise<CaseView> {
    return this.act(call, id, { type: 'acceptTransfer', transferId: tid });
  }

  @CommandRoute(':id/close', 'Request closure (caseworker of the holder); closes at once where the policy needs no approval')
  close(@Call() call: CommandCall, @Param('id', caseId) id: string, @Body() dto: ReasonDto): Promise<CaseView> {
    return this.act(call, id, { type: 'requestClosure', requestId: call.newId(), reason: dto.reason });
  }

  @CommandRoute(':id/close/:rid/approve', 'Approve a closure request (supervisor of the holder, not the requester)')
  @RequestIdParam('rid')
  approveClosure(@Call() call: CommandCall, @Param('id', caseId) id: string, @Param('rid', requestId) rid: string): Promise<CaseView> {
    return this.act(call, id, { type: 'approveClosure', requestId: rid });
  }

  @CommandRoute(':id/reopen', 'Reopen a closed case (caseworker or supervisor of the holder)')
  reopen(@Call() call: CommandCall, @Param('id', caseId) id: string, @Body() dto: ReasonDto): Promise<CaseView> {
    return this.act(call, id, { type: 'reopen', reason: dto.reason });
  }
}
