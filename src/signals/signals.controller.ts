import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Can, CurrentPrincipal } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { SignalBatchDto, SignalBatchResult } from './signals.dto';
import { SignalsService } from './signals.service';

@ApiTags('signals')
@ApiBearerAuth()
@Controller('v1/signals')
export class SignalsController {
  constructor(private readonly signals: SignalsService) {}

  @Post()
  @Can('signal.submit')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'A batch of up to 10,000 monitoring signals from a department (source_system, within its scope). Each is checked on its own: ' +
      'a bad one is listed in `rejected` with its index, the rest are taken. Idempotent per (source, signalId).',
  })
  @ApiOkResponse({ type: SignalBatchResult })
  submit(@CurrentPrincipal() principal: Principal, @Body() dto: SignalBatchDto): Promise<SignalBatchResult> {
    return this.signals.ingest(principal, dto.signals);
  }
}
