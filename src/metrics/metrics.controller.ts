import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators';
import { CalendarStatusService } from '../health/calendar-status';
import { Metrics } from './metrics';

@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: Metrics,
    private readonly calendar: CalendarStatusService,
  ) {}

  @Get()
  @Public()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  async scrape(): Promise<string> {
    // The calendar gauges are read when scraped (a database down leaves their last values).
    await this.calendar.status().catch(() => null);
    return this.metrics.registry.metrics();
  }
}
