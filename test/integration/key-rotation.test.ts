import { randomBytes } from 'node:crypto';
import type { AppConfig } from '../../src/config/config';
import { LocalKeyProvider } from '../../src/keys/key-provider';
import { keyStatus, rewrapCaseKeys, type RewrapProgress } from '../../src/subjects/key-rotation';
import { idNumber, VILLAGE } from '../support/builders';
import { startTestApp, type TestApp } from '../support/test-app';

// Issue 12, key rotation: a new key-encryption key becomes current; a job rewraps every case's data
// key under it in batches without downtime, recording its progress, while cases are read (and
// worked) throughout; then the old key is retired and every case still reads. The rollout follows
// the README: (1) every process holds old + new, (2) the new one becomes current, (3) rewrap, (4)
// the old one leaves the ring.

const suffix = randomBytes(3).toString('hex');
const OLD = `rot-old-${suffix}`;
const NEW = `rot-new-${suffix}`;
const oldKey = randomBytes(32);
const newKey = randomBytes(32);
const ring = (keys: Record<string, Buffer>, current: string): AppConfig['caseKeys'] => ({ keys, activeKeyId: current });

const CASES = 7;
let holding: TestApp; // step 1: holds both, the old one current — the worker runs here
let rotated: TestApp; // step 2: the new one current
let retired: TestApp; // step 4: the old one gone
const cases: { id: string; name: string; summary: string }[] = [];

async function read(app: TestApp, id: string) {
  const token = await app.token({ id: 'cw-rotation', roles: ['caseworker'], division: VILLAGE });
  const res = await app.http().get(`/v1/cases/${id}`).set('Authorization', `Bearer ${token}`);
  return res;
}

beforeAll(async () => {
  holding = await startTestApp({ config: { caseKeys: ring({ [OLD]: oldKey, [NEW]: newKey }, OLD) } });
  rotated = await startTestApp({ worker: false, config: { caseKeys: ring({ [OLD]: oldKey, [NEW]: newKey }, NEW) } });
  retired = await startTestApp({ worker: false, config: { caseKeys: ring({ [NEW]: newKey }, NEW) } });
  const token = await holding.token({ id: 'cw-rotation', roles: ['caseworker'], division: VILLAGE });
  for (let i = 0; i < CASES; i++) {
    const c = { name: `轮换${suffix}${i}`, summary: `密钥轮换测试摘要 ${suffix} ${i}` };
    const res = await holding
      .http()
      .post('/v1/cases')
      .set('Authorization', `Bearer ${token}`)
      .send({ kind: 'dibao', subject: { name: c.name, idNumber: idNumber() }, summary: c.summary });
    expect(res.status).toBe(201);
    cases.push({ id: res.body.id as string, ...c });
  }
}, 120_000);
afterAll(async () => {
  await retired?.close();
  await rotated?.close();
  await holding?.close();
});

const ours = (byKek: Record<string, number>) => ({ old: byKek[OLD] ?? 0, new: byKek[NEW] ?? 0 });

describe('rotating the key-encryption key', () => {
  it('every data key starts wrapped by the old key, and a ring without it cannot read them (so retiring it first would lose them)', async () => {
    expect(ours((await keyStatus(holding.db)).liveKeysByKek)).toEqual({ old: CASES, new: 0 });
    const res = await read(retired, cases[0].id);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ summary: '', subject: null, privacy: { narratives: 'unavailable', subject: 'unavailable' } });
  });

  it('rewraps every case key in batches, recording progress, while every case is read in full during the rewrap', async () => {
    const reads: { id: string; status: number; summary: string; name: string | undefined }[] = [];
    const readAll = async () => {
      for (const c of cases) {
        const res = await read(rotated, c.id);
        reads.push({ id: c.id, status: res.status, summary: res.body.summary as string, name: (res.body.subject as { name?: string } | null)?.name });
      }
    };
    let midway: { old: number; new: number } | null = null;
    const batches: RewrapProgress[] = [];
    let rewrapping = true;
    const background = (async () => {
      while (rewrapping) await readAll();
    })();
    const done = await rewrapCaseKeys(holding.db, new LocalKeyProvider(ring({ [OLD]: oldKey, [NEW]: newKey }, NEW)), {
      batchSize: 3,
      fromKekIds: [OLD],
      onBatch: async (p) => {
        batches.push(p);
        // A read between two batches: some keys are under the new key, some still under the old.
        if (midway === null) {
          midway = ours((await keyStatus(holding.db)).liveKeysByKek);
          await readAll();
        }
      },
    });
    rewrapping = false;
    await background;

    expect(done).toMatchObject({ rewrapped: CASES, failed: 0, remaining: 0 });
    expect(batches.map((b) => b.rewrapped)).toEqual([3, 6, 7]);
    expect(midway).toEqual({ old: CASES - 3, new: 3 });
    const run = (await keyStatus(holding.db)).runs.find((r) => r.runId === done.runId);
    expect(run).toMatchObject({ targetKekId: NEW, rewrapped: CASES, failed: 0, remaining: 0, finishedAt: expect.any(String) });
    expect(ours((await keyStatus(holding.db)).liveKeysByKek)).toEqual({ old: 0, new: CASES });

    expect(reads.length).toBeGreaterThanOrEqual(2 * CASES);
    const byId = new Map(cases.map((c) => [c.id, c]));
    expect(reads.filter((r) => r.status !== 200 || r.summary !== byId.get(r.id)?.summary || r.name !== byId.get(r.id)?.name)).toEqual([]);
  });

  it('the old key can then be retired: a ring of the new key alone reads every case, and cases go on being worked', async () => {
    const token = await holding.token({ id: 'cw-rotation', roles: ['caseworker'], division: VILLAGE });
    const note = await holding
      .http()
      .post(`/v1/cases/${cases[0].id}/notes`)
      .set('Authorization', `Bearer ${token}`)
      .set('If-Match', '"1"')
      .send({ text: `轮换之后的备注 ${suffix}` });
    expect(note.status).toBe(200);
    for (const c of cases) {
      const res = await read(retired, c.id);
      expect(res.body).toMatchObject({ summary: c.summary, subject: { name: c.name }, privacy: { narratives: 'full' } });
    }
    const rToken = await retired.token({ id: 'cw-rotation', roles: ['caseworker'], division: VILLAGE });
    const events = await retired.http().get(`/v1/cases/${cases[0].id}/events`).set('Authorization', `Bearer ${rToken}`);
    expect(events.body.events.map((e: { data: { text?: string } }) => e.data.text).filter(Boolean)).toEqual([`轮换之后的备注 ${suffix}`]);
  });
});
