import { Body, Controller, Headers, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../http/openapi';
import { AccessLog } from '../access-log/access-log.service';
import { CONFIG } from '../config/config';
import { Can, CurrentPrincipal } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import type { AppConfig } from '../config/config';
import { unprocessable } from '../http/problem';
import { PayloadDecryptionError, PayloadEncryptionCodec } from '../temporal/payload-codec';
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
  private readonly codec: PayloadEncryptionCodec;

  constructor(
    @Inject(CONFIG) private readonly config: AppConfig,
    private readonly accessLog: AccessLog,
  ) {
    this.codec = new PayloadEncryptionCodec(config.payloadCodec);
  }

  @Post('decode')
  @HttpCode(200)
  @Can('payload.decode')
  @ApiOperation({ summary: 'Decrypt Temporal payloads for the Temporal UI (auditors, supervisors); every call is in the access log' })
  @ApiHeader({ name: 'X-Namespace', required: false, description: 'the Temporal namespace the payloads come from' })
  @ApiBody({ schema: PAYLOADS_SCHEMA })
  @ApiOkResponse({ description: 'the payloads decrypted, in the same order', schema: PAYLOADS_SCHEMA })
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
    const payloads = payloadsOf(body);
    const decoded = await Promise.all(
      payloads.map((payload, i) =>
        this.codec.decode([payload]).catch((e: unknown) => {
          if (e instanceof PayloadDecryptionError) {
            throw unprocessable([{ field: `payloads[${i}]`, message: 'could not be decrypted' }], 'A payload could not be decrypted.');
          }
          throw e;
        }),
      ),
    );
    // Recorded before anything decrypted leaves: a decode that cannot be logged is not answered.
    await this.accessLog.record(principal, 'payload.decode', null, { namespace: served, payloads: payloads.length });
    return { payloads: decoded.map(([payload]) => jsonPayloadOf(payload)) };
  }
}
