import { openCaseBody, VILLAGE } from '../support/builders';
import { CaseDriver, person } from '../support/case-driver';
import { startTestApp, type TestApp } from '../support/test-app';

// Deadlines computed past the calendar's last published year are reported (issue 13 §3): in the
// health detail (GET /health/calendar) and as gauges on /metrics.

let t: TestApp;
beforeAll(async () => (t = await startTestApp()));
afterAll(() => t.close());

it('warns in the health detail and the metrics when an open deadline lies past the last published year', async () => {
  // A left-behind child's visit every 3 months (DEFAULT): from December 2026 its deadline is in 2027.
  const c = await new CaseDriver(t).open(
    await person(t, 'caseworker', VILLAGE),
    openCaseBody({ kind: 'left_behind', risk: 'low', summary: '留守儿童走访' }),
  );
  expect(Date.parse(c.view.deadline as string)).toBeGreaterThan(Date.parse('2026-12-31T16:00:00Z'));
  const res = await t.http().get('/health/calendar');
  expect(res.status).toBe(200);
  expect(res.body.openDeadlinesPastPublished).toBeGreaterThanOrEqual(1);
  expect(res.body.warning).toEqual(expect.stringContaining('provisional calendar'));
  const metrics = await t.http().get('/metrics');
  const gauge = /^casework_calendar_deadlines_past_published (\d+)$/m.exec(metrics.text);
  expect(Number(gauge?.[1])).toBeGreaterThanOrEqual(1);
});
