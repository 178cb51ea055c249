import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { TEMPORAL_CLIENT } from '../temporal/temporal-client';
import { within } from '../common/within';
import { Public } from '../auth/auth.decorators';
import { pingDatabase } from './health.repository';

/** Up when the probe answers within 2 s. */
async function answers(probe: () => Promise<unknown>): Promise<boolean> {
  try {
    return (await within(probe(), 2000)).settled;
  } catch {
    return false;
  }
}

@ApiTags('ops')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    private readonly db: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {}

  @Get('live')
  @Public()
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @Public()
  @HealthCheck()
  ready() {
    return this.health.check([
      async () => {
        const check = this.indicator.check('postgres');
        return (await answers(() => pingDatabase(this.db))) ? check.up() : check.down();
      },
      async () => {
        const check = this.indicator.check('temporal');
        return (await answers(() => this.temporal.connection.workflowService.getSystemInfo({}))) ? check.up() : check.down();
      },
    ]);
  }
}
