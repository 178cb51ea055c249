import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { lastPublishedYear } from '../domain';
import { Metrics } from '../metrics/metrics';
import { openCasesWithDeadlineFrom } from '../metrics/case-gauges.repository';
import { PoliciesService } from '../policies/policies.service';

// Is the working-day calendar of the current policy published for the deadlines being computed?
// Deadlines past its last published year rest on a provisional (or missing) arrangement: they are
// estimates until the State Council's notice for that year is entered (issue 13 §3). Reported in
// the readiness detail and as gauges; never a reason to be unready.

export interface CalendarStatus {
  lastPublishedYear: number | null;
  provisionalYears: number[];
  /** Open cases whose next deadline lies past the last published year. */
  openDeadlinesPastPublished: number;
  warning: string | null;
}

@Injectable()
export class CalendarStatusService {
  constructor(
    private readonly db: DataSource,
    private readonly policies: PoliciesService,
    private readonly metrics: Metrics,
  ) {}

  async status(): Promise<CalendarStatus> {
    const { calendar } = await this.policies.current();
    const last = lastPublishedYear(calendar);
    const provisionalYears = (calendar.years ?? []).filter((y) => y.provisional).map((y) => y.year);
    // 1 January of the first unpublished year, 00:00 China time.
    const from = last === null ? '1970-01-01T00:00:00Z' : `${last + 1}-01-01T00:00:00+08:00`;
    const past = await openCasesWithDeadlineFrom(this.db, new Date(from).toISOString());
    this.metrics.calendarPastPublished.set(past);
    this.metrics.calendarLastPublishedYear.set(last ?? 0);
    const warning =
      past > 0
        ? `${past} open case deadline(s) fall after ${last ?? 'any published year'}: computed on a provisional calendar${provisionalYears.length ? ` (${provisionalYears.join(', ')})` : ''} until the State Council's notice is entered`
        : null;
    return { lastPublishedYear: last, provisionalYears, openDeadlinesPastPublished: past, warning };
  }
}
