import { randomUUID } from 'node:crypto';
import { significantPrefix } from '../domain/divisions';
import { readEventsOfCases, type Queryable } from './event-log';
import { eventLine, EXPORT_FORMAT, type ExportLine, type ExportScope } from './export-format';

// Exporting whole chains: every event of each selected case (an auditor needs the chain from
// seq 1 to check it), however old, streamed batch by batch so memory stays flat.

const CASES_PER_BATCH = 500;

/**
 * Cases of a subtree active in a period: opened or held in the subtree, opened before `to` and
 * last updated at or after `from`.
 */
export async function casesInPeriod(db: Queryable, division: string, from: string, to: string): Promise<string[]> {
  const prefix = significantPrefix(division);
  const rows: { case_id: string }[] = await db.query(
    `SELECT case_id FROM cases
      WHERE (left(origin, $1) = $2 OR left(holder, $1) = $2) AND opened_at <= $4 AND updated_at >= $3
      ORDER BY case_id`,
    [prefix.length, prefix, from, to],
  );
  return rows.map((r) => r.case_id);
}

/** The lines of one export, header first and trailer last. */
export async function* exportLines(db: Queryable, caseIds: readonly string[], scope: ExportScope, exportedBy: string): AsyncGenerator<ExportLine> {
  const exportId = randomUUID();
  yield { record: 'header', format: EXPORT_FORMAT, exportId, createdAt: new Date().toISOString(), exportedBy, scope };
  let events = 0;
  let cases = 0;
  const sorted = [...caseIds].sort();
  for (let i = 0; i < sorted.length; i += CASES_PER_BATCH) {
    const rows = await readEventsOfCases(db, sorted.slice(i, i + CASES_PER_BATCH));
    let last: string | null = null;
    for (const row of rows) {
      if (row.caseId !== last) cases++;
      last = row.caseId;
      events++;
      yield eventLine(row);
    }
  }
  yield { record: 'trailer', exportId, cases, events };
}
