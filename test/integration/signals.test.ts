import { randomUUID } from 'node:crypto';
import { DEFAULT_SIGNAL_RULES, raisesAlert, scoreSignal } from '../../src/domain';
import { idNumber, openCaseBody, OTHER_COUNTY, OTHER_TOWNSHIP_VILLAGE, OTHER_VILLAGE, COUNTY, TOWNSHIP, VILLAGE } from '../support/builders';
import { CaseDriver, person, type Person } from '../support/case-driver';
import { startTestApp, type TestApp } from '../support/test-app';

// Signals in (issue 14): a department's system sends a batch of 10,000 signals in one request;
// each is checked on its own, stored once per (source, signalId), matched by the keyed blind
// index, scored by its type's rule; a matched case in monitoring gets SignalReceived (and its
// review brought forward), an unknown person scoring high enough raises an alert for the village
// and township to verify. A resent batch adds nothing.

let t: TestApp;
let source: Person;
beforeAll(async () => {
  // This file opens some thirty cases at once beside a 10,000-signal batch; on a CI machine busy with
  // the other suites the default 5 s opening bound was seen to pass (503). The bounds are wider here.
  t = await startTestApp({ config: { openWaitMs: 20_000, commandWaitMs: 20_000 } });
  source = await person(t, 'source_system', COUNTY, `xihu-${randomUUID().slice(0, 6)}`);
});
afterAll(() => t.close());

const post = (who: Person, signals: unknown[]) => t.http().post('/v1/signals').set('Authorization', `Bearer ${who.token}`).send({ signals });

interface Signal {
  source: string;
  signalId: string;
  type: string;
  occurredAt: string;
  subject: { idNumber?: string; name?: string };
  division: string;
  detail: Record<string, unknown>;
}

const KINDS: Pick<Signal, 'source' | 'type'>[] = [
  { source: 'medical_insurance', type: 'medical_bill' },
  { source: 'human_resources', type: 'unemployment' },
  { source: 'education', type: 'school_dropout' },
  { source: 'disabled_persons_federation', type: 'disability_grade' },
];

function signal(tag: string, i: number, overrides: Partial<Signal> = {}): Signal {
  const kind = KINDS[i % KINDS.length];
  return {
    ...kind,
    signalId: `${tag}-${i}`,
    occurredAt: '2026-03-01T08:00:00Z',
    subject: i % 10 === 9 ? { name: '监测对象' } : { idNumber: idNumber('330106') },
    division: i % 2 === 0 ? VILLAGE : OTHER_TOWNSHIP_VILLAGE,
    detail: kind.type === 'medical_bill' ? { selfPaidAmount: (i * 37) % 80_000 } : kind.type === 'disability_grade' ? { severity: (i % 4) + 1 } : {},
    ...overrides,
  };
}

/**
 * A 留守儿童 care case approved at the township (which decides it; 两项补贴 is the county's since
 * policy 2026.3): in monitoring, its next follow-up months away.
 */
async function caseInMonitoring(id: string): Promise<CaseDriver> {
  const worker = await person(t, 'caseworker', TOWNSHIP);
  const head = await person(t, 'supervisor', TOWNSHIP);
  const c = await new CaseDriver(t).open(worker, openCaseBody({ kind: 'left_behind', risk: 'low', subject: { name: '在册对象', idNumber: id } }));
  await c.act(head, 'decision', { outcome: 'approved', benefit: '关爱帮扶', reason: '符合条件' });
  expect(c.view.status).toBe('monitoring');
  return c;
}

describe('a batch of 10,000 signals in one request', () => {
  const tag = `b${randomUUID().slice(0, 8)}`;
  const monitoredId = idNumber('330106');
  let monitored: CaseDriver;
  let batch: Signal[];
  const BAD = { 17: 'subject.idNumber', 4242: 'type', 9001: 'division' } as const;
  const knownIds = Array.from({ length: 30 }, () => idNumber('330106'));
  const KNOWN_AT = 200;
  const matchedAt = new Set([5000, ...knownIds.map((_, k) => KNOWN_AT + k * 97)]);

  beforeAll(async () => {
    monitored = await caseInMonitoring(monitoredId);
    // 30 more people known by an open case: their signals go onto their cases, not into alerts.
    const cw = await person(t, 'caseworker', VILLAGE);
    await Promise.all(knownIds.map((id) => new CaseDriver(t).open(cw, openCaseBody({ subject: { name: '已立案', idNumber: id } }))));
    batch = Array.from({ length: 10_000 }, (_, i) => signal(tag, i));
    batch[5000] = signal(tag, 5000, { source: 'public_security', type: 'death', subject: { idNumber: monitoredId }, detail: {} });
    knownIds.forEach(
      (id, k) =>
        (batch[KNOWN_AT + k * 97] = signal(tag, KNOWN_AT + k * 97, {
          source: 'education',
          type: 'school_dropout',
          subject: { idNumber: id },
          detail: {},
        })),
    );
    batch[17] = signal(tag, 17, { subject: { idNumber: '330106199001011230' } });
    batch[4242] = signal(tag, 4242, { type: 'lottery_win' });
    batch[9001] = signal(tag, 9001, { division: OTHER_COUNTY });
  });

  it('takes the valid ones, rejects each bad one with its index, records the matched ones on their cases and raises alerts', async () => {
    const started = performance.now();
    const res = await post(source, batch);
    const ms = performance.now() - started;
    expect(res.status).toBe(200);
    expect(res.body.rejected.map((r: { index: number }) => r.index)).toEqual([17, 4242, 9001]);
    for (const r of res.body.rejected as { index: number; errors: { field: string }[] }[]) {
      expect(r.errors.map((e) => e.field)).toContain(`signals[${r.index}].${BAD[r.index as keyof typeof BAD]}`);
    }
    expect(JSON.stringify(res.body)).not.toContain('330106199001011230');
    const alerting = batch.filter(
      (s, i) => !(i in BAD) && !matchedAt.has(i) && raisesAlert(DEFAULT_SIGNAL_RULES, scoreSignal(DEFAULT_SIGNAL_RULES.types[s.type], s.detail)),
    );
    expect(res.body).toMatchObject({
      received: 10_000,
      accepted: 9_997,
      duplicates: 0,
      recordedOnCases: 1 + knownIds.length,
      recordingPending: 0,
      alertsRaised: alerting.length,
    });
    expect(res.body.matched).toBeGreaterThanOrEqual(1 + knownIds.length);
    process.stderr.write(
      `[signals] 10,000-signal batch: ${Math.round(ms)} ms end to end (server ${res.body.ms} ms); ` +
        `accepted ${res.body.accepted}, rejected ${res.body.rejected.length}, matched ${res.body.matched}, alerts ${res.body.alertsRaised}, on cases ${res.body.recordedOnCases}\n`,
    );
  });

  it('resent, adds nothing new', async () => {
    const [{ n: alertsBefore }]: { n: string }[] = await t.db.query(`SELECT count(*) AS n FROM alerts WHERE signal_id LIKE $1`, [`${tag}-%`]);
    const res = await post(source, batch);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ accepted: 9_997, duplicates: 9_997, matched: 0, alertsRaised: 0, recordedOnCases: 0 });
    const [{ n: alertsAfter }]: { n: string }[] = await t.db.query(`SELECT count(*) AS n FROM alerts WHERE signal_id LIKE $1`, [`${tag}-%`]);
    expect(alertsAfter).toBe(alertsBefore);
    expect(await monitored.events()).toEqual(['CaseOpened', 'DecisionRecorded', 'SignalReceived']);
  });

  it('appends SignalReceived to the case in monitoring, bringing its review within the rule’s 5 working days', async () => {
    const [row]: { data: { signalId: string; signalType: string; score: number; reviewDueAt: string } }[] = await t.db.query(
      `SELECT data FROM case_events WHERE case_id = $1 AND type = 'SignalReceived'`,
      [monitored.id],
    );
    expect(row.data).toMatchObject({ signalId: `${tag}-5000`, signalType: 'death', score: 90 });
    expect(Date.parse(row.data.reviewDueAt) - Date.now()).toBeLessThan(10 * 86_400_000);
    const [out]: { payload: { type: string; data: Record<string, unknown> } }[] = await t.db.query(
      `SELECT payload FROM event_outbox WHERE case_id = $1 AND payload->>'type' = 'SignalReceived'`,
      [monitored.id],
    );
    expect(out.payload.data).toMatchObject({ signalId: `${tag}-5000`, source: 'public_security' });
  });

  it('stores no plaintext ID number or name', async () => {
    const rows: { row: string }[] = await t.db.query(`SELECT s::text AS row FROM signals s WHERE signal_id = ANY($1::text[])`, [
      [`${tag}-0`, `${tag}-9`, `${tag}-5000`],
    ]);
    expect(rows).toHaveLength(3);
    const text = rows.map((r) => r.row).join('\n');
    for (const secret of [batch[0].subject.idNumber, monitoredId, '监测对象']) expect(text).not.toContain(secret);
  });
});

describe('who sees what', () => {
  const tag = `w${randomUUID().slice(0, 8)}`;
  let alerts: { id: string; signalId: string; village: string; subject: { name: string | null } }[];

  beforeAll(async () => {
    const res = await post(source, [
      signal(tag, 0, {
        source: 'public_security',
        type: 'guardian_custody',
        division: OTHER_VILLAGE,
        subject: { idNumber: idNumber('330106'), name: '张小明' },
      }),
      signal(tag, 1, {
        source: 'public_security',
        type: 'guardian_custody',
        division: OTHER_VILLAGE,
        subject: { idNumber: idNumber('330106'), name: '李小红' },
      }),
    ]);
    expect(res.body.alertsRaised).toBe(2);
    const village = await person(t, 'caseworker', OTHER_VILLAGE);
    const list = await t.http().get('/v1/alerts?limit=500').set('Authorization', `Bearer ${village.token}`);
    expect(list.status).toBe(200);
    alerts = list.body.items.filter((a: { signalId: string }) => a.signalId.startsWith(tag));
  });

  it('shows the alert to the village and its township, with a deadline to verify; the village sees the name', async () => {
    expect(alerts).toHaveLength(2);
    expect(alerts[0]).toMatchObject({
      village: OTHER_VILLAGE,
      township: TOWNSHIP,
      status: 'open',
      overdue: false,
      suggestedKind: 'guardianship_gap',
    });
    expect(alerts.map((a) => a.subject.name).sort()).toEqual(['张小明', '李小红'].sort());
    const head = await person(t, 'supervisor', TOWNSHIP);
    const seen = await t.http().get('/v1/alerts?limit=500').set('Authorization', `Bearer ${head.token}`);
    expect(seen.body.items.map((a: { id: string }) => a.id)).toEqual(expect.arrayContaining(alerts.map((a) => a.id)));
  });

  it('never shows it to a caseworker outside the subject’s scope', async () => {
    const elsewhere = await person(t, 'caseworker', OTHER_TOWNSHIP_VILLAGE);
    const list = await t.http().get('/v1/alerts?limit=500').set('Authorization', `Bearer ${elsewhere.token}`);
    expect(list.status).toBe(200);
    expect(list.body.items.some((a: { signalId: string }) => a.signalId.startsWith(tag))).toBe(false);
    const dismiss = await t.http().post(`/v1/alerts/${alerts[0].id}/dismiss`).set('Authorization', `Bearer ${elsewhere.token}`).send({ reason: 'x' });
    expect(dismiss.status).toBe(404);
  });

  it('lets a source system send signals but not read cases or alerts', async () => {
    for (const path of ['/v1/cases', `/v1/cases/${randomUUID()}`, '/v1/alerts', '/v1/feed']) {
      expect((await t.http().get(path).set('Authorization', `Bearer ${source.token}`)).status).toBe(403);
    }
    const caseworker = await person(t, 'caseworker', VILLAGE);
    expect((await post(caseworker, [signal(tag, 9)])).status).toBe(403);
  });

  it('dismisses an alert with a reason, stored sealed', async () => {
    const village = await person(t, 'caseworker', OTHER_VILLAGE);
    const res = await t
      .http()
      .post(`/v1/alerts/${alerts[0].id}/dismiss`)
      .set('Authorization', `Bearer ${village.token}`)
      .send({ reason: '核实后已返校' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'dismissed' });
    const [row]: { row: string }[] = await t.db.query(`SELECT a::text AS row FROM alerts a WHERE alert_id = $1`, [alerts[0].id]);
    expect(row.row).not.toContain('核实后已返校');
    const again = await t.http().post(`/v1/alerts/${alerts[0].id}/dismiss`).set('Authorization', `Bearer ${village.token}`).send({ reason: '再次' });
    expect(again.status).toBe(409);
    const noReason = await t.http().post(`/v1/alerts/${alerts[1].id}/dismiss`).set('Authorization', `Bearer ${village.token}`).send({});
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors[0].field).toBe('reason');
  });

  it('opens a case from an alert with the signal linked in CaseOpened', async () => {
    const village = await person(t, 'caseworker', OTHER_VILLAGE);
    const res = await t
      .http()
      .post(`/v1/alerts/${alerts[1].id}/open-case`)
      .set('Authorization', `Bearer ${village.token}`)
      .send({ summary: '辍学预警核实后立案', risk: 'medium' });
    expect(res.status).toBe(201);
    expect(res.body.alert.status).toBe('case_opened');
    const caseId = res.body.case.id;
    const [opened]: { data: { signalId: string; kind: string } }[] = await t.db.query(`SELECT data FROM case_events WHERE case_id = $1 AND seq = 1`, [
      caseId,
    ]);
    expect(opened.data).toMatchObject({ signalId: alerts[1].signalId, kind: 'guardianship_gap', origin: OTHER_VILLAGE });
  });

  it('asks for the subject (422 naming the fields) when the signal’s subject cannot be read where the alert is worked — never a 500 (found by schemathesis)', async () => {
    const raised = await post(source, [
      signal(tag, 3, {
        source: 'public_security',
        type: 'guardian_custody',
        division: OTHER_VILLAGE,
        subject: { idNumber: idNumber('330106'), name: '王小刚' },
      }),
    ]);
    expect(raised.body.alertsRaised).toBe(1);
    // Another API process over the same database, whose keys did not seal this signal.
    const elsewhere = await startTestApp({ worker: false });
    try {
      const village = await person(elsewhere, 'caseworker', OTHER_VILLAGE);
      const list = await elsewhere.http().get('/v1/alerts?limit=500').set('Authorization', `Bearer ${village.token}`);
      const alert = list.body.items.find((a: { signalId: string }) => a.signalId === `${tag}-3`) as { id: string; subject: { name: string | null } };
      expect(alert.subject.name).toBeNull();
      const res = await elsewhere
        .http()
        .post(`/v1/alerts/${alert.id}/open-case`)
        .set('Authorization', `Bearer ${village.token}`)
        .send({ kind: 'disability_subsidy', summary: '核实后立案' });
      expect(res.status).toBe(422);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['subject.name', 'subject.idNumber']);
    } finally {
      await elsewhere.close();
    }
  });
});
