import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Can, CurrentPrincipal } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ApiProblems } from '../http/openapi';
import { notFound } from '../http/problem';
import { DeclineReferralDto, ProviderReferralList, ProviderReferralView, ReferralList, ReferralQuery, ServiceDeliveredDto } from './referrals.dto';
import { ReferralsService } from './referrals.service';

const referralId = new ParseUUIDPipe({ exceptionFactory: () => notFound('referral') });

/** The referring units' queue (in scope): which referrals wait on a provider, and which are overdue. */
@ApiTags('referrals')
@ApiBearerAuth()
@Controller('v1/referrals')
export class ReferralsController {
  constructor(private readonly referrals: ReferralsService) {}

  @Get()
  @Can('referral.read')
  @ApiOperation({ summary: 'Referrals of cases in your scope, soonest deadline first (overdue=true: unanswered past it)' })
  @ApiOkResponse({ type: ReferralList })
  @ApiProblems(422)
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ReferralQuery): Promise<ReferralList> {
    return { items: await this.referrals.unitQueue(principal, query.overdue === true, query.limit ?? 100) };
  }
}

/** A provider's side: its own referrals' minimum fields, and its answers. */
@ApiTags('referrals')
@ApiBearerAuth()
@Controller('v1/provider/referrals')
export class ProviderReferralsController {
  constructor(private readonly referrals: ReferralsService) {}

  @Get()
  @Can('referral.read-own')
  @ApiOperation({ summary: 'Referrals to you (service provider): the minimum fields only' })
  @ApiOkResponse({ type: ProviderReferralList })
  @ApiProblems(422)
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ReferralQuery): Promise<ProviderReferralList> {
    return { items: await this.referrals.providerQueue(principal, query.overdue === true) };
  }

  @Post(':id/accept')
  @Can('referral.respond')
  @HttpCode(200)
  @ApiOperation({ summary: 'Accept a referral made to you' })
  @ApiOkResponse({ type: ProviderReferralView })
  @ApiProblems(404, 409)
  accept(@CurrentPrincipal() principal: Principal, @Param('id', referralId) id: string): Promise<ProviderReferralView> {
    return this.referrals.respond(principal, { type: 'acceptReferral', referralId: id });
  }

  @Post(':id/decline')
  @Can('referral.respond')
  @HttpCode(200)
  @ApiOperation({ summary: 'Decline a referral made to you, with a reason' })
  @ApiOkResponse({ type: ProviderReferralView })
  @ApiProblems(404, 409, 422)
  decline(
    @CurrentPrincipal() principal: Principal,
    @Param('id', referralId) id: string,
    @Body() dto: DeclineReferralDto,
  ): Promise<ProviderReferralView> {
    return this.referrals.respond(principal, { type: 'declineReferral', referralId: id, reason: dto.reason });
  }

  @Post(':id/service-delivered')
  @Can('referral.respond')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record the service delivered on an accepted referral' })
  @ApiOkResponse({ type: ProviderReferralView })
  @ApiProblems(404, 409, 422)
  delivered(
    @CurrentPrincipal() principal: Principal,
    @Param('id', referralId) id: string,
    @Body() dto: ServiceDeliveredDto,
  ): Promise<ProviderReferralView> {
    return this.referrals.respond(principal, { type: 'recordServiceDelivered', referralId: id, notes: dto.notes });
  }
}
