import { MigrationInterface, QueryRunner } from 'typeorm';

// Row-level security by code ranges instead of a function per row: a subtree with significant
// prefix P is exactly the codes between P0…0 and P9…9, which btree indexes on holder, origin and
// the new transfer_to column answer directly. An empty or unset scope still matches nothing.
// Schema only: 1765000000000 backfills transfer_to.
const SCOPE = `nullif(current_setting('casework.scope', true), '')`;
const inScope = (column: string) => `(${column} BETWEEN rpad(${SCOPE}, 12, '0') AND rpad(${SCOPE}, 12, '9'))`;

export class ScopeByRange1764900000000 implements MigrationInterface {
  name = 'ScopeByRange1764900000000';

  async up(q: QueryRunner): Promise<void> {
    // The unit a pending transfer waits on: it sees the case too (SPEC §6 transfers).
    await q.query(`ALTER TABLE cases ADD COLUMN transfer_to char(12)`);
    await q.query(`CREATE INDEX cases_origin_ix ON cases (origin)`);
    await q.query(`CREATE INDEX cases_transfer_to_ix ON cases (transfer_to)`);
    await q.query(`DROP POLICY cases_in_scope ON cases`);
    await q.query(`
      CREATE POLICY cases_in_scope ON cases FOR SELECT TO casework_api
      USING (${inScope('holder')} OR ${inScope('origin')} OR ${inScope('transfer_to')})`);
    await q.query(`DROP FUNCTION casework_in_scope(text[])`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION casework_in_scope(units text[]) RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT coalesce(current_setting('casework.scope', true), '') <> ''
           AND EXISTS (SELECT 1 FROM unnest(units) u
                        WHERE u IS NOT NULL
                          AND left(u, length(current_setting('casework.scope', true))) = current_setting('casework.scope', true))
      $$`);
    await q.query(`DROP POLICY cases_in_scope ON cases`);
    await q.query(`
      CREATE POLICY cases_in_scope ON cases FOR SELECT TO casework_api
      USING (casework_in_scope(ARRAY[holder::text, origin::text, state->'pendingTransfer'->>'to']))`);
    await q.query(`DROP INDEX cases_transfer_to_ix`);
    await q.query(`DROP INDEX cases_origin_ix`);
    await q.query(`ALTER TABLE cases DROP COLUMN transfer_to`);
  }
}
