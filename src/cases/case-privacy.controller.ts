import { Body, Controller, Headers, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Can, CurrentPrincipal } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { badRequest, notFound } from '../http/problem';
import { Text } from '../http/fields';
import { ApiProblems } from '../http/openapi';
import { CaseView } from './case-view';
import { IF_MATCH } from './cases.controller';
import { CasesService, type LegalHoldAnswer, type UnmaskedCase } from './cases.service';

// Privacy on purpose (issue 12): a break-glass read of a case unmasked, and an admin's legal hold
// that keeps a closed case's data past its retention. Each needs a reason.

const caseId = new ParseUUIDPipe({ exceptionFactory: () => notFound('case') });

export class UnmaskDto {
  @Text(500, { doc: { description: 'why you need the unmasked data (recorded in the access log)', example: '公安机关协查函 2026-017' } })
  reason: string;
}

export class LegalHoldDto {
  @Text(2000, { doc: { description: 'why the data must be kept (or may go again)', example: '行政诉讼待决' } })
  reason: string;
}

export class UnmaskedEvent {
  @ApiProperty() caseId: string;
  @ApiProperty() seq: number;
  @ApiProperty() type: string;
  @ApiProperty({ type: Object, description: 'the event data, narratives opened' }) data: unknown;
  @ApiProperty() actor: string;
  @ApiProperty() occurredAt: string;
}

export class UnmaskedCaseView {
  @ApiProperty({ type: CaseView }) case: CaseView;
  @ApiProperty({ type: [UnmaskedEvent] }) events: UnmaskedEvent[];
}

export class LegalHoldStateView {
  @ApiProperty() placedBy: string;
  @ApiProperty() placedAt: string;
}

export class LegalHoldAnswerView {
  @ApiProperty() id: string;
  @ApiProperty() caseNumber: string;
  @ApiProperty() version: number;
  @ApiPropertyOptional({ type: LegalHoldStateView, nullable: true }) legalHold: LegalHoldStateView | null;
}

/** `If-Match` is optional here: a legal hold concerns the case's data, not its work. */
function optionalVersion(ifMatch: string | undefined): number | null {
  if (ifMatch === undefined) return null;
  const m = IF_MATCH.exec(ifMatch.trim());
  if (!m) throw badRequest([{ field: 'If-Match', message: 'must be the case version as an ETag, e.g. "3"' }]);
  return Number(m[1]);
}

@ApiTags('cases')
@ApiBearerAuth()
@Controller('v1')
export class CasePrivacyController {
  constructor(private readonly cases: CasesService) {}

  @Post('cases/:id/unmask')
  @Can('case.unmask')
  @HttpCode(200)
  @ApiOperation({ summary: 'Break-glass: the case and its events unmasked, with a reason; the access is in the access log before anything is shown' })
  @ApiOkResponse({ type: UnmaskedCaseView })
  @ApiProblems(404)
  unmask(@CurrentPrincipal() principal: Principal, @Param('id', caseId) id: string, @Body() dto: UnmaskDto): Promise<UnmaskedCase> {
    return this.cases.unmasked(principal, id, dto.reason);
  }

  @Post('case-numbers/:caseNumber/legal-hold')
  @Can('case.legal-hold')
  @HttpCode(200)
  @ApiOperation({ summary: "Place a legal hold (admin): the case's data is not destroyed when its retention ends" })
  @ApiHeader({ name: 'If-Match', required: false, description: 'the version, if you know it', schema: { type: 'string', pattern: IF_MATCH.source } })
  @ApiOkResponse({ type: LegalHoldAnswerView })
  @ApiProblems(404, 409, 422)
  place(
    @CurrentPrincipal() principal: Principal,
    @Param('caseNumber') caseNumber: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() dto: LegalHoldDto,
  ): Promise<LegalHoldAnswer> {
    return this.cases.legalHold(principal, caseNumber, { type: 'placeLegalHold', reason: dto.reason }, optionalVersion(ifMatch));
  }

  @Post('case-numbers/:caseNumber/legal-hold/release')
  @Can('case.legal-hold')
  @HttpCode(200)
  @ApiOperation({ summary: 'Release a legal hold (admin): the retention applies again' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'the version, if you know it', schema: { type: 'string', pattern: IF_MATCH.source } })
  @ApiOkResponse({ type: LegalHoldAnswerView })
  @ApiProblems(404, 409, 422)
  release(
    @CurrentPrincipal() principal: Principal,
    @Param('caseNumber') caseNumber: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() dto: LegalHoldDto,
  ): Promise<LegalHoldAnswer> {
    return this.cases.legalHold(principal, caseNumber, { type: 'releaseLegalHold', reason: dto.reason }, optionalVersion(ifMatch));
  }
}
