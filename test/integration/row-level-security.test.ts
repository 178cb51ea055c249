import type { DataSource } from 'typeorm';
import { createDataSource } from '../../src/persistence/data-source';
import { openCaseBody, OTHER_PROVINCE_VILLAGE, VILLAGE } from '../support/builders';
import { stackInfo } from '../support/stack-info';
import { startTestApp, type TestApp } from '../support/test-app';

// Scope is enforced by PostgreSQL as well as by the code: the API's role sees no case unless a
// scope is set for the transaction, only the cases of that subtree when it is, and can write
// neither the read model nor the event log.

let t: TestApp;
let api: DataSource;
let zhejiangCase: string;
let hubeiCase: string;

beforeAll(async () => {
  t = await startTestApp();
  api = await createDataSource(stackInfo().databaseUrl, { role: 'casework_api', poolSize: 2 }).initialize();
  const open = async (division: string) => {
    const token = await t.token({ roles: ['caseworker'], division });
    const res = await t.http().post('/v1/cases').set('Authorization', `Bearer ${token}`).send(openCaseBody());
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  zhejiangCase = await open(VILLAGE);
  hubeiCase = await open(OTHER_PROVINCE_VILLAGE);
});
afterAll(async () => {
  await api.destroy();
  await t.close();
});

const inScope = (scope: string | null, sql: string, params: unknown[] = []) =>
  api.transaction(async (tx) => {
    if (scope !== null) await tx.query(`SELECT set_config('casework.scope', $1, true)`, [scope]);
    return tx.query(sql, params);
  });

describe('row-level security for the API role', () => {
  it('shows no case, event or subject when the code forgot to set a scope', async () => {
    const owner: { n: number }[] = await t.db.query('SELECT count(*)::int AS n FROM cases WHERE case_id = ANY($1::uuid[])', [
      [zhejiangCase, hubeiCase],
    ]);
    expect(owner[0].n).toBe(2);
    for (const table of ['cases', 'case_events', 'subjects']) {
      const rows: { n: number }[] = await inScope(null, `SELECT count(*)::int AS n FROM ${table}`);
      expect(rows[0].n).toBe(0);
    }
  });

  it('shows nothing on a pooled connection whose earlier transaction had a scope', async () => {
    const single = await createDataSource(stackInfo().databaseUrl, { role: 'casework_api', poolSize: 1 }).initialize();
    try {
      const scoped: { n: number }[] = await single.transaction(async (tx) => {
        await tx.query(`SELECT set_config('casework.scope', '33', true)`);
        return tx.query('SELECT count(*)::int AS n FROM cases WHERE case_id = $1', [zhejiangCase]);
      });
      expect(scoped[0].n).toBe(1);
      // The setting now exists on this connection with the empty value: still no rows.
      const after: { n: number; scope: string | null }[] = await single.query(
        `SELECT count(*)::int AS n, current_setting('casework.scope', true) AS scope FROM cases`,
      );
      expect(after[0]).toEqual({ n: 0, scope: '' });
    } finally {
      await single.destroy();
    }
  });

  it('shows exactly the subtree named by the scope', async () => {
    const zhejiang: { case_id: string }[] = await inScope('33', 'SELECT case_id FROM cases WHERE case_id = ANY($1::uuid[])', [
      [zhejiangCase, hubeiCase],
    ]);
    expect(zhejiang.map((r) => r.case_id)).toEqual([zhejiangCase]);
    const events: { case_id: string }[] = await inScope('42', 'SELECT DISTINCT case_id FROM case_events WHERE case_id = ANY($1::uuid[])', [
      [zhejiangCase, hubeiCase],
    ]);
    expect(events.map((r) => r.case_id)).toEqual([hubeiCase]);
    const subjects: { n: number }[] = await inScope(
      '420102',
      'SELECT count(*)::int AS n FROM subjects s JOIN cases c ON c.subject_ref = s.subject_ref WHERE c.case_id = ANY($1::uuid[])',
      [[zhejiangCase, hubeiCase]],
    );
    expect(subjects[0].n).toBe(1);
  });

  it.each([
    ['UPDATE case_events', `UPDATE case_events SET actor = 'x' WHERE case_id = $1`],
    ['DELETE FROM case_events', `DELETE FROM case_events WHERE case_id = $1`],
    ['TRUNCATE case_events', `TRUNCATE case_events`],
    ['UPDATE cases', `UPDATE cases SET status = 'closed' WHERE case_id = $1`],
    ['DELETE FROM subjects', `DELETE FROM subjects WHERE subject_ref IN (SELECT subject_ref FROM cases WHERE case_id = $1)`],
  ])('refuses %s: the API writes only through the workflow', async (_name, sql) => {
    await expect(inScope('33', sql, sql.includes('$1') ? [zhejiangCase] : [])).rejects.toThrow(/permission denied/);
    const events: { n: number }[] = await t.db.query('SELECT count(*)::int AS n FROM case_events WHERE case_id = $1', [zhejiangCase]);
    expect(events[0].n).toBe(1);
  });
});
