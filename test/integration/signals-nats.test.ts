import { randomUUID } from 'node:crypto';
import { COUNTY, idNumber, OTHER_VILLAGE } from '../support/builders';
import { testNats, type TestNats } from '../support/nats';
import { startTestApp, type TestApp } from '../support/test-app';

// Signals in over a real NATS JetStream: a department publishes to its subject; the API takes each
// message through the same intake as the HTTP batch. At least once, dedup by (source, signalId):
// the same message published twice stores its signals once and raises each alert once.

let t: TestApp;
let nats: TestNats;
const tag = randomUUID().slice(0, 8);
const prefix = `test${tag}.signals`;
const stream = `SIGNALS_${tag}`;
const sourceId = `xihu-police-${tag}`;

beforeAll(async () => {
  nats = await testNats();
  t = await startTestApp({ config: { signalsIn: { natsUrl: nats.url, stream, subjectPrefix: prefix, sources: { [sourceId]: COUNTY } } } });
});
afterAll(async () => {
  await t?.close();
  await nats?.close();
});

const custody = (i: number) => ({
  source: 'public_security',
  signalId: `${tag}-${i}`,
  type: 'guardian_custody',
  occurredAt: '2026-03-01T08:00:00Z',
  subject: { idNumber: idNumber('330106') },
  division: OTHER_VILLAGE,
  detail: {},
});

it('takes signals from JetStream, once each however often they are delivered', async () => {
  const js = nats.connection.jetstream();
  const batch = JSON.stringify({ signals: [custody(1), custody(2)] });
  await js.publish(`${prefix}.${sourceId}`, batch);
  await js.publish(`${prefix}.${sourceId}`, batch);
  await js.publish(`${prefix}.${sourceId}`, JSON.stringify(custody(3)));
  // Not a configured source system, and not JSON: dropped, not redelivered forever.
  await js.publish(`${prefix}.someone-else`, JSON.stringify(custody(4)));
  await js.publish(`${prefix}.${sourceId}`, 'not json');

  const jsm = await nats.connection.jetstreamManager();
  const started = Date.now();
  for (;;) {
    const info = await jsm.consumers.info(stream, 'casework-signals').catch(() => null);
    if (info && info.num_pending === 0 && info.num_ack_pending === 0 && info.delivered.stream_seq >= 5) break;
    if (Date.now() - started > 30_000) throw new Error(`signals not consumed: ${JSON.stringify(info)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const signals: { signal_id: string; submitted_by: string }[] = await t.db.query(
    'SELECT signal_id, submitted_by FROM signals WHERE signal_id LIKE $1 ORDER BY signal_id',
    [`${tag}-%`],
  );
  expect(signals).toEqual([1, 2, 3].map((i) => ({ signal_id: `${tag}-${i}`, submitted_by: sourceId })));
  const [{ n }]: { n: string }[] = await t.db.query('SELECT count(*) AS n FROM alerts WHERE signal_id LIKE $1', [`${tag}-%`]);
  expect(Number(n)).toBe(3);
});
