import { Body, Controller, Headers, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../http/openapi';
import { CONFIG } from '../config/config';
import { Can, CurrentPrincipal } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import type { AppConfig } from '../config/config';
import { unprocessable } from '../http/problem';
import { CodecService } from './codec.service';
import { jsonPayloadOf, MAX_PAYLOADS_PER_REQUEST, payloadsOf, type JsonPayload } from './codec-request';

/** Temporal's remote codec protocol: proto3 JSON of Payloads (metadata values and data in base64). */
const PAYLOADS_SCHEMA = {
  type: 'object',
  required: ['payloads'],
  additionalProperties: false,
  properties: {
    payloads: {
      type: 'array',
      maxItems: MAX_PAYLOADS_PER_REQUEST,
      items: {
        type: 'object',
        additionalProperties: false,
        properties: {
          metadata: { type: 'object', additionalProperties: { type: 'string', format: 'byte' }, nullable: true },
          data: { type: 'string', format: 'byte', nullable: true },
        },
      },
    },
  },
};

/**
 * Temporal's remote codec server, for the Temporal UI and CLI (`--codec-endpoint <api>/v1/codec`).
 * Decode only: nobody acts on a case through Temporal (the API is the only door), so nobody needs
 * the UI to encrypt a signal or a start input.
 */
@ApiTags('temporal codec')
@ApiBearerAuth()
@Controller('v1/codec')
export class CodecController {
  constructor(
    @Inject(CONFIG) private readonly config: AppConfig,
    private readonly codec: CodecService,
  ) {}

  @Post('decode')
  @HttpCode(200)
  @Can('payload.decode')
  @ApiOperation({
    summary:
      'Decrypt Temporal payloads for the Temporal UI (auditors, supervisors): only payloads of cases in your scope; others come back still encrypted. Every call is in the access log',
  })
  @ApiHeader({ name: 'X-Namespace', required: false, description: 'the Temporal namespace the payloads come from' })
  @ApiBody({ schema: PAYLOADS_SCHEMA })
  @ApiOkResponse({
    description: 'the payloads in the same order: decrypted where they are of cases in your scope, else as sent',
    schema: PAYLOADS_SCHEMA,
  })
  @ApiProblems(422)
  async decode(
    @CurrentPrincipal() principal: Principal,
    @Headers('x-namespace') namespace: string | undefined,
    @Body() body: unknown,
  ): Promise<{ payloads: JsonPayload[] }> {
    const served = this.config.temporal.namespace;
    if (namespace !== undefined && namespace !== served) {
      throw unprocessable([{ field: 'X-Namespace', message: `must be ${served}, the namespace these keys belong to` }], 'Unknown namespace.');
    }
    const { payloads } = await this.codec.decode(principal, payloadsOf(body), served);
    return { payloads: payloads.map(jsonPayloadOf) };
  }
}
