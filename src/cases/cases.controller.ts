import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Can, CurrentPrincipal } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { badRequest, notFound } from '../http/problem';
import { CaseView } from './case-view';
import { CasesService } from './cases.service';
import { OpenCaseDto } from './open-case.dto';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{8,128}$/;
const caseId = new ParseUUIDPipe({ exceptionFactory: () => notFound('case') });

@ApiTags('cases')
@ApiBearerAuth()
@Controller('v1/cases')
export class CasesController {
  constructor(private readonly cases: CasesService) {}

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
    if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
      throw badRequest([{ field: 'Idempotency-Key', message: 'must be 8–128 characters of letters, digits, . _ : -' }]);
    }
    const outcome = await this.cases.open(principal, dto, key ?? null);
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
}
