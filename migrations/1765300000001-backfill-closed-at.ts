import { MigrationInterface, QueryRunner } from 'typeorm';

// Backfill of the read model's state.closedAt (the fold sets it from issue 12 on) for cases closed
// before: the time of their last CaseClosed, as the workflow wrote it (ISO, milliseconds, Z), so
// the read model keeps equalling the fold of the log. Backfill only.
export class BackfillClosedAt1765300000001 implements MigrationInterface {
  name = 'BackfillClosedAt1765300000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      UPDATE cases c
         SET state = jsonb_set(c.state, '{closedAt}', to_jsonb(to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')))
        FROM (SELECT case_id, max(occurred_at) AS occurred_at FROM case_events WHERE type = 'CaseClosed' GROUP BY case_id) e
       WHERE c.case_id = e.case_id AND c.status = 'closed' AND NOT (c.state ? 'closedAt')`);
  }

  async down(): Promise<void> {
    // The field is harmless to older code (it ignores it).
  }
}
