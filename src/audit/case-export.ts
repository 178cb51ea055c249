import { randomUUID } from 'node:crypto';
import type { Queryable } from '../persistence/queryable';
import { readEventsOfCases } from './case-events.repository';
import { eventLine, EXPORT_FORMAT, type ExportLine, type ExportScope } from './export-format';

// Exporting whole chains: every event of each selected case (an auditor needs the chain from
// seq 1 to check it), however old, streamed batch by batch so memory stays flat.

const CASES_PER_BATCH = 500;

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
