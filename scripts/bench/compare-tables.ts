import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Client as PgClient } from 'pg';
import { verifyChain } from '../../src/audit/chain-verification';
import { readEvents, toCaseEvent } from '../../src/audit/case-events.repository';
import { importDivisions } from '../../src/divisions/division-import';
import { fold } from '../../src/domain';
import { createDataSource } from '../../src/persistence/data-source';
import { caseWorkflowId, commandUpdate } from '../../workflows/case.messages';
import { COUNTY, openCaseBody, VILLAGE } from '../../test/support/builders';
import { stackInfo } from '../../test/support/stack-info';
import type { TestApp } from '../../test/support/test-app';
import { closedLoop, report, type Measured } from './measure';

// The rows of bench:compare that need large tables: a county's list among 1,000,000 cases, the
// verification of a 1,000-event case, and the national division import.

const LIST_CASES = Number(process.env.BENCH_LIST_CASES ?? 1_000_000);
const LONG_CASE = Number(process.env.BENCH_LONG_CASE ?? 1000);

async function timedGet(t: TestApp, token: string, path: string, n: number): Promise<Measured> {
  return closedLoop(n, 1, async () => {
    const res = await fetch(`${baseOf(t)}${path}`, { headers: { authorization: `Bearer ${token}` } });
    await res.arrayBuffer();
    return res.status === 200 ? 'ok' : `HTTP ${res.status}`;
  });
}

function baseOf(t: TestApp): string {
  const address = (t.app.getHttpServer() as Server).address() as AddressInfo;
  return `http://127.0.0.1:${address.port}`;
}

/** `count` cases copied from one real case, spread over every village of the registry, opened a second apart. */
async function seedCases(t: TestApp, count: number): Promise<number> {
  const token = await t.token({ id: 'bench-seed', roles: ['caseworker'], division: VILLAGE });
  const res = await fetch(`${baseOf(t)}/v1/cases`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(openCaseBody()),
  });
  const template = (await res.json()) as { id: string };
  const started = performance.now();
  const batch = 100_000;
  for (let done = 0; done < count; done += batch) {
    await t.db.query(
      `WITH villages AS (SELECT array_agg(code ORDER BY code) AS codes FROM divisions WHERE level = 'village'),
            template AS (SELECT * FROM cases WHERE case_id = $1)
       INSERT INTO cases (case_id, case_number, family, kind, status, level, origin, holder, risk, overdue, deadline,
                          version, policy_version, subject_ref, opened_at, updated_at, state, transfer_to)
       SELECT c.id, 'BENCH-' || c.id, t.family, t.kind, t.status, 'village', c.unit, c.unit, NULL, false, t.deadline,
              1, t.policy_version, t.subject_ref, c.at, c.at,
              t.state || jsonb_build_object('caseId', c.id, 'caseNumber', 'BENCH-' || c.id, 'origin', c.unit, 'holder', c.unit,
                                            'openedAt', to_char(c.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
              NULL
         FROM template t, villages v,
              LATERAL (SELECT gen_random_uuid() AS id,
                              v.codes[1 + (g % array_length(v.codes, 1))] AS unit,
                              now() - make_interval(secs => g) AS at
                         FROM generate_series($2::int, $3::int) g) c`,
      [template.id, done + 1, Math.min(count, done + batch)],
    );
  }
  await t.db.query('ANALYZE cases');
  return performance.now() - started;
}

async function benchList(t: TestApp): Promise<void> {
  process.stdout.write(`\nA county's list among ${LIST_CASES.toLocaleString()} cases\n`);
  const seeded = await seedCases(t, LIST_CASES);
  const [{ total, county }]: { total: number; county: number }[] = await t.db.query(
    `SELECT count(*)::int AS total, count(*) FILTER (WHERE holder BETWEEN $1 AND $2)::int AS county FROM cases`,
    [COUNTY, `${COUNTY.slice(0, 6)}999999`],
  );
  process.stdout.write(`  seeded in ${(seeded / 1000).toFixed(1)} s: ${total} cases, ${county} in 西湖区\n`);
  const supervisor = await t.token({ id: 'bench-county', roles: ['supervisor'], division: COUNTY });
  const pg = new PgClient({ connectionString: stackInfo().databaseUrl });
  await pg.connect();
  try {
    const sql = `SELECT state FROM cases WHERE (holder BETWEEN $1 AND $2 OR origin BETWEEN $1 AND $2 OR transfer_to BETWEEN $1 AND $2)
                 ORDER BY opened_at DESC, case_id DESC LIMIT 50`;
    const params = [`${COUNTY.slice(0, 6)}000000`, `${COUNTY.slice(0, 6)}999999`];
    await closedLoop(20, 1, async () => (await pg.query(sql, params), 'ok'));
    const direct = await closedLoop(200, 1, async () => (await pg.query(sql, params), 'ok'));
    report(`baseline: the list's query straight on PostgreSQL (${county} cases in scope)`, direct);
    await timedGet(t, supervisor, '/v1/cases?limit=50', 20);
    report(
      'GET /v1/cases?limit=50 as the county supervisor (goal p99 < 50 ms)',
      await timedGet(t, supervisor, '/v1/cases?limit=50', 200),
      direct,
      'p99',
    );
    const firstPage = (await (await fetch(`${baseOf(t)}/v1/cases?limit=50`, { headers: { authorization: `Bearer ${supervisor}` } })).json()) as {
      nextCursor: string;
    };
    report(
      'GET /v1/cases?limit=50&cursor= (second page)',
      await timedGet(t, supervisor, `/v1/cases?limit=50&cursor=${firstPage.nextCursor}`, 200),
      direct,
      'p99',
    );
  } finally {
    await pg.end();
  }
}

async function benchVerification(t: TestApp): Promise<void> {
  process.stdout.write(`\nVerification of a ${LONG_CASE}-event case\n`);
  const worker = await t.token({ id: 'bench-long', roles: ['caseworker'], division: VILLAGE });
  const res = await fetch(`${baseOf(t)}/v1/cases`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${worker}` },
    body: JSON.stringify(openCaseBody()),
  });
  const { id } = (await res.json()) as { id: string };
  const actor = { id: 'bench-long', roles: ['caseworker' as const], division: VILLAGE };
  const started = performance.now();
  for (let i = 1; i < LONG_CASE; i++) {
    await t.temporal.workflow
      .getHandle(caseWorkflowId(id))
      .executeUpdate(commandUpdate, { args: [{ command: { type: 'addNote', text: `记录 ${i}` }, actor, expectedVersion: null }] });
  }
  process.stdout.write(`  ${LONG_CASE} events written in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  const auditor = await t.token({ id: 'bench-auditor', roles: ['auditor'], division: COUNTY });
  // The first look starts the worker's replay; wait until the record caught up.
  const replayStarted = performance.now();
  for (;;) {
    const report = (await (await fetch(`${baseOf(t)}/v1/cases/${id}/verification`, { headers: { authorization: `Bearer ${auditor}` } })).json()) as {
      temporal: { pending: boolean; runs: number };
    };
    if (!report.temporal.pending) {
      process.stdout.write(
        `  the worker replayed ${report.temporal.runs} run(s) in ${((performance.now() - replayStarted) / 1000).toFixed(1)} s (off the request path)\n`,
      );
      break;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  const db = await createDataSource(stackInfo().databaseUrl, { poolSize: 2, applicationName: 'casework-bench' }).initialize();
  try {
    const chainAndFold = await closedLoop(20, 1, async () => {
      const rows = await readEvents(db, id);
      verifyChain(id, rows);
      fold(rows.map(toCaseEvent));
      return 'ok';
    });
    report(`baseline: read ${LONG_CASE} events, verify the chain and fold them, in process`, chainAndFold);
    report('GET /v1/cases/{id}/verification (goal < 200 ms)', await timedGet(t, auditor, `/v1/cases/${id}/verification`, 20), chainAndFold, 'p99');
  } finally {
    await db.destroy();
  }
}

async function benchDivisions(): Promise<void> {
  process.stdout.write('\nThe national division import (all five levels) into an empty database\n');
  const info = stackInfo();
  const name = `casework_bench_divisions_${Date.now()}`;
  const admin = new PgClient({ connectionString: info.adminDatabaseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(info.adminDatabaseUrl);
  url.pathname = `/${name}`;
  const db = await createDataSource(url.toString(), { poolSize: 4 }).initialize();
  try {
    await db.runMigrations({ transaction: 'each' });
    const result = await importDivisions(db, 'all');
    const [{ n }]: { n: number }[] = await db.query('SELECT count(*)::int AS n FROM divisions');
    report('npm run divisions:import -- --all', `${n} units stored (${result.read} rows read) in ${(result.ms / 1000).toFixed(1)} s`);
  } finally {
    await db.destroy();
    await admin.query(`DROP DATABASE "${name}"`);
    await admin.end();
  }
}

export async function benchLargeTables(t: TestApp, sections: { list: boolean; verification: boolean; divisions: boolean }): Promise<void> {
  if (sections.verification) await benchVerification(t);
  if (sections.list) await benchList(t);
  if (sections.divisions) await benchDivisions();
}
