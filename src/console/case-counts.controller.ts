import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Can, CurrentPrincipal } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { isDivisionCode, isWithin, levelOf, significantPrefix, subtreeRange } from '../domain';
import { badRequest, notFound } from '../http/problem';
import { ScopedDb } from '../persistence/scoped-db';

/** Significant digits of the level below (the units a dashboard row stands for). */
const CHILD_PREFIX = { province: 4, city: 6, county: 9, township: 12, village: 12 } as const;

export class CaseCountRow {
  @ApiProperty({ description: 'the child unit holding the cases (or the unit itself)', example: '330106002000' }) unit: string;
  @ApiProperty({ example: 'open' }) status: string;
  @ApiProperty() cases: number;
  @ApiProperty({ description: 'past a deadline, or flagged overdue' }) overdue: number;
  @ApiProperty({ description: 'risk critical' }) critical: number;
}

export class CaseCounts {
  @ApiProperty() division: string;
  @ApiProperty({ type: [CaseCountRow] }) rows: CaseCountRow[];
}

/**
 * A supervisor's dashboard (the console): how many cases each child unit of a division holds, by
 * status, with overdue and critical counts. Numbers only — no case content, so no read is logged;
 * the drill-down (GET /v1/cases?division=&status=) is the read.
 */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('v1/case-counts')
export class CaseCountsController {
  constructor(private readonly scoped: ScopedDb) {}

  @Get()
  @Can('case.read')
  @ApiOperation({ summary: 'Case counts per child unit × status in your subtree (overdue, critical)' })
  @ApiQuery({ name: 'division', required: false, description: 'a unit in your scope (default: your own)' })
  @ApiOkResponse({ type: CaseCounts })
  async counts(@CurrentPrincipal() principal: Principal, @Query('division') division: string | undefined): Promise<CaseCounts> {
    const unit = division ?? principal.division;
    if (!/^\d{12}$/.test(unit) || !isDivisionCode(unit)) throw badRequest([{ field: 'division', message: 'must be a 12-digit division code' }]);
    if (!isWithin(principal.division, unit)) throw notFound('division');
    const [low, high] = subtreeRange(unit);
    const childDigits = CHILD_PREFIX[levelOf(unit)];
    const own = significantPrefix(unit).length;
    const rows: { unit: string; status: string; cases: string; overdue: string; critical: string }[] = await this.scoped.read(principal, (db) =>
      db.query(
        `SELECT CASE WHEN $3::int <= $4::int OR holder = $5 THEN $5 ELSE rpad(substr(holder, 1, $3), 12, '0') END AS unit,
                status,
                count(*) AS cases,
                count(*) FILTER (WHERE overdue OR coalesce(deadline < now(), false)) AS overdue,
                count(*) FILTER (WHERE risk = 'critical') AS critical
           FROM cases
          WHERE holder BETWEEN $1 AND $2
          GROUP BY 1, 2
          ORDER BY 1, 2`,
        [low, high, childDigits, own, unit],
      ),
    );
    return {
      division: unit,
      rows: rows.map((r) => ({ unit: r.unit, status: r.status, cases: Number(r.cases), overdue: Number(r.overdue), critical: Number(r.critical) })),
    };
  }
}
