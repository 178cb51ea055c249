import { randomUUID } from 'node:crypto';
import { compareReadModel } from '../../src/audit/case-verification';
import { readEvents } from '../../src/audit/case-events.repository';
import { verifyChain } from '../../src/audit/chain-verification';
import { caseKeysFrom } from '../../src/subjects/case-keys';
import { SubjectVault } from '../../src/subjects/subject-vault';
import type { CaseState } from '../../src/domain';
import { caseWorkflowId } from '../../workflows/case.messages';
import type { RetentionSweepResult, RetentionSweepWorkflow } from '../../workflows/retention.workflow';
import { idNumber, PROVINCE, TOWNSHIP } from '../support/builders';
import { testConfig, type TestApp } from '../support/test-app';
import { startApiOn, startDeadlineHarness, type RunningHarness } from '../support/time-skipping';

// Issue 12, on the time-skipping Temporal test server with the real API in front of it:
// - a closed case's workflow completes after the reopen window, and a reopen after that starts a
//   new run of the same case from its event log, the chain continuing;
// - when the retention of a closed case ends, the retention sweep destroys its data key (after a
//   legal hold is released, not before): CaseDataShredded is recorded, the chain still verifies
//   without any key, and the API answers the narratives and the subject as destroyed.

const DAY = 86_400_000;
let h: RunningHarness;
let t: TestApp;

beforeAll(async () => {
  const config = testConfig();
  h = await startDeadlineHarness('retention', { config });
  t = await startApiOn(h, config);
}, 120_000);
afterAll(async () => {
  await t?.close();
  await h?.close();
});

async function as(role: 'caseworker' | 'supervisor' | 'admin', division: string) {
  const token = await t.token({ id: `${role}-${division}`, roles: [role], division });
  return {
    get: (path: string) => t.http().get(path).set('Authorization', `Bearer ${token}`),
    post: (path: string, body: object, ifMatch?: number) => {
      const req = t.http().post(path).set('Authorization', `Bearer ${token}`);
      return (ifMatch === undefined ? req : req.set('If-Match', `"${ifMatch}"`)).send(body);
    },
  };
}

/** A 临时救助 case at the township, decided and closed (no closure approval for this kind). */
async function closedCase(marker: string): Promise<{ id: string; caseNumber: string; version: number }> {
  const worker = await as('caseworker', TOWNSHIP);
  const head = await as('supervisor', TOWNSHIP);
  const opened = await worker.post('/v1/cases', {
    kind: 'temporary_aid',
    subject: { name: `留存${marker}`, idNumber: idNumber() },
    summary: `申请临时救助 ${marker}`,
  });
  expect(opened.status).toBe(201);
  const id = opened.body.id as string;
  const decided = await head.post(`/v1/cases/${id}/decision`, { outcome: 'denied', reason: `不符合条件 ${marker}` }, opened.body.version as number);
  expect(decided.status).toBe(200);
  const closed = await worker.post(`/v1/cases/${id}/close`, { reason: `结案 ${marker}` }, decided.body.version as number);
  expect(closed.body).toMatchObject({ status: 'closed' });
  return { id, caseNumber: opened.body.caseNumber as string, version: closed.body.version as number };
}

async function runStatus(caseId: string): Promise<{ runId: string; status: string }> {
  const d = await h.env.client.workflow.getHandle(caseWorkflowId(caseId)).describe();
  return { runId: d.runId, status: d.status.name };
}

async function untilCompleted(caseId: string): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const run = await runStatus(caseId);
    if (run.status === 'COMPLETED') return run.runId;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the workflow of case ${caseId} did not complete`);
}

async function sweep(onlyCaseIds: string[]): Promise<RetentionSweepResult> {
  return h.env.client.workflow.execute<typeof RetentionSweepWorkflow>('RetentionSweepWorkflow', {
    workflowId: `retention-sweep-${randomUUID()}`,
    taskQueue: h.taskQueue,
    args: [{ onlyCaseIds }],
  });
}

/** The chain checked without any key, and the read model against the fold of the log. */
async function audit(caseId: string) {
  const rows = await readEvents(h.db, caseId);
  const [{ state }] = await h.db.query<{ state: CaseState }[]>('SELECT state FROM cases WHERE case_id = $1', [caseId]);
  return { chain: verifyChain(caseId, rows), readModel: compareReadModel(state, rows), types: rows.map((r) => r.type) };
}

describe('a closed case stops costing', () => {
  it('its workflow completes after the 90-day reopen window; a reopen after that starts a new run from the event log, the chain continuing', async () => {
    const c = await closedCase('reopen');
    const first = await runStatus(c.id);
    expect(first.status).toBe('RUNNING');
    await h.env.sleep(89 * DAY);
    expect((await runStatus(c.id)).status).toBe('RUNNING'); // within the window it still waits
    await h.env.sleep(2 * DAY);
    expect(await untilCompleted(c.id)).toBe(first.runId);

    const worker = await as('caseworker', TOWNSHIP);
    const reopened = await worker.post(`/v1/cases/${c.id}/reopen`, { reason: '情况有变，重新申请' }, c.version);
    expect(reopened.status).toBe(200);
    expect(reopened.body).toMatchObject({ status: 'open', version: c.version + 1, summary: '申请临时救助 reopen', privacy: { narratives: 'full' } });
    const second = await runStatus(c.id);
    expect(second).toMatchObject({ status: 'RUNNING' });
    expect(second.runId).not.toBe(first.runId);
    // The new run works the case like the first: a note lands at the next seq.
    const note = await worker.post(`/v1/cases/${c.id}/notes`, { text: '重新开案后的备注' }, c.version + 1);
    expect(note.body).toMatchObject({ version: c.version + 2 });
    const report = await audit(c.id);
    expect(report.chain).toMatchObject({ valid: true, events: c.version + 2 });
    expect(report.readModel).toMatchObject({ equalsFold: true });
    expect(report.types.slice(-3)).toEqual(['CaseClosed', 'CaseReopened', 'NoteAdded']);
  });
});

describe('crypto-shredding when the retention ends', () => {
  it('keeps the data under a legal hold, destroys its key once the hold is released: the chain still verifies and the fields read as destroyed', async () => {
    const c = await closedCase('shred');
    const admin = await as('admin', PROVINCE);
    const held = await admin.post(`/v1/case-numbers/${c.caseNumber}/legal-hold`, { reason: '行政复议待决' });
    expect(held.status).toBe(200);
    expect(held.body).toMatchObject({ id: c.id, version: c.version + 1, legalHold: { placedBy: `admin-${PROVINCE}` } });
    expect(JSON.stringify(held.body)).not.toContain('shred'); // admins see no case content

    // 5 years (the DEFAULT for 临时救助) and a day later: held, so nothing happens.
    await h.env.sleep((5 * 365 + 2) * DAY);
    await untilCompleted(c.id);
    expect(await sweep([c.id])).toMatchObject({ shredded: 0 });
    const worker = await as('caseworker', TOWNSHIP);
    expect((await worker.get(`/v1/cases/${c.id}`)).body).toMatchObject({ summary: '申请临时救助 shred', privacy: { narratives: 'full' } });

    // Released (a new run of the completed workflow takes it), the next sweep destroys the data.
    const released = await admin.post(`/v1/case-numbers/${c.caseNumber}/legal-hold/release`, { reason: '复议已结' });
    expect(released.body).toMatchObject({ legalHold: null, version: c.version + 2 });
    expect(await sweep([c.id])).toMatchObject({ shredded: 1, refused: 0 });

    const report = await audit(c.id);
    expect(report.chain).toMatchObject({ valid: true, firstBadSeq: null, events: c.version + 3 });
    expect(report.readModel).toMatchObject({ equalsFold: true });
    expect(report.types.slice(-3)).toEqual(['LegalHoldPlaced', 'LegalHoldReleased', 'CaseDataShredded']);
    const [key] = await h.db.query<{ wrapped_key: Buffer | null; destroyed_at: Date | null }[]>(
      'SELECT wrapped_key, destroyed_at FROM case_keys WHERE case_id = $1',
      [c.id],
    );
    expect(key).toMatchObject({ wrapped_key: null, destroyed_at: expect.any(Date) });
    expect(await h.db.query('SELECT 1 FROM subjects WHERE case_id = $1', [c.id])).toEqual([]);
    // The log keeps its ciphertext (append-only), now under a key that no longer exists.
    const sealed = await h.db.query<{ s: string }[]>(`SELECT data->>'summary' AS s FROM case_events WHERE case_id = $1 AND seq = 1`, [c.id]);
    expect(sealed[0].s).toMatch(/^enc:1:/);

    const view = await worker.get(`/v1/cases/${c.id}`);
    expect(view.body).toMatchObject({
      summary: '',
      subject: null,
      shreddedAt: expect.any(String),
      privacy: { narratives: 'destroyed', subject: 'destroyed' },
    });
    const events = await worker.get(`/v1/cases/${c.id}/events`);
    expect(events.body.narratives).toBe('destroyed');
    expect(JSON.stringify(events.body)).not.toContain('shred ');
    const reopen = await worker.post(`/v1/cases/${c.id}/reopen`, { reason: '再次申请' }, c.version + 3);
    expect(reopen.body).toMatchObject({ code: 'DATA_SHREDDED' });
    await untilCompleted(c.id);
  });

  it('purges the subject of an opening that never produced a case, a week on', async () => {
    const caseId = randomUUID();
    const subjectRef = randomUUID();
    const key = await caseKeysFrom(t.config.caseKeys).create(h.db, caseId);
    await new SubjectVault(t.config.pii).store(
      h.db,
      subjectRef,
      { name: '孤儿记录', idNumber: idNumber(), birthDate: '2010-01-01', sex: 'male', addressDivision: null, household: [] },
      { caseId, kind: 'dibao' },
      key,
    );
    await h.env.sleep(8 * DAY);
    expect(await sweep([caseId])).toMatchObject({ purgedSubjects: 1 });
    expect(await h.db.query('SELECT 1 FROM subjects WHERE subject_ref = $1', [subjectRef])).toEqual([]);
    expect(await h.db.query('SELECT 1 FROM case_keys WHERE case_id = $1', [caseId])).toEqual([]);
  });
});
