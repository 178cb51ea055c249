import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../http/openapi';
import { Can, CurrentPrincipal } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import type { Policy } from '../domain';
import { PoliciesService } from './policies.service';

/** A policy document (validated by the core's validatePolicy; errors name the JSON path). */
const POLICY_SCHEMA = { type: 'object', required: ['version'], properties: { version: { type: 'string' } }, additionalProperties: true };

@ApiTags('policies')
@ApiBearerAuth()
@Controller('v1/policies')
export class PoliciesController {
  constructor(private readonly policies: PoliciesService) {}

  @Get('current')
  @Can('policy.read')
  @ApiOperation({ summary: 'The policy new cases are opened under' })
  @ApiOkResponse({ description: 'the policy document', schema: POLICY_SCHEMA })
  current(): Promise<Policy> {
    return this.policies.current();
  }

  // Declared after `current`, so /v1/policies/current stays the current policy.
  @Get(':version')
  @Can('policy.read')
  @ApiOperation({
    summary: 'One policy version, e.g. the one a case is pinned to (its policyVersion): deciding levels, amount thresholds, dibao lines',
  })
  @ApiParam({ name: 'version', example: '2026.1' })
  @ApiOkResponse({ description: 'the policy document, the same shape as GET /v1/policies/current', schema: POLICY_SCHEMA })
  @ApiProblems(404)
  byVersion(@Param('version') version: string): Promise<Policy> {
    return this.policies.byVersion(version);
  }

  @Post()
  @Can('policy.publish')
  @HttpCode(201)
  @ApiOperation({ summary: 'Publish a new policy version (admin). Cases in flight keep the version they were opened under.' })
  @ApiBody({ description: 'a complete policy document; see GET /v1/policies/current for the shape', schema: POLICY_SCHEMA })
  @ApiCreatedResponse({ description: 'the policy as published', schema: POLICY_SCHEMA })
  @ApiProblems(409, 422)
  publish(@CurrentPrincipal() principal: Principal, @Body() document: unknown): Promise<Policy> {
    return this.policies.publish(document, principal.id);
  }
}
