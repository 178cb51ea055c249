import type { DataSource } from 'typeorm';
import { fold } from '../domain';
import { readEvents, toCaseEvent } from '../audit/case-events.repository';
import { caseIdsWithEvents, deleteCaseRowsWithoutEventsIn, lockCaseWritesIn, upsertReadModel } from './case-store.repository';
import { projectReferralsIn } from './referrals.repository';

// `npm run rebuild-read-model`: the read model (`cases`, `referrals`) is derived data; the hash-chained event
// log is the record. Each case's row is replaced by the fold of its events, one transaction per
// case (under the same advisory lock the workflow's writes take), and rows no event backs go.
// Safe while the system runs: a workflow write that lands meanwhile is newer and wins.

export interface RebuildResult {
  cases: number;
  events: number;
  removed: number;
  ms: number;
}

export async function rebuildReadModel(db: DataSource): Promise<RebuildResult> {
  const started = Date.now();
  let events = 0;
  const ids = await caseIdsWithEvents(db);
  for (const caseId of ids) {
    await db.transaction(async (tx) => {
      await lockCaseWritesIn(tx, caseId);
      const rows = await readEvents(tx, caseId);
      const caseEvents = rows.map(toCaseEvent);
      const state = fold(caseEvents);
      if (!state) throw new Error(`case ${caseId}: its events do not fold to a case`);
      await upsertReadModel(tx, caseId, state, false);
      // The referrals projection (issue 14) is derived too. The events-out outbox is not: it records what was sent.
      await projectReferralsIn(tx, caseId, caseEvents, state);
      events += rows.length;
    });
  }
  const removed = await db.transaction((tx) => deleteCaseRowsWithoutEventsIn(tx));
  return { cases: ids.length, events, removed, ms: Date.now() - started };
}
