import { Controller, Get, HttpStatus, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { TEMPORAL_CLIENT } from '../temporal/temporal-client';
import { within } from '../common/within';
import { Public } from '../auth/auth.decorators';
import { Metrics } from '../metrics/metrics';
import { Problem } from '../http/problem';
import { HttpDrain } from '../http/drain';
import { pingDatabase } from './health.repository';

/** Up when the probe answers within 2 s. */
async function answers(probe: () => Promise<unknown>): Promise<boolean> {
  try {
    return (await within(probe(), 2000)).settled;
  } catch {
    return false;
  }
}

// Operations endpoints, like /metrics, are not part of the API's document.
@ApiExcludeController()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    private readonly db: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly metrics: Metrics,
    private readonly drain: HttpDrain,
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
  async ready() {
    if (this.drain.draining) {
      throw new Problem(HttpStatus.SERVICE_UNAVAILABLE, 'Not ready', { detail: 'Not ready: shutting down.' }, { 'Retry-After': '5' });
    }
    try {
      return await this.checks();
    } catch (e) {
      if (!(e instanceof ServiceUnavailableException)) throw e;
      const { details } = e.getResponse() as { details?: Record<string, { status: string }> };
      const down = Object.entries(details ?? {})
        .filter(([, c]) => c.status !== 'up')
        .map(([name]) => name);
      throw new Problem(
        HttpStatus.SERVICE_UNAVAILABLE,
        'Not ready',
        { detail: `Not ready: ${down.join(', ')} down.`, checks: details },
        { 'Retry-After': '5' },
      );
    }
  }

  private checks() {
    return this.health.check([
      async () => {
        const check = this.indicator.check('postgres');
        return (await this.probe('postgres', () => pingDatabase(this.db))) ? check.up() : check.down();
      },
      async () => {
        const check = this.indicator.check('temporal');
        const probe = () => this.temporal.withDeadline(Date.now() + 2000, () => this.temporal.connection.workflowService.getSystemInfo({}));
        return (await this.probe('temporal', probe)) ? check.up() : check.down();
      },
    ]);
  }
}
