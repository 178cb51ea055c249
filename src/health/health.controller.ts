import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { TEMPORAL_CLIENT } from '../temporal/temporal-client';
import { within } from '../common/within';
import { Public } from '../auth/auth.decorators';
import { Metrics } from '../metrics/metrics';
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
    private readonly metrics: Metrics,
  ) {}

  /** Each readiness probe's outcome is also a gauge (the alert on readiness reads it). */
  private async probe(dependency: 'postgres' | 'temporal', probe: () => Promise<unknown>): Promise<boolean> {
    const up = await answers(probe);
    this.metrics.dependencyUp.set({ dependency }, up ? 1 : 0);
    return up;
  }

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
        return (await this.probe('postgres', () => pingDatabase(this.db))) ? check.up() : check.down();
      },
      async () => {
        const check = this.indicator.check('temporal');
        return (await this.probe('temporal', () => this.temporal.connection.workflowService.getSystemInfo({}))) ? check.up() : check.down();
      },
    ]);
  }
}
