import { randomUUID } from 'node:crypto';
import { AckPolicy, DeliverPolicy, type JsMsg } from 'nats';
import { ensureEventStream, OutboxRelay } from '../../src/events-out/outbox-relay';
import type { OutboundEvent } from '../../src/domain';
import { openCaseBody, OTHER_TOWNSHIP_VILLAGE, VILLAGE } from '../support/builders';
import { CaseDriver, person } from '../support/case-driver';
import { testNats, type TestNats } from '../support/nats';
import { buildOnce, startService, type Service } from '../support/processes';
import { stackInfo } from '../support/stack-info';
import { startTestApp, type TestApp } from '../support/test-app';

// Events out (issue 14): every committed case event gets an outbox row in its own transaction,
// personal data removed; the HTTP feed serves it by cursor in scope; the relay publishes it to a
// real NATS JetStream with the event id as message id — killed mid-stream and restarted, no event
// is lost, none is duplicated, and each case's events stay in order.

let t: TestApp;
let nats: TestNats;
beforeAll(async () => {
  [t, nats] = await Promise.all([startTestApp(), testNats()]);
  await buildOnce();
}, 600_000);
afterAll(async () => {
  await nats?.close();
  await t?.close();
});

const NAME = '测试外发';

/** Open `cases` cases at `division` and add `notes` notes to each, all cases at once. */
async function caseActivity(division: string, cases: number, notes: number): Promise<string[]> {
  const cw = await person(t, 'caseworker', division);
  return Promise.all(
    Array.from({ length: cases }, async () => {
      const c = await new CaseDriver(t).open(cw, openCaseBody({ subject: { name: NAME, idNumber: openCaseBody().subject.idNumber } }));
      for (let i = 0; i < notes; i++) await c.act(cw, 'notes', { text: `外发备注 ${i}` });
      return c.id;
    }),
  );
}

async function storedEventIds(caseIds: string[]): Promise<string[]> {
  const rows: { id: string }[] = await t.db.query(
    `SELECT case_id || ':' || seq AS id FROM case_events WHERE case_id = ANY($1::uuid[]) ORDER BY case_id, seq`,
    [caseIds],
  );
  return rows.map((r) => r.id);
}

it('writes one outbox row per event in the event’s transaction, with no personal data in it', async () => {
  const [caseId] = await caseActivity(VILLAGE, 1, 2);
  const rows: { event_id: string; payload: OutboundEvent; subject: string }[] = await t.db.query(
    'SELECT event_id, payload, subject FROM event_outbox WHERE case_id = $1 ORDER BY seq',
    [caseId],
  );
  expect(rows.map((r) => r.event_id)).toEqual(await storedEventIds([caseId]));
  expect(rows.map((r) => r.payload.type)).toEqual(['CaseOpened', 'NoteAdded', 'NoteAdded']);
  expect(rows[0].subject).toBe('casework.events.hardship.dibao.CaseOpened');
  const text = JSON.stringify(rows);
  for (const secret of [NAME, '外发备注', '申请最低生活保障']) expect(text).not.toContain(secret);
  expect(rows[0].payload.data).toEqual(expect.objectContaining({ kind: 'dibao', origin: VILLAGE, subjectRef: rows[0].payload.subjectRef }));
  expect(rows[1].payload.data).toEqual({});
});

it('serves the feed by cursor, in scope, to a subscriber only', async () => {
  const mine = await caseActivity(VILLAGE, 2, 1);
  const theirs = await caseActivity(OTHER_TOWNSHIP_VILLAGE, 1, 0);
  const subscriber = await person(t, 'subscriber', VILLAGE);
  const seen: OutboundEvent[] = [];
  let after: string | undefined;
  for (let page = 0; page < 1000; page++) {
    const res = await t
      .http()
      .get(`/v1/feed${after ? `?after=${after}&limit=1000` : '?limit=1000'}`)
      .set('Authorization', `Bearer ${subscriber.token}`);
    expect(res.status).toBe(200);
    seen.push(...res.body.items);
    if (res.body.items.length === 0) {
      expect(res.body.next).toBe(after);
      break;
    }
    after = res.body.next;
  }
  const ids = seen.map((e) => e.eventId);
  expect(new Set(ids).size).toBe(ids.length);
  expect(ids).toEqual(expect.arrayContaining(await storedEventIds(mine)));
  expect(seen.some((e) => theirs.includes(e.caseId))).toBe(false);

  const caseworker = await person(t, 'caseworker', VILLAGE);
  expect((await t.http().get('/v1/feed').set('Authorization', `Bearer ${caseworker.token}`)).status).toBe(403);
  for (const after of ['nope', '99999999999999999999.99999999999999999999']) {
    const bad = await t.http().get(`/v1/feed?after=${after}`).set('Authorization', `Bearer ${subscriber.token}`);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('after');
  }
  // A cursor the feed never gave, but well-formed: an empty page, not an error.
  const far = await t.http().get('/v1/feed?after=999999999999999999.999999999999999999').set('Authorization', `Bearer ${subscriber.token}`);
  expect([far.status, far.body.items]).toEqual([200, []]);
});

/** Every message of the stream, in stream order. */
async function streamMessages(stream: string): Promise<{ subject: string; msgId: string | undefined; event: OutboundEvent }[]> {
  const jsm = await nats.connection.jetstreamManager();
  const { state } = await jsm.streams.info(stream);
  const name = `read-${randomUUID().slice(0, 8)}`;
  await jsm.consumers.add(stream, { durable_name: name, ack_policy: AckPolicy.None, deliver_policy: DeliverPolicy.All });
  const consumer = await nats.connection.jetstream().consumers.get(stream, name);
  const out: { subject: string; msgId: string | undefined; event: OutboundEvent }[] = [];
  while (out.length < state.messages) {
    const batch = await consumer.fetch({ max_messages: 1000, expires: 2000 });
    for await (const m of batch as AsyncIterable<JsMsg>) {
      out.push({ subject: m.subject, msgId: m.headers?.get('Nats-Msg-Id'), event: m.json<OutboundEvent>() });
    }
  }
  await jsm.consumers.delete(stream, name);
  return out;
}

async function streamCount(stream: string): Promise<number> {
  return (await (await nats.connection.jetstreamManager()).streams.info(stream)).state.messages;
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

it('relays to JetStream through a kill mid-stream and a restart: nothing lost, nothing duplicated, each case in order', async () => {
  const tag = randomUUID().slice(0, 8);
  const prefix = `test${tag}.events`;
  const stream = `EVENTS_${tag}`;
  await ensureEventStream(nats.connection, stream, prefix);
  const env = {
    DATABASE_URL: stackInfo().databaseUrl,
    NATS_URL: nats.url,
    EVENTS_STREAM: stream,
    EVENTS_SUBJECT_PREFIX: prefix,
    RELAY_NAME: `test-${tag}`,
    // Small batches: the kill lands between a batch's publishes and its cursor.
    RELAY_BATCH: '7',
    RELAY_PUBLISH_INTERVAL_MS: '20',
  };
  const start = (): Service => startService('relay', 'src/relay.js', env);

  let relay = start();
  const activity = caseActivity(VILLAGE, 6, 12);
  // Kill it (SIGKILL: no chance to save anything) while a batch is half published: events in the
  // stream that its saved cursor does not cover yet. Tried again if a kill lands between batches.
  const covered = async (): Promise<number> => {
    const [{ n }]: { n: string }[] = await t.db.query(
      `SELECT count(*) AS n FROM event_outbox o JOIN outbox_relay_cursors c ON c.relay = $1 WHERE (o.tx_id, o.position) <= (c.tx_id, c.position)`,
      [env.RELAY_NAME],
    );
    return Number(n);
  };
  let atKill = 0;
  let underCursor = 0;
  for (let attempt = 0; attempt < 5 && atKill <= underCursor; attempt++) {
    await waitFor('a batch half published', async () => (await streamCount(stream)) > (await covered()));
    relay.child.kill('SIGKILL');
    await relay.exited;
    [atKill, underCursor] = [await streamCount(stream), await covered()];
    if (atKill <= underCursor) relay = start();
  }
  expect(atKill).toBeGreaterThan(underCursor);
  process.stderr.write(
    `[events-out] killed with ${atKill} events in the stream, ${underCursor} under its cursor: the restart publishes the rest again\n`,
  );
  const caseIds = await activity;
  relay = start();
  try {
    const expected = await storedEventIds(caseIds);
    await waitFor('every event relayed', async () => {
      const [{ n }]: { n: string }[] = await t.db.query(
        `SELECT count(*) AS n FROM event_outbox o JOIN outbox_relay_cursors c ON c.relay = $1
          WHERE o.case_id = ANY($2::uuid[]) AND (o.tx_id, o.position) <= (c.tx_id, c.position)`,
        [env.RELAY_NAME, caseIds],
      );
      return Number(n) === expected.length;
    });
    const messages = await streamMessages(stream);
    const ours = messages.filter((m) => caseIds.includes(m.event.caseId));
    // Nothing lost.
    expect(ours.map((m) => m.event.eventId).sort()).toEqual([...expected].sort());
    // None duplicated: JetStream dropped every re-publish by its message id (the event id).
    const all = messages.map((m) => m.event.eventId);
    expect(new Set(all).size).toBe(all.length);
    expect(messages.every((m) => m.msgId === m.event.eventId)).toBe(true);
    // Each case in order, on its family's and kind's subject.
    for (const caseId of caseIds) {
      const seqs = ours.filter((m) => m.event.caseId === caseId).map((m) => m.event.seq);
      expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    }
    expect(ours.every((m) => m.subject === `${prefix}.hardship.dibao.${m.event.type}`)).toBe(true);
    expect(JSON.stringify(ours)).not.toContain(NAME);
  } finally {
    await relay.stop();
  }

  // A relay that lost its cursor altogether publishes everything again: the stream keeps one of each.
  const before = await streamCount(stream);
  await t.db.query('DELETE FROM outbox_relay_cursors WHERE relay = $1', [env.RELAY_NAME]);
  const again = new OutboxRelay(t.db, nats.connection, { name: env.RELAY_NAME, subjectPrefix: prefix, batchSize: 500 });
  while ((await again.relayOnce()) > 0);
  expect(again.published).toBeGreaterThanOrEqual(before);
  expect(await streamCount(stream)).toBe(before);
});

it('retries while the stream is gone, and two relays of one name take turns: each event once, each case in order', async () => {
  const tag = randomUUID().slice(0, 8);
  const prefix = `retry${tag}.events`;
  const stream = `RETRY_${tag}`;
  const name = `retry-${tag}`;
  // Start past everything already in the outbox: only the cases made here go out.
  await ensureEventStream(nats.connection, stream, prefix);
  const skip = new OutboxRelay(t.db, nats.connection, { name, subjectPrefix: prefix, batchSize: 100_000 });
  while ((await skip.relayOnce()) > 0);
  await (await nats.connection.jetstreamManager()).streams.delete(stream);

  let failures = 0;
  const opts = { name, subjectPrefix: prefix, batchSize: 5, idleMs: 20, maxBackoffMs: 200, onError: () => failures++ };
  const relays = [new OutboxRelay(t.db, nats.connection, opts), new OutboxRelay(t.db, nats.connection, opts)];
  relays.forEach((r) => r.start());
  try {
    const caseIds = await caseActivity(VILLAGE, 3, 4);
    await waitFor('publishes failing with no stream', () => Promise.resolve(failures >= 2));
    await ensureEventStream(nats.connection, stream, prefix);
    const expected = await storedEventIds(caseIds);
    await waitFor('every event relayed after the stream came back', async () => {
      const messages = await streamMessages(stream);
      return expected.every((id) => messages.some((m) => m.event.eventId === id));
    });
    const messages = await streamMessages(stream);
    const all = messages.map((m) => m.event.eventId);
    expect(new Set(all).size).toBe(all.length);
    for (const caseId of caseIds) {
      const seqs = messages.filter((m) => m.event.caseId === caseId).map((m) => m.event.seq);
      expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    }
  } finally {
    await Promise.all(relays.map((r) => r.stop()));
  }
});

/** Synthetic outbox rows (codes only) for `cases` cases × `perCase` events, outside every test's scope. */
async function syntheticBacklog(cases: number, perCase: number): Promise<string[]> {
  const caseIds = Array.from({ length: cases }, () => randomUUID());
  await t.db.query(
    `INSERT INTO event_outbox (event_id, case_id, seq, subject, holder, origin, payload)
     SELECT c || ':' || s, c::uuid, s, 'casework.events.hardship.dibao.NoteAdded', '990000000000', '990000000000',
            jsonb_build_object('eventId', c || ':' || s, 'caseId', c, 'seq', s, 'type', 'NoteAdded', 'family', 'hardship',
                               'kind', 'dibao', 'at', now(), 'holder', '990000000000', 'subjectRef', c, 'data', '{}'::jsonb)
       FROM unnest($1::text[]) c, generate_series(1, $2::int) s`,
    [caseIds, perCase],
  );
  return caseIds;
}

it('measures the relay’s throughput (events/s): many cases at once, and few cases with long histories', async () => {
  for (const [cases, perCase] of [
    [10_000, 1],
    [20, 500],
  ]) {
    const tag = randomUUID().slice(0, 8);
    const prefix = `bench${tag}.events`;
    const stream = `BENCH_${tag}`;
    await ensureEventStream(nats.connection, stream, prefix);
    // A relay of its own that starts past everything else in the outbox: it relays only this backlog.
    const name = `bench-${tag}`;
    const skip = new OutboxRelay(t.db, nats.connection, { name, subjectPrefix: `skip${tag}`, batchSize: 100_000 });
    await ensureEventStream(nats.connection, `SKIP_${tag}`, `skip${tag}`);
    while ((await skip.relayOnce()) > 0);
    await syntheticBacklog(cases, perCase);
    const relay = new OutboxRelay(t.db, nats.connection, { name, subjectPrefix: prefix, batchSize: 1000 });
    const started = performance.now();
    let sent = 0;
    for (let n = await relay.relayOnce(); n > 0; n = await relay.relayOnce()) sent += n;
    const seconds = (performance.now() - started) / 1000;
    expect(sent).toBeGreaterThanOrEqual(cases * perCase);
    expect(await streamCount(stream)).toBe(sent);
    process.stderr.write(
      `[events-out] relay, ${cases} cases × ${perCase} events: ${sent} events in ${seconds.toFixed(2)} s = ${Math.round(sent / seconds)} events/s\n`,
    );
  }
});
