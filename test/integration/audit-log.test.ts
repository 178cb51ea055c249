import { generateKeyPairSync } from 'node:crypto';
import { fold, mapStateNarratives, type CaseEvent, type CaseState } from '../../src/domain';
import { canonicalJson } from '../../src/common/canonical-json';
import { eventHash } from '../../src/persistence/event-chain';
import {
  command,
  countyAuditor,
  firstSteps,
  openCase,
  readModel,
  tamperSession,
  townshipSupervisor,
  villageCaseworker,
} from '../support/audit-driver';
import { OTHER_PROVINCE_VILLAGE, PROVINCE } from '../support/builders';
import { stackInfo } from '../support/stack-info';
import { startTestApp, type TestApp } from '../support/test-app';

// Issue 5: the event log of a real case (workflow on Temporal, PostgreSQL), replayed by auditors.

const signingKey = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64');

let t: TestApp;
let auditor: string;
let caseworker: string;
let caseId: string;
/** The read model right after each batch of events, by version. */
const snapshots = new Map<number, CaseState>();

interface EventRow {
  seq: number;
  type: string;
  data: unknown;
  actor: string;
  occurredAt: string;
  prevHash: string;
  hash: string;
}

beforeAll(async () => {
  t = await startTestApp({ config: { audit: { signingKey, publicKey: null, workflowBundlePath: stackInfo().workflowBundlePath } } });
  auditor = await t.token({ id: countyAuditor.id, roles: ['auditor'], division: countyAuditor.division });
  caseworker = await t.token({ id: villageCaseworker.id, roles: ['caseworker'], division: villageCaseworker.division });
  caseId = await openCase(t, 'dibao');
  snapshots.set(1, await readModel(t.db, caseId));
  for (const step of firstSteps('dibao')) {
    const { state } = await command(t.temporal, caseId, step.command, step.actor);
    snapshots.set(state.version, await readModel(t.db, caseId));
  }
});
afterAll(() => t.close());

const masked = (s: CaseState | undefined) => s && mapStateNarratives(s, () => '');

const get = (path: string, token = auditor) => t.http().get(path).set('Authorization', `Bearer ${token}`);

async function allEvents(): Promise<EventRow[]> {
  const res = await get(`/v1/cases/${caseId}/events?limit=1000`);
  expect(res.status).toBe(200);
  return res.body.events;
}

const asEvent = (e: EventRow) => ({ type: e.type, at: e.occurredAt, actor: e.actor, data: e.data }) as CaseEvent;

describe('case_events is append-only for the application', () => {
  it.each([
    ['UPDATE', `UPDATE case_events SET actor = 'someone else' WHERE case_id = $1`],
    ['DELETE', `DELETE FROM case_events WHERE case_id = $1`],
  ])('refuses %s through the application connection, changing nothing', async (op, sql) => {
    const before = await t.db.query('SELECT count(*)::int AS n, max(hash) AS h FROM case_events WHERE case_id = $1', [caseId]);
    await expect(t.db.query(sql, [caseId])).rejects.toThrow(`case_events is append-only (${op} refused)`);
    expect(await t.db.query('SELECT count(*)::int AS n, max(hash) AS h FROM case_events WHERE case_id = $1', [caseId])).toEqual(before);
  });

  it('refuses TRUNCATE through the application connection', async () => {
    const before = await t.db.query('SELECT count(*)::int AS n FROM case_events');
    // Inside a transaction that is rolled back anyway: if the trigger were missing, no other test's rows would go.
    await expect(
      t.db.transaction(async (tx) => {
        await tx.query('TRUNCATE case_events');
        throw new Error('TRUNCATE was allowed');
      }),
    ).rejects.toThrow('case_events is append-only (TRUNCATE refused)');
    expect((await t.db.query('SELECT count(*)::int AS n FROM case_events'))[0].n).toBeGreaterThanOrEqual(before[0].n);
  });
});

describe('GET /v1/cases/{id}/events', () => {
  it('pages the chain in seq order with after/limit, each row linked to the one before', async () => {
    const all = await allEvents();
    expect(all.map((e) => e.seq)).toEqual(all.map((_, i) => i + 1));
    expect(all.length).toBe(Math.max(...snapshots.keys()));
    for (let i = 1; i < all.length; i++) expect(all[i].prevHash).toBe(all[i - 1].hash);
    const first = await get(`/v1/cases/${caseId}/events?limit=2`);
    expect(first.body.events.map((e: EventRow) => e.seq)).toEqual([1, 2]);
    expect(first.body.next).toBe(2);
    const rest = await get(`/v1/cases/${caseId}/events?after=2&limit=1000`);
    expect(rest.body.events.map((e: EventRow) => e.seq)).toEqual(all.slice(2).map((e) => e.seq));
    expect(rest.body.next).toBeNull();
  });

  it.each([
    ['limit', 'limit=0'],
    ['limit', 'limit=1001'],
    ['after', 'after=-1'],
    ['limit', 'limit=ten'],
  ])('answers 400 naming %s for %s', async (field, query) => {
    const res = await get(`/v1/cases/${caseId}/events?${query}`);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
  });

  it('answers 404 out of scope, for an unknown case and for a non-uuid', async () => {
    const stranger = await t.token({ roles: ['auditor'], division: OTHER_PROVINCE_VILLAGE });
    expect((await get(`/v1/cases/${caseId}/events`, stranger)).status).toBe(404);
    expect((await get(`/v1/cases/00000000-0000-4000-8000-000000000000/events`)).status).toBe(404);
    expect((await get(`/v1/cases/not-a-case/events`)).status).toBe(404);
  });
});

describe('GET /v1/cases/{id}/state?at=', () => {
  it('equals the read model as it stood at every event boundary, and the fold of that prefix', async () => {
    const events = await allEvents();
    for (const [k, e] of events.entries()) {
      const res = await get(`/v1/cases/${caseId}/state?at=${encodeURIComponent(e.occurredAt)}`, caseworker);
      expect(res.status).toBe(200);
      // Events of one batch share their instant: the state at it includes the whole batch.
      const prefix = events.filter((x) => Date.parse(x.occurredAt) <= Date.parse(e.occurredAt));
      expect(prefix.length).toBeGreaterThanOrEqual(k + 1);
      expect(res.body.version).toBe(prefix.length);
      expect(canonicalJson(res.body.state)).toBe(canonicalJson(fold(prefix.map(asEvent))));
      // The village that opened the case no longer holds it: its narratives are masked (need-to-know),
      // and the rest is exactly the read model of then (which holds them sealed).
      expect(res.body.narratives).toBe('masked');
      expect(canonicalJson(res.body.state)).toBe(canonicalJson(masked(snapshots.get(prefix.length))));
    }
  });

  it('answers 404 before the case existed, and the current state long after', async () => {
    const [opened] = await allEvents();
    const before = new Date(Date.parse(opened.occurredAt) - 1).toISOString();
    expect((await get(`/v1/cases/${caseId}/state?at=${before}`)).status).toBe(404);
    const later = await get(`/v1/cases/${caseId}/state?at=2999-01-01T00:00:00Z`);
    expect(canonicalJson(later.body.state)).toBe(canonicalJson(masked(await readModel(t.db, caseId))));
  });

  it.each([['yesterday'], ['2026-01-01'], ['2026-13-01T00:00:00Z'], ['']])('answers 400 naming at for %j', async (at) => {
    const res = await get(`/v1/cases/${caseId}/state?at=${encodeURIComponent(at)}`);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'at' })]);
    expect(JSON.stringify(res.body)).not.toContain(at || '\u0000');
  });
});

describe('GET /v1/cases/{id}/verification', () => {
  /** The verification once the worker has replayed what the record lacked (the API only reads the record). */
  async function settledVerification(id: string) {
    for (const until = Date.now() + 30_000; ;) {
      const res = await get(`/v1/cases/${id}/verification`);
      expect(res.status).toBe(200);
      if (!res.body.temporal.pending || Date.now() > until) return res.body;
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  it('reports an intact chain, a read model equal to the fold, and a history that replays', async () => {
    const report = await settledVerification(caseId);
    expect(report.chain).toMatchObject({ valid: true, firstBadSeq: null, events: Math.max(...snapshots.keys()) });
    expect(report.readModel).toMatchObject({ equalsFold: true, differingFields: [] });
    expect(report.workflowState).toMatchObject({ checked: true, equalsFold: true, differingFields: [] });
    expect(report.temporal).toEqual({
      checked: true,
      replays: true,
      runs: 1,
      pending: false,
      lastReplayedAt: expect.stringMatching(/^\d{4}-/),
      codeDigest: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it('replays off the request path: the first look starts a replay and says so; a longer history makes the record pending again', async () => {
    const id = await openCase(t, 'orphan');
    const first = (await get(`/v1/cases/${id}/verification`)).body;
    expect(first.temporal).toMatchObject({ checked: false, replays: null, pending: true });
    const replayed = await settledVerification(id);
    expect(replayed.temporal).toMatchObject({ checked: true, replays: true, runs: 1, pending: false });
    await command(t.temporal, id, { type: 'addNote', text: '又一条记录' }, villageCaseworker);
    const behind = (await get(`/v1/cases/${id}/verification`)).body;
    expect(behind.temporal).toMatchObject({ checked: true, pending: true, lastReplayedAt: replayed.temporal.lastReplayedAt });
    const again = await settledVerification(id);
    expect(again.temporal.pending).toBe(false);
    expect(again.temporal.lastReplayedAt > replayed.temporal.lastReplayedAt).toBe(true);
  });

  it('catches an event forged after the last checkpoint with the read model rewritten to match, by asking the workflow', async () => {
    const forged = await openCase(t, 'tekun');
    const rows: { seq: number; hash: string; policy_version: string }[] = await t.db.query(
      'SELECT seq, hash, policy_version FROM case_events WHERE case_id = $1 ORDER BY seq DESC LIMIT 1',
      [forged],
    );
    const last = rows[0];
    const event: CaseEvent = { type: 'NoteAdded', at: new Date().toISOString(), actor: 'intruder', data: { text: 'forged' } };
    const seq = last.seq + 1;
    const hash = eventHash(last.hash, {
      caseId: forged,
      seq,
      type: event.type,
      data: event.data,
      actor: event.actor,
      occurredAt: event.at,
      policyVersion: last.policy_version,
    });
    const intruder = await tamperSession();
    try {
      await intruder.query(
        `INSERT INTO case_events (case_id, seq, type, data, actor, occurred_at, policy_version, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [forged, seq, event.type, JSON.stringify(event.data), event.actor, event.at, last.policy_version, last.hash, hash],
      );
      const state = fold(
        (
          (await intruder.query('SELECT type, data, actor, occurred_at FROM case_events WHERE case_id = $1 ORDER BY seq', [forged])).rows as {
            type: CaseEvent['type'];
            data: CaseEvent['data'];
            actor: string;
            occurred_at: Date;
          }[]
        ).map((r) => ({ type: r.type, data: r.data, actor: r.actor, at: r.occurred_at.toISOString() }) as CaseEvent),
      );
      await intruder.query('UPDATE cases SET state = $2, version = $3 WHERE case_id = $1', [forged, JSON.stringify(state), state!.version]);
    } finally {
      await intruder.end();
    }
    const res = await get(`/v1/cases/${forged}/verification`);
    expect(res.body.chain).toMatchObject({ valid: true });
    expect(res.body.readModel).toMatchObject({ equalsFold: true });
    expect(res.body.workflowState).toMatchObject({ checked: true, equalsFold: false });
    expect(res.body.workflowState.differingFields).toContain('version');
  });

  it('is for auditors only (403), in scope only (404)', async () => {
    expect((await get(`/v1/cases/${caseId}/verification`, caseworker)).status).toBe(403);
    const supervisor = await t.token({ id: townshipSupervisor.id, roles: ['supervisor'], division: townshipSupervisor.division });
    expect((await get(`/v1/cases/${caseId}/verification`, supervisor)).status).toBe(403);
    const stranger = await t.token({ roles: ['auditor'], division: OTHER_PROVINCE_VILLAGE });
    expect((await get(`/v1/cases/${caseId}/verification`, stranger)).status).toBe(404);
  });
});

describe('GET /v1/audit/export', () => {
  const parse = (text: string) =>
    text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));

  it("streams a subtree's cases of a period as JSON Lines: header, whole chains, trailer", async () => {
    const [opened] = await allEvents();
    const res = await get(`/v1/audit/export?division=${countyAuditor.division}&from=${opened.occurredAt}&to=2999-01-01T00:00:00Z`).buffer(true);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
    const lines = parse(res.text);
    expect(lines[0]).toMatchObject({ record: 'header', format: 'casework-export/1', exportedBy: countyAuditor.id });
    expect(lines.at(-1)).toMatchObject({ record: 'trailer', exportId: lines[0].exportId, events: lines.length - 2 });
    const ours = lines.filter((l) => l.record === 'event' && l.case_id === caseId);
    expect(ours.map((l) => l.hash)).toEqual((await allEvents()).map((e) => e.hash));
  });

  it('exports one case with ?case=', async () => {
    const res = await get(`/v1/audit/export?case=${caseId}`).buffer(true);
    const lines = parse(res.text);
    expect(lines.slice(1, -1).map((l) => l.seq)).toEqual((await allEvents()).map((e) => e.seq));
    expect(lines.at(-1)).toMatchObject({ cases: 1 });
  });

  it('refuses a division outside the scope (403), an unknown one (422), a bad one (400), and non-auditors (403)', async () => {
    expect((await get(`/v1/audit/export?division=${PROVINCE}`)).status).toBe(403);
    expect((await get(`/v1/audit/export?division=330106999999`)).status).toBe(422);
    const bad = await get(`/v1/audit/export?division=33`);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('division');
    expect((await get(`/v1/audit/export?division=${countyAuditor.division}&from=soon`)).body.errors[0].field).toBe('from');
    expect((await get(`/v1/audit/export?division=${countyAuditor.division}`, caseworker)).status).toBe(403);
  });
});
