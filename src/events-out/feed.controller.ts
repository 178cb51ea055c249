import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Can, CurrentPrincipal } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ApiProblems } from '../http/openapi';
import { outboxEventsAfter, OUTBOX_START } from '../persistence/outbox.repository';
import { ScopedDb } from '../persistence/scoped-db.repository';
import { FeedPage, FeedQuery } from './feed.dto';

/** Events out over HTTP: the outbox as a cursor feed, in the caller's scope. */
@ApiTags('events')
@ApiBearerAuth()
@Controller('v1/feed')
export class FeedController {
  constructor(private readonly scoped: ScopedDb) {}

  @Get()
  @Can('feed.read')
  @ApiOperation({
    summary:
      'Committed case events after a cursor, personal data removed (subject reference only), in order within each case. ' +
      'At least once: dedup by eventId.',
  })
  @ApiOkResponse({ type: FeedPage })
  @ApiProblems(422)
  async page(@CurrentPrincipal() principal: Principal, @Query() query: FeedQuery): Promise<FeedPage> {
    const [txId, position] = query.after ? query.after.split('.') : [OUTBOX_START.txId, OUTBOX_START.position];
    const rows = await this.scoped.read(principal, (db) => outboxEventsAfter(db, { txId, position }, query.limit ?? 200));
    const last = rows.at(-1)?.cursor;
    return {
      items: rows.map((r) => ({ ...r.event, subject: r.subject })),
      next: last ? `${last.txId}.${last.position}` : (query.after ?? `${txId}.${position}`),
    };
  }
}
