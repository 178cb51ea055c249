import { openCaseBody } from '../support/builders';

/** 金祝社区 of 北山街道: no other test opens cases here, so the list holds only this test's cases. */
const UNIT = '330106002053';
import { startTestApp, type TestApp } from '../support/test-app';

// A subject this API process cannot decrypt (its key is not configured here, or the row is damaged)
// is a fault of that one case: the list of the unit still answers, with that case's subject absent;
// reading the case itself answers 200 without the subject. Before, one such row made the list 500.

let t: TestApp;
beforeAll(async () => (t = await startTestApp()));
afterAll(() => t.close());

it('lists a unit whose one case has an undecryptable subject, showing every other subject', async () => {
  const token = await t.token({ id: 'cw-undecryptable', roles: ['caseworker'], division: UNIT });
  const open = async () => {
    const res = await t
      .http()
      .post('/v1/cases')
      .set('Authorization', `Bearer ${token}`)
      .send(openCaseBody({ division: UNIT }));
    expect(res.status).toBe(201);
    return res.body as { id: string; subject: { name: string } };
  };
  const [broken, fine] = [await open(), await open()];
  await t.db.query(`UPDATE subjects SET key_id = 'key-not-configured-here' WHERE case_id = $1`, [broken.id]);

  const list = await t.http().get(`/v1/cases?division=${UNIT}&limit=200`).set('Authorization', `Bearer ${token}`);
  expect(list.status).toBe(200);
  const byId = new Map((list.body.items as { id: string; subject: unknown }[]).map((c) => [c.id, c.subject]));
  expect(byId.get(broken.id)).toBeNull();
  expect(byId.get(fine.id)).toMatchObject({ name: fine.subject.name });

  const one = await t.http().get(`/v1/cases/${broken.id}`).set('Authorization', `Bearer ${token}`);
  expect(one.status).toBe(200);
  expect(one.body.subject).toBeNull();
});
