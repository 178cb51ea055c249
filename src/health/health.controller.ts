import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { TEMPORAL_CLIENT } from '../app/tokens';
import { Public } from '../auth/auth.decorators';

const within = <T>(ms: number, work: Promise<T>): Promise<T> =>
  Promise.race([work, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref())]);

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
        try {
          await within(2000, this.db.query('SELECT 1'));
          return check.up();
        } catch {
          return check.down();
        }
      },
      async () => {
        const check = this.indicator.check('temporal');
        try {
          await within(2000, this.temporal.connection.workflowService.getSystemInfo({}));
          return check.up();
        } catch {
          return check.down();
        }
      },
    ]);
  }
}
