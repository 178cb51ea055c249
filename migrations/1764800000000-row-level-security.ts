import { MigrationInterface, QueryRunner } from 'typeorm';

// Scope enforced by PostgreSQL itself (issue 4): the API connects as `casework_api`, sees only the
// cases of the subtree named by the transaction-local setting `casework.scope` (a significant
// prefix of a division code), and with no scope set sees no case at all — so a read that forgets
// its scope check leaks nothing. The role may not write the read model or the event log: the API
// writes only through the workflow. Workers, migrations and operator commands use the owner.
export class RowLevelSecurity1764800000000 implements MigrationInterface {
  name = 'RowLevelSecurity1764800000000';

  async up(q: QueryRunner): Promise<void> {
    // Roles are cluster-wide: several databases (tests, environments) may share one.
    await q.query(`DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'casework_api') THEN CREATE ROLE casework_api NOLOGIN; END IF;
    END $$`);
    await q.query(`GRANT USAGE ON SCHEMA public TO casework_api`);
    await q.query(
      `GRANT SELECT ON divisions, policies, cases, case_events, case_numbers, case_checkpoints, subjects, idempotency_keys, access_log TO casework_api`,
    );
    await q.query(`GRANT INSERT ON subjects, idempotency_keys, policies, access_log TO casework_api`);

    await q.query(`
      CREATE FUNCTION casework_in_scope(units text[]) RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT coalesce(current_setting('casework.scope', true), '') <> ''
           AND EXISTS (SELECT 1 FROM unnest(units) u
                        WHERE u IS NOT NULL
                          AND left(u, length(current_setting('casework.scope', true))) = current_setting('casework.scope', true))
      $$`);

    await q.query(`ALTER TABLE cases ENABLE ROW LEVEL SECURITY`);
    await q.query(`
      CREATE POLICY cases_in_scope ON cases FOR SELECT TO casework_api
      USING (casework_in_scope(ARRAY[holder::text, origin::text, state->'pendingTransfer'->>'to']))`);

    await q.query(`ALTER TABLE case_events ENABLE ROW LEVEL SECURITY`);
    await q.query(`
      CREATE POLICY case_events_in_scope ON case_events FOR SELECT TO casework_api
      USING (EXISTS (SELECT 1 FROM cases c WHERE c.case_id = case_events.case_id))`);

    await q.query(`ALTER TABLE subjects ENABLE ROW LEVEL SECURITY`);
    await q.query(`
      CREATE POLICY subjects_in_scope ON subjects FOR SELECT TO casework_api
      USING (EXISTS (SELECT 1 FROM cases c WHERE c.subject_ref = subjects.subject_ref))`);
    await q.query(`CREATE POLICY subjects_recorded ON subjects FOR INSERT TO casework_api WITH CHECK (true)`);

    // The one question the API must ask across all scopes — does this person already have an
    // active case of this kind? — answered without revealing anything else.
    await q.query(`
      CREATE FUNCTION casework_active_case_of(person bytea, case_kind text, except_case uuid)
      RETURNS TABLE (case_id uuid, case_number text) LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
        SELECT s.case_id, coalesce(c.case_number, n.case_number)
          FROM subjects s
          LEFT JOIN cases c ON c.case_id = s.case_id
          LEFT JOIN case_numbers n ON n.case_id = s.case_id
         WHERE s.blind_index = person AND s.kind = case_kind AND s.case_id <> except_case
           AND (c.status IS NULL OR c.status <> 'closed')
         LIMIT 1
      $$`);
    await q.query(`REVOKE ALL ON FUNCTION casework_active_case_of(bytea, text, uuid) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION casework_active_case_of(bytea, text, uuid) TO casework_api`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION casework_active_case_of(bytea, text, uuid)`);
    await q.query(`DROP POLICY subjects_recorded ON subjects`);
    await q.query(`DROP POLICY subjects_in_scope ON subjects`);
    await q.query(`ALTER TABLE subjects DISABLE ROW LEVEL SECURITY`);
    await q.query(`DROP POLICY case_events_in_scope ON case_events`);
    await q.query(`ALTER TABLE case_events DISABLE ROW LEVEL SECURITY`);
    await q.query(`DROP POLICY cases_in_scope ON cases`);
    await q.query(`ALTER TABLE cases DISABLE ROW LEVEL SECURITY`);
    await q.query(`DROP FUNCTION casework_in_scope(text[])`);
    await q.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM casework_api`);
  }
}
