import { startTestApp, type TestApp } from '../support/test-app';

// Found by schemathesis: a feed cursor with a leading zero (`074289769747.70`) reached PostgreSQL,
// whose xid8 reads it as octal and fails — a 500. A cursor is two whole numbers without leading
// zeros, as the feed writes them; anything else is 400 naming `after`.

let t: TestApp;
beforeAll(async () => (t = await startTestApp({ worker: false })));
afterAll(() => t.close());

const feed = async (after: string) => {
  const token = await t.token({ id: 'admin-feed-cursor', roles: ['admin'], division: '330000000000' });
  return t.http().get(`/v1/feed?after=${after}&limit=73`).set('Authorization', `Bearer ${token}`);
};

it.each(['074289769747.70', '1.01', '00.0', '1.', '.1', '1.2.3'])('refuses the cursor %s with 400 naming after', async (after) => {
  const res = await feed(after);
  expect(res.status).toBe(400);
  expect(res.body.errors).toEqual([{ field: 'after', message: 'is not a feed cursor' }]);
});

it.each(['0.0', '1.999999999999999999', '999999999999999999.1'])('takes the cursor %s as the feed writes them', async (after) => {
  const res = await feed(after);
  expect(res.status).toBe(200);
  // The database is shared with other suites: events may follow; the next cursor is one of the feed's own.
  expect(res.body.next).toMatch(/^(0|[1-9][0-9]{0,17})\.(0|[1-9][0-9]{0,17})$/);
  expect(Array.isArray(res.body.items)).toBe(true);
});

it('answers a cursor past every event with no events and the same cursor', async () => {
  const res = await feed('999999999999999999.1');
  expect(res.body).toEqual({ items: [], next: '999999999999999999.1' });
});
