import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Can, CurrentPrincipal } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import type { Policy } from '../domain';
import { PoliciesService } from './policies.service';

@ApiTags('policies')
@ApiBearerAuth()
@Controller('v1/policies')
export class PoliciesController {
  constructor(private readonly policies: PoliciesService) {}

  @Get('current')
  @Can('policy.read')
  @ApiOperation({ summary: 'The policy new cases are opened under' })
  current(): Promise<Policy> {
    return this.policies.current();
  }

  @Post()
  @Can('policy.publish')
  @HttpCode(201)
  @ApiOperation({ summary: 'Publish a new policy version (admin). Cases in flight keep the version they were opened under.' })
  @ApiBody({ description: 'a complete policy document; see GET /v1/policies/current for the shape' })
  publish(@CurrentPrincipal() principal: Principal, @Body() document: unknown): Promise<Policy> {
    return this.policies.publish(document, principal.id);
  }
}
