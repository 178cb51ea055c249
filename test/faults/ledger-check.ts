import { Client as PgClient } from 'pg';
import { compareReadModel } from '../../src/audit/case-verification';
import { verifyChain } from '../../src/audit/chain-verification';
import { readEvents } from '../../src/audit/case-events.repository';
import { caseStateById } from '../../src/cases/cases.repository';
import { createDataSource } from '../../src/persistence/data-source';
import type { Ack } from './load';

// The ledger against the database, as an auditor would read it (the owner's connection, no scope):
// every acknowledged command is there, at the version it was acknowledged with, exactly once; every
// chain is intact; every read model is the fold of its log.

export interface LedgerCheck {
  /** Acknowledged requests whose events are not where the answer said. */
  lost: Ack[];
  /** Events of people's commands beyond one per landed Idempotency-Key. */
  duplicated: number;
  brokenChains: string[];
  readModelsUnlikeFold: string[];
}

const COMMAND_EVENTS = ['NoteAdded', 'AssessmentRecorded', 'FollowUpRecorded'];

export async function checkLedger(databaseUrl: string, principal: string, acks: readonly Ack[]): Promise<LedgerCheck> {
  const db = await createDataSource(databaseUrl, { poolSize: 2, applicationName: 'casework-faults' }).initialize();
  const pg = new PgClient({ connectionString: databaseUrl });
  await pg.connect();
  try {
    const lost: Ack[] = [];
    for (const ack of acks) {
      const stored =
        ack.what === 'open'
          ? await pg.query(
              'SELECT 1 FROM idempotency_keys k JOIN case_events e ON e.case_id = k.case_id AND e.seq = 1 WHERE k.principal = $1 AND k.key = $2',
              [principal, ack.key],
            )
          : await pg.query(
              'SELECT 1 FROM command_keys k JOIN case_events e ON e.case_id = k.case_id AND e.seq = k.version WHERE k.principal = $1 AND k.key = $2 AND k.version = $3',
              [principal, ack.key, ack.version],
            );
      if (stored.rowCount !== 1) lost.push(ack);
    }
    const caseIds = [...new Set(acks.map((a) => a.caseId))];
    let duplicated = 0;
    const brokenChains: string[] = [];
    const readModelsUnlikeFold: string[] = [];
    for (const caseId of caseIds) {
      const counts = await pg.query<{ events: number; keys: number }>(
        `SELECT (SELECT count(*)::int FROM case_events WHERE case_id = $1 AND type = ANY($2)) AS events,
                (SELECT count(*)::int FROM command_keys WHERE case_id = $1 AND version IS NOT NULL) AS keys`,
        [caseId, COMMAND_EVENTS],
      );
      duplicated += Math.max(0, counts.rows[0].events - counts.rows[0].keys);
      const rows = await readEvents(db, caseId);
      if (!verifyChain(caseId, rows).valid) brokenChains.push(caseId);
      if (!compareReadModel(await caseStateById(db, caseId), rows).equalsFold) readModelsUnlikeFold.push(caseId);
    }
    return { lost, duplicated, brokenChains, readModelsUnlikeFold };
  } finally {
    await pg.end();
    await db.destroy();
  }
}
