import { randomUUID } from 'node:crypto';
import { OTHER_TOWNSHIP_VILLAGE, openCaseBody, VILLAGE } from '../support/builders';
import { CaseDriver, person, type Person } from '../support/case-driver';
import { startTestApp, type TestApp } from '../support/test-app';

// Referrals (物质 + 服务): a caseworker refers a case to a service provider with the consent
// recorded; the provider sees only the referral's minimum fields, accepts or declines, records the
// service delivered; referrals left unanswered past their deadline show in the units' queue.

let t: TestApp;
let worker: Person;
let provider: Person;
let c: CaseDriver;
let referralId: string;
const PURPOSE = '心理疏导，每周一次，保密';

beforeAll(async () => {
  t = await startTestApp();
  worker = await person(t, 'caseworker', VILLAGE);
  provider = await person(t, 'provider', VILLAGE, `social-work-${randomUUID().slice(0, 6)}`);
  c = await new CaseDriver(t).open(worker, openCaseBody({ kind: 'dibao', subject: { name: '转介对象', idNumber: openCaseBody().subject.idNumber } }));
  await c.act(worker, 'referrals', {
    providerId: provider.id,
    service: 'counseling',
    purpose: PURPOSE,
    consent: { givenBy: 'subject', method: 'written' },
  });
  [{ referral_id: referralId }] = await t.db.query('SELECT referral_id FROM referrals WHERE case_id = $1', [c.id]);
});
afterAll(() => t.close());

const get = (who: Person, path: string) => t.http().get(path).set('Authorization', `Bearer ${who.token}`);
const post = (who: Person, path: string, body: object = {}) => t.http().post(path).set('Authorization', `Bearer ${who.token}`).send(body);

it('records the referral with its consent, its purpose sealed', async () => {
  const rows: { type: string; data: { consent?: object; purpose?: string } }[] = await t.db.query(
    `SELECT type, data FROM case_events WHERE case_id = $1 AND type = 'ReferralMade'`,
    [c.id],
  );
  expect(rows[0].data.consent).toEqual({ givenBy: 'subject', method: 'written' });
  expect(rows[0].data.purpose).not.toContain('心理疏导');
  const [out]: { payload: object }[] = await t.db.query(`SELECT payload FROM event_outbox WHERE case_id = $1 AND payload->>'type' = 'ReferralMade'`, [
    c.id,
  ]);
  expect(JSON.stringify(out.payload)).not.toMatch(/心理疏导|consent|purpose/);
});

it('refuses a referral without consent, naming the field', async () => {
  const res = await c.act(worker, 'referrals', { providerId: provider.id, service: 'counseling', purpose: 'x' }, 400);
  expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('consent');
});

it('shows the provider only its referrals’ minimum fields, and never the case', async () => {
  const list = await get(provider, '/v1/provider/referrals');
  expect(list.status).toBe(200);
  const mine = list.body.items.find((r: { referralId: string }) => r.referralId === referralId);
  expect(Object.keys(mine).sort()).toEqual(['madeAt', 'overdue', 'referralId', 'referredBy', 'respondBy', 'service', 'status']);
  expect(mine).toMatchObject({ service: 'counseling', status: 'pending', referredBy: VILLAGE });
  expect(JSON.stringify(list.body)).not.toMatch(/转介对象|心理疏导|MP-|HS-/);
  expect((await get(provider, `/v1/cases/${c.id}`)).status).toBe(403);
  expect((await get(provider, '/v1/referrals')).status).toBe(403);

  const other = await person(t, 'provider', VILLAGE, `charity-${randomUUID().slice(0, 6)}`);
  expect((await get(other, '/v1/provider/referrals')).body.items).toEqual([]);
  expect((await post(other, `/v1/provider/referrals/${referralId}/accept`)).status).toBe(404);
  expect((await post(worker, `/v1/provider/referrals/${referralId}/accept`)).status).toBe(403);
});

it('shows a referral unanswered past its deadline as overdue in the unit’s queue, not elsewhere', async () => {
  // The deadline is 5 working days (REFERRAL_RULES); the projection's is moved back to see the queue turn.
  await t.db.query(`UPDATE referrals SET respond_by = now() - interval '1 hour' WHERE referral_id = $1`, [referralId]);
  const queue = await get(worker, '/v1/referrals?overdue=true');
  expect(queue.status).toBe(200);
  expect(queue.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ referralId, overdue: true, providerId: provider.id })]));
  expect((await get(provider, '/v1/provider/referrals?overdue=true')).body.items.map((r: { referralId: string }) => r.referralId)).toContain(
    referralId,
  );
  const elsewhere = await person(t, 'caseworker', OTHER_TOWNSHIP_VILLAGE);
  expect((await get(elsewhere, '/v1/referrals')).body.items.map((r: { referralId: string }) => r.referralId)).not.toContain(referralId);
});

it('takes the provider’s acceptance and its record of the service delivered, in that order', async () => {
  expect((await post(provider, `/v1/provider/referrals/${referralId}/service-delivered`, { notes: '尚未接受' })).status).toBe(409);
  const accepted = await post(provider, `/v1/provider/referrals/${referralId}/accept`);
  expect(accepted.status).toBe(200);
  expect(accepted.body).toMatchObject({ status: 'accepted', overdue: false });
  const delivered = await post(provider, `/v1/provider/referrals/${referralId}/service-delivered`, { notes: '已完成首次心理疏导' });
  expect(delivered.status).toBe(200);
  expect(delivered.body.status).toBe('delivered');
  expect(await c.events()).toEqual(['CaseOpened', 'ReferralMade', 'ReferralAccepted', 'ServiceDelivered']);
  const [row]: { actor: string; data: { notes: string } }[] = await t.db.query(
    `SELECT actor, data FROM case_events WHERE case_id = $1 AND type = 'ServiceDelivered'`,
    [c.id],
  );
  expect(row.actor).toBe(provider.id);
  expect(row.data.notes).not.toContain('心理疏导');
});

it('takes a provider’s refusal with its reason, sealed', async () => {
  // The provider's answers moved the case on: the caseworker reads it again first.
  [{ version: c.version }] = await t.db.query('SELECT version FROM cases WHERE case_id = $1', [c.id]);
  await c.act(worker, 'referrals', {
    providerId: provider.id,
    service: 'material_aid',
    purpose: '冬季物资',
    consent: { givenBy: 'guardian', method: 'oral_witnessed' },
  });
  const [{ referral_id: second }]: { referral_id: string }[] = await t.db.query(
    `SELECT referral_id FROM referrals WHERE case_id = $1 AND service = 'material_aid'`,
    [c.id],
  );
  const noReason = await post(provider, `/v1/provider/referrals/${second}/decline`, {});
  expect([noReason.status, noReason.body.errors?.[0]?.field]).toEqual([400, 'reason']);
  const declined = await post(provider, `/v1/provider/referrals/${second}/decline`, { reason: '本机构物资已发完' });
  expect([declined.status, declined.body.status]).toEqual([200, 'declined']);
  const [row]: { data: { reason: string } }[] = await t.db.query(`SELECT data FROM case_events WHERE case_id = $1 AND type = 'ReferralDeclined'`, [
    c.id,
  ]);
  expect(row.data.reason).not.toContain('物资');
  expect((await post(provider, `/v1/provider/referrals/${second}/accept`)).status).toBe(409);
});
