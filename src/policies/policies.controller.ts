import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../http/openapi';
import { Can, CurrentPrincipal } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import type { Policy, Provenance } from '../domain';
import { DivisionCode } from '../http/fields';
import { PoliciesService } from './policies.service';

/** A policy document (validated by the core's validatePolicy; errors name the JSON path). */
const POLICY_SCHEMA = { type: 'object', required: ['version'], properties: { version: { type: 'string' } }, additionalProperties: true };

export class PolicyQuery {
  @DivisionCode({ optional: true, doc: { description: 'the unit whose resolved policy to show' } }) division?: string;
}

/** GET /v1/policies/current?division=: the resolved policy and the provenance of each value. */
const RESOLVED_SCHEMA = {
  type: 'object',
  required: ['division', 'policy', 'provenance'],
  properties: {
    division: { type: 'string' },
    policy: POLICY_SCHEMA,
    provenance: { type: 'object', additionalProperties: { type: 'object', required: ['basis'], properties: { basis: { type: 'string' } } } },
  },
};

@ApiTags('policies')
@ApiBearerAuth()
@Controller('v1/policies')
export class PoliciesController {
  constructor(private readonly policies: PoliciesService) {}

  @Get('current')
  @Can('policy.read')
  @ApiOperation({
    summary:
      'The policy new cases are opened under. With ?division=, the policy resolved for that unit (its province, city and county overrides applied) and where each value came from (law with its article, default, local practice, or an override with its citation)',
  })
  @ApiQuery({ name: 'division', required: false, description: '12-digit division code of the unit a case would be opened at' })
  @ApiOkResponse({
    description: 'the policy document; with ?division=, { division, policy, provenance }',
    schema: { oneOf: [POLICY_SCHEMA, RESOLVED_SCHEMA] },
  })
  @ApiProblems(400, 422)
  current(@Query() query: PolicyQuery): Promise<Policy | { division: string; policy: Policy; provenance: Record<string, Provenance> }> {
    return query.division === undefined ? this.policies.current() : this.policies.currentFor(query.division);
  }

  // Declared after `current`, so /v1/policies/current stays the current policy.
  @Get(':version')
  @Can('policy.read')
  @ApiOperation({
    summary: 'One policy version, e.g. the one a case is pinned to (its policyVersion): deciding levels, amount thresholds, dibao lines',
  })
  @ApiParam({ name: 'version', example: '2026.2' })
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
