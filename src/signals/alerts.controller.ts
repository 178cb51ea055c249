import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Can, CurrentPrincipal } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ApiProblems } from '../http/openapi';
import { notFound } from '../http/problem';
import { AlertCaseOpened, AlertList, AlertsQuery, AlertView, DismissAlertDto, OpenCaseFromAlertDto } from './alerts.dto';
import { AlertsService } from './alerts.service';

const alertId = new ParseUUIDPipe({ exceptionFactory: () => notFound('alert') });

@ApiTags('alerts')
@ApiBearerAuth()
@Controller('v1/alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  @Get()
  @Can('alert.read')
  @ApiOperation({ summary: 'Alerts for your village or township to verify, soonest deadline first (in your scope only)' })
  @ApiOkResponse({ type: AlertList })
  @ApiProblems(422)
  async list(@CurrentPrincipal() principal: Principal, @Query() query: AlertsQuery): Promise<AlertList> {
    return { items: await this.alerts.queue(principal, query.status ?? 'open', query.limit ?? 100) };
  }

  @Post(':id/dismiss')
  @Can('alert.act')
  @HttpCode(200)
  @ApiOperation({ summary: 'Dismiss an alert after verifying it, with a reason (the alert’s village or township)' })
  @ApiOkResponse({ type: AlertView })
  @ApiProblems(404, 409, 422)
  dismiss(@CurrentPrincipal() principal: Principal, @Param('id', alertId) id: string, @Body() dto: DismissAlertDto): Promise<AlertView> {
    return this.alerts.dismiss(principal, id, dto.reason);
  }

  @Post(':id/open-case')
  @Can('alert.act')
  @HttpCode(201)
  @ApiOperation({ summary: 'Open a case from an alert in your unit: CaseOpened names the signal' })
  @ApiCreatedResponse({ type: AlertCaseOpened })
  @ApiProblems(404, 409, 422)
  openCase(@CurrentPrincipal() principal: Principal, @Param('id', alertId) id: string, @Body() dto: OpenCaseFromAlertDto): Promise<AlertCaseOpened> {
    return this.alerts.openCase(principal, id, dto);
  }
}
