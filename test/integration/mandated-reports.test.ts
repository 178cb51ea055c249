import { COUNTY, idNumber, OTHER_TOWNSHIP, TOWNSHIP, VILLAGE } from '../support/builders';
import { person, type Person } from '../support/case-driver';
import { startTestApp, type TestApp } from '../support/test-app';

// 强制报告 (未成年人保护法 art. 11): a school files a report; it becomes a mandatory_report case at
// the child's village (a critical one goes to the county at once); the school gets a receipt and
// reads back only the status and outcome notice of its own reports — never the case.

let t: TestApp;
let school: Person;
beforeAll(async () => {
  t = await startTestApp();
  school = await person(t, 'reporter', TOWNSHIP, `school-${Math.random().toString(36).slice(2, 8)}`);
});
afterAll(() => t.close());

const file = (who: Person, body: object) => t.http().post('/v1/reports').set('Authorization', `Bearer ${who.token}`).send(body);
const report = (child: string, risk: string) => ({
  child: { name: '王小华', idNumber: child, addressDivision: VILLAGE },
  risk,
  summary: '学生身上多处伤痕，自述在家中被打',
});

async function caseOfReceipt(receipt: string): Promise<{ case_id: string; origin: string; holder: string; kind: string }> {
  const [row] = await t.db.query(
    `SELECT c.case_id, c.origin, c.holder, c.kind FROM mandated_reports r JOIN cases c ON c.case_id = r.case_id WHERE r.receipt_number = $1`,
    [receipt],
  );
  return row;
}

it('opens a mandatory_report case at the child’s village and answers only a receipt and a status', async () => {
  const res = await file(school, report(idNumber('330106', '20150601'), 'high'));
  expect(res.status).toBe(201);
  expect(Object.keys(res.body).sort()).toEqual(['filedAt', 'outcomeNotice', 'receiptNumber', 'status']);
  expect(res.body).toMatchObject({ status: 'being_handled', outcomeNotice: null });
  expect(res.body.receiptNumber).toMatch(/^QZBG-\d{8}-[0-9A-F]{8}$/);
  const c = await caseOfReceipt(res.body.receiptNumber);
  expect(c).toMatchObject({ origin: VILLAGE, holder: VILLAGE, kind: 'mandatory_report' });
  const [opened]: { data: { reportId: string }; actor: string }[] = await t.db.query(
    'SELECT data, actor FROM case_events WHERE case_id = $1 AND seq = 1',
    [c.case_id],
  );
  expect(opened.actor).toBe(school.id);
  expect(opened.data.reportId).toEqual(expect.any(String));

  const status = await t.http().get(`/v1/reports/${res.body.receiptNumber}`).set('Authorization', `Bearer ${school.token}`);
  expect(status.status).toBe(200);
  expect(Object.keys(status.body).sort()).toEqual(['filedAt', 'outcomeNotice', 'receiptNumber', 'status']);
  expect(JSON.stringify(status.body)).not.toMatch(/王小华|伤痕|MP-|330106/);

  // Never the case's content.
  expect((await t.http().get(`/v1/cases/${c.case_id}`).set('Authorization', `Bearer ${school.token}`)).status).toBe(403);
  expect((await t.http().get('/v1/cases').set('Authorization', `Bearer ${school.token}`)).status).toBe(403);
  expect((await t.http().get('/v1/alerts').set('Authorization', `Bearer ${school.token}`)).status).toBe(403);
});

it('takes a critical report down the emergency path to the county', async () => {
  const res = await file(school, report(idNumber('330106', '20160301'), 'critical'));
  expect(res.status).toBe(201);
  const c = await caseOfReceipt(res.body.receiptNumber);
  expect(c.holder).toBe(COUNTY);
  const events: { type: string; data: { cause?: string } }[] = await t.db.query(
    'SELECT type, data FROM case_events WHERE case_id = $1 ORDER BY seq',
    [c.case_id],
  );
  expect(events.map((e) => e.type)).toEqual(['CaseOpened', 'CaseEscalated']);
  expect(events[1].data.cause).toBe('emergency');
});

it('joins a second report about the same child to the case already open, telling the reporter nothing about it', async () => {
  const child = idNumber('330106', '20140901');
  const first = await file(school, report(child, 'medium'));
  const other = await person(t, 'reporter', OTHER_TOWNSHIP);
  const second = await file(other, report(child, 'medium'));
  expect(second.status).toBe(201);
  expect(Object.keys(second.body).sort()).toEqual(['filedAt', 'outcomeNotice', 'receiptNumber', 'status']);
  expect((await caseOfReceipt(second.body.receiptNumber)).case_id).toBe((await caseOfReceipt(first.body.receiptNumber)).case_id);
});

it('shows a reporter only its own reports', async () => {
  const mine = await file(school, report(idNumber('330106', '20170101'), 'low'));
  const other = await person(t, 'reporter', TOWNSHIP);
  expect((await t.http().get(`/v1/reports/${mine.body.receiptNumber}`).set('Authorization', `Bearer ${other.token}`)).status).toBe(404);
  const list = await t.http().get('/v1/reports').set('Authorization', `Bearer ${other.token}`);
  expect(list.status).toBe(200);
  expect(list.body.items.map((r: { receiptNumber: string }) => r.receiptNumber)).not.toContain(mine.body.receiptNumber);
  const own = await t.http().get('/v1/reports').set('Authorization', `Bearer ${school.token}`);
  expect(own.body.items.map((r: { receiptNumber: string }) => r.receiptNumber)).toContain(mine.body.receiptNumber);
  // A caseworker files no report, and a reporter opens no other kind of case.
  const caseworker = await person(t, 'caseworker', VILLAGE);
  expect((await file(caseworker, report(idNumber('330106', '20170102'), 'low'))).status).toBe(403);
  const asCase = await t
    .http()
    .post('/v1/cases')
    .set('Authorization', `Bearer ${school.token}`)
    .send({ kind: 'dibao', division: VILLAGE, subject: { name: '某', idNumber: idNumber() }, summary: 'x' });
  expect(asCase.status).toBe(403);
});

it('refuses a bad report naming the field', async () => {
  const res = await file(school, { ...report(idNumber('330106', '20170103'), 'severe') });
  expect(res.status).toBe(400);
  expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('risk');
  const county = await file(school, {
    ...report(idNumber('330106', '20170104'), 'low'),
    child: { name: '某', idNumber: idNumber('330106', '20170104'), addressDivision: COUNTY },
  });
  expect(county.status).toBe(422);
  expect(county.body.errors[0].field).toBe('child.addressDivision');
});
