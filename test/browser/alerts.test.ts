/// <reference lib="dom" />
import { randomUUID } from 'node:crypto';
import { idNumber } from '../support/builders';
import { person } from '../support/case-driver';
import { expectAccessible, newPage, signInAs, startConsole, type ConsoleRig } from './support/console';

// Issue 14 in the console: a township caseworker finds a monitoring alert in 监测预警, with the
// person's name (the alert is for this township) and its deadline, and dismisses it with a reason.

let rig: ConsoleRig;
const TOWNSHIP = '330106008000'; // a 街道 of 西湖区 no other browser test uses

beforeAll(async () => {
  rig = await startConsole();
});
afterAll(async () => {
  await rig?.close();
});

it('lists an alert for the unit and dismisses it with a reason', async () => {
  const source = await person(rig.t, 'source_system', '330106000000');
  const signalId = `ui-${randomUUID().slice(0, 8)}`;
  const sent = await rig.t
    .http()
    .post('/v1/signals')
    .set('Authorization', `Bearer ${source.token}`)
    .send({
      signals: [
        {
          source: 'public_security',
          signalId,
          type: 'guardian_custody',
          occurredAt: '2026-03-01T08:00:00Z',
          subject: { idNumber: idNumber('330106'), name: '赵小雨' },
          division: TOWNSHIP,
        },
      ],
    });
  expect(sent.body.alertsRaised).toBe(1);

  const { context, page } = await newPage(rig);
  await signInAs(rig, context, { id: 'cw-alerts', roles: ['caseworker'], division: TOWNSHIP });
  await page.goto('/alerts');
  const card = page.getByTestId('alert').filter({ hasText: '赵小雨' });
  await card.waitFor();
  await card.getByText('预警分值 95').waitFor();
  await expectAccessible(page, 'alerts');
  await card.getByRole('button', { name: '核实后排除' }).click();
  const form = card.getByRole('form', { name: '核实后排除', exact: true });
  await form.getByLabel('理由').fill('核实：监护人已释放');
  await form.getByRole('button', { name: '提交' }).click();
  await card.waitFor({ state: 'detached' });
  const [row]: { status: string }[] = await rig.t.db.query('SELECT status FROM alerts WHERE signal_id = $1', [signalId]);
  expect(row.status).toBe('dismissed');
  await context.close();
});
