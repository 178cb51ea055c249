/// <reference lib="dom" />
// page.evaluate callbacks run in the browser.
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { tamperSession } from '../support/audit-driver';
import { idNumber } from '../support/builders';
import { consoleLines, expectAccessible, newPage, SCREENSHOTS, signIn, startConsole, type ConsoleRig } from './support/console';

// The console end to end (issue 10, "Must show"): real Chromium, real API, worker, Temporal and
// PostgreSQL. One browser, one context per person; the steps build on each other in order.

let rig: ConsoleRig;
let caseId = '';
let caseNumber = '';
const started = Date.now();
const subjectId = idNumber('330106', '20150101', 'male');
const subjectName = '测试儿童';

// 翠苑街道 and its 保亭社区: units no other test file uses. Every test app encrypts personal data with
// a key of its own, so a list that met another file's cases could not decrypt them.
const VILLAGE_PATH = ['杭州市', '西湖区', '翠苑街道', '保亭社区'];
const TOWNSHIP_PATH = ['杭州市', '西湖区', '翠苑街道'];
const COUNTY_PATH = ['杭州市', '西湖区'];

async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Opens an action of the case page and returns its panel. */
async function openAction(page: Page, name: string) {
  await page.getByTestId('actions').locator('.ant-collapse-header').getByText(name, { exact: true }).click();
  return page.getByRole('form', { name, exact: true });
}

beforeAll(async () => {
  rig = await startConsole();
});
afterAll(async () => {
  await rig?.close();
  process.stderr.write(`[console] browser tests' wall time ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
});

it('a caseworker in a 浙江 village opens a case (live ID check, one case per form) and requests escalation', async () => {
  const { context, page } = await newPage(rig);
  await signIn(page, '经办人员', VILLAGE_PATH, 'cw-baoting');
  await page.waitForURL('**/queue');
  await expectAccessible(page, 'the village queue');

  await page.getByRole('link', { name: '新建案件' }).first().click();
  await page.waitForURL('**/cases/new');
  await page.getByLabel('姓名').fill(subjectName);
  const id = page.getByLabel('公民身份号码');
  await id.fill(subjectId.slice(0, 17) + (subjectId[17] === '0' ? '1' : '0'));
  await page.getByText('校验码不正确（GB 11643）').waitFor();
  await id.fill(subjectId);
  await page.getByTestId('id-derived').getByText('出生日期 2015-01-01 · 男').waitFor();
  await page.getByLabel('案情摘要').fill('学校反映孩子父母外出务工，长期无人照看');
  await expectAccessible(page, 'the open-case form');
  // A double click sends the same Idempotency-Key twice at most: one case.
  await page.getByRole('button', { name: '提交' }).dblclick();
  await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
  caseId = page.url().split('/').pop()!;
  caseNumber = (await page.getByTestId('case-number').textContent())!.trim();
  expect(caseNumber).toMatch(/^MP-330106-\d{4}-\d+$/);
  // Case ids only in URLs: no name, no ID number.
  expect(page.url()).not.toContain(subjectId);
  expect(decodeURIComponent(page.url())).not.toContain(subjectName);
  await page.getByTestId('holder').getByText('保亭社区').waitFor();
  await page.getByTestId('chain').getByText('保亭社区').waitFor();
  await page.getByText('在 保亭社区 立案（留守儿童）').waitFor();
  await expectAccessible(page, 'the case page');

  const panel = await openAction(page, '申请上报');
  await panel.getByLabel('理由').fill('父母均在外省务工，需街道协调临时照护');
  await panel.getByRole('button', { name: '申请上报' }).click();
  await page.getByText('待审批的上报申请').waitFor();
  await page.getByText('申请由 保亭社区 上报至 翠苑街道：父母均在外省务工，需街道协调临时照护').waitFor();
  await screenshot(page, 'caseworker-case');

  await page.goto('/queue');
  const mine = page.locator(`[data-testid="queue-item"][data-case-id="${caseId}"]`);
  await mine.waitFor();
  expect(await mine.count()).toBe(1);
  await screenshot(page, 'caseworker-queue');
  // Nothing personal left in the browser's long-lived storage.
  const storage = await page.evaluate(() => JSON.stringify({ ...localStorage }));
  expect(storage).not.toContain(subjectId);
  expect(storage).not.toContain(subjectName);
  await context.close();
});

it('the township supervisor approves the escalation in the inbox', async () => {
  const { context, page } = await newPage(rig);
  await signIn(page, '审批负责人', TOWNSHIP_PATH, 'sup-cuiyuan');
  await page.waitForURL('**/approvals');
  const item = page.locator(`[data-testid="approval"][data-case-id="${caseId}"]`);
  await item.waitFor();
  await item.getByText('父母均在外省务工').waitFor();
  await expectAccessible(page, 'the approvals inbox');
  await screenshot(page, 'supervisor-approvals');
  await item.getByRole('button', { name: '批准' }).click();
  await item.waitFor({ state: 'detached' });
  await page.goto(`/cases/${caseId}`);
  await page.getByTestId('holder').getByText('翠苑街道').waitFor();
  await page.getByText('上级批准上报申请').waitFor();
  await expectAccessible(page, 'the case page (supervisor)');
  // The decision form names the levels the policy gives authority (留守儿童: township or county).
  const decide = await openAction(page, '作出决定');
  await decide.getByText('决定权限：乡镇/街道、县/区').waitFor();
  await page.getByTestId('actions').locator('.ant-collapse-header').getByText('退回下级', { exact: true }).waitFor();
  await expectAccessible(page, 'the decision form');

  // The subtree dashboard: the township now holds the case; its count drills down into the list.
  await page.getByRole('link', { name: '辖区概况' }).click();
  const dashboard = page.getByTestId('dashboard');
  const townshipRow = dashboard.locator('tr', { has: page.getByText('翠苑街道', { exact: true }) });
  await townshipRow.waitFor();
  await expectAccessible(page, 'the dashboard');
  await screenshot(page, 'supervisor-dashboard');
  await townshipRow.getByRole('link').last().waitFor();
  await page.goto('/dashboard');
  await dashboard
    .locator('tr', { has: page.getByText('翠苑街道', { exact: true }) })
    .locator('td')
    .nth(3)
    .getByRole('link')
    .click();
  await page.waitForURL(/\/queue\?unit=330106005000/);
  await page.locator(`[data-testid="queue-item"][data-case-id="${caseId}"]`).waitFor();

  // English on request.
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('heading', { name: /Work queue/ }).waitFor();
  await expectAccessible(page, 'the queue in English');
  await context.close();
});

it('the case is in the township caseworker’s queue, which fits a 360 × 740 phone without horizontal scrolling', async () => {
  const { context, page } = await newPage(rig, { width: 360, height: 740 });
  await signIn(page, '经办人员', TOWNSHIP_PATH, 'cw-cuiyuan');
  await page.waitForURL('**/queue');
  await page.locator(`[data-testid="queue-item"][data-case-id="${caseId}"]`).waitFor();
  const overflow = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(overflow.scroll).toBeLessThanOrEqual(overflow.client);
  // Keyboard: the first Tab reaches "skip to content", which moves focus to the page's content.
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('跳到正文');
  await page.keyboard.press('Enter');
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
  await expectAccessible(page, 'the township queue at 360 px');
  await screenshot(page, 'caseworker-queue-360');
  // A case that does not exist (or is out of scope) is a problem in words, not a blank page.
  await page.goto('/cases/00000000-0000-4000-8000-000000000000');
  await page.getByText('未找到，或不在您的权限范围内。').waitFor();
  await expectAccessible(page, 'a 404 case page');
  await context.close();
});

it('two people act on one case: the second sees what changed (409) and re-applies', async () => {
  const a = await newPage(rig);
  const b = await newPage(rig);
  await signIn(a.page, '经办人员', TOWNSHIP_PATH, 'cw-a');
  await signIn(b.page, '经办人员', TOWNSHIP_PATH, 'cw-b');
  await a.page.goto(`/cases/${caseId}`);
  await b.page.goto(`/cases/${caseId}`);
  const seenByB = Number(await b.page.getByTestId('version').textContent());

  const panelA = await openAction(a.page, '备注');
  await panelA.getByLabel('备注内容').fill('A：已电话联系孩子祖母');
  await panelA.getByRole('button', { name: '备注' }).click();
  await a.page.getByText('添加备注：A：已电话联系孩子祖母').waitFor();

  const panelB = await openAction(b.page, '备注');
  await panelB.getByLabel('备注内容').fill('B：已联系学校班主任');
  await panelB.getByRole('button', { name: '备注' }).click();
  const conflict = b.page.getByTestId('conflict');
  await conflict.getByText('案件已被他人更新').waitFor();
  await conflict.getByText(`您看到的是第 ${seenByB} 版，现在是第 ${seenByB + 1} 版`).waitFor();
  await conflict.getByText('添加备注：A：已电话联系孩子祖母').waitFor();
  await expectAccessible(b.page, 'the 409 panel');
  await conflict.getByRole('button', { name: '按最新版本重新提交' }).click();
  await conflict.waitFor({ state: 'detached' });
  await b.page.getByText('添加备注：B：已联系学校班主任').waitFor();
  expect(Number(await b.page.getByTestId('version').textContent())).toBe(seenByB + 2);
  await a.context.close();
  await b.context.close();
});

it('an auditor finds the case by number, slides time back (village holds it) and forward (township), verifies it', async () => {
  const { context, page } = await newPage(rig);
  await signIn(page, '审计/监察', COUNTY_PATH, 'aud-xihu');
  await page.waitForURL('**/audit');
  await expectAccessible(page, 'the audit page');
  await page.getByLabel('案件编号', { exact: true }).fill(caseNumber);
  await page.getByRole('button', { name: '查找' }).click();
  await page.waitForURL(`**/audit/${caseId}`);
  await page.getByTestId('event-chain').getByText('EscalationApproved').waitFor();
  // The ID number stays masked for auditors.
  expect(await page.getByTestId('id-number').textContent()).toMatch(/^330106\*{8}\d{3}[\dX]$/);
  expect(await page.content()).not.toContain(subjectId);

  const slider = page.getByRole('slider', { name: '时间回溯' });
  await slider.focus();
  await slider.press('Home');
  await page.getByTestId('state-holder').getByText('保亭社区').waitFor();
  await slider.press('End');
  await page.getByTestId('state-holder').getByText('翠苑街道').waitFor();

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: '导出（JSON Lines）' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe(`${caseNumber}.ndjson`);
  const lines = (await readFile(await file.path(), 'utf8')).trim().split('\n');
  expect(lines.length).toBeGreaterThan(4);
  expect(lines.join('\n')).not.toContain(subjectId);

  await page.getByTestId('verify').click();
  await page.getByTestId('verification').getByText('哈希链完整').waitFor({ timeout: 60_000 });
  await page.getByText('aud-xihu').first().waitFor(); // the access log shows the auditor's own reads
  await expectAccessible(page, 'the audit case page');
  await screenshot(page, 'auditor-case');

  // Someone rewrites an event behind the application's back: the report names the first bad seq
  // and the chain shows it from there on.
  const pg = await tamperSession();
  try {
    await pg.query(`UPDATE case_events SET data = '{"text":"什么也没发生"}' WHERE case_id = $1 AND seq = 5`, [caseId]);
  } finally {
    await pg.end();
  }
  await page.reload();
  await page.getByTestId('verify').click();
  await page.getByTestId('verification').getByText('哈希链在第 5 条处断开').waitFor({ timeout: 60_000 });
  await page.getByTestId('event-chain').locator('tr.bad-seq').first().getByText('NoteAdded').waitFor();
  expect(await page.getByTestId('event-chain').locator('tr.bad-seq td:first-child').allTextContents()).toEqual(['5', '6']);
  await context.close();
});

it('the county caseworker, who does not hold the case, sees it masked and reads it only by break-glass with a reason', async () => {
  const { context, page } = await newPage(rig);
  await signIn(page, '经办人员', COUNTY_PATH, 'cw-xihu-county');
  await page.goto(`/cases/${caseId}`);
  await page.getByText('您不是承办单位人员').waitFor();
  expect(await page.getByTestId('case-number').textContent()).toBe(caseNumber);
  await page.getByText('（按需知原则隐藏）').first().waitFor();
  expect(await page.content()).not.toContain(subjectName);
  await expectAccessible(page, 'a masked case page');

  await page.getByTestId('break-glass').click();
  const dialog = page.getByRole('dialog', { name: '紧急查阅' });
  await dialog.getByRole('button', { name: '紧急查阅' }).click();
  await dialog.getByText('必填').waitFor(); // no reason, no read
  await dialog.getByLabel('查阅理由').fill('公安机关协查函 2026-017');
  await dialog.getByRole('button', { name: '紧急查阅' }).click();
  await dialog.getByTestId('break-glass-result').getByText(subjectName).waitFor();
  await expectAccessible(page, 'the break-glass dialog');
  await dialog.getByTestId('break-glass-result').getByRole('button', { name: '关闭' }).click();
  await context.close();
});

it('renders a 1,000-case queue, ordered overdue and critical first (time to first render measured)', async () => {
  // The real API, but the list answer replaced by 1,000 synthetic cases (5 pages of 200): opening
  // 1,000 real workflows would dominate the test's time. This measures the console, not the API.
  const { context, page } = await newPage(rig);
  await signIn(page, '经办人员', VILLAGE_PATH, 'cw-bulk');
  const now = Date.now();
  const fake = (i: number) => ({
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    caseNumber: `MP-330106-2026-${String(100000 + i)}`,
    family: 'minor_protection',
    kind: 'left_behind',
    status: 'open',
    level: 'village',
    origin: '330106005051',
    holder: '330106005051',
    risk: i === 500 ? 'critical' : 'low',
    overdue: i === 999,
    deadline: new Date(now + (i + 2) * 3_600_000).toISOString(),
    version: 1,
    policyVersion: 'x',
    openedAt: new Date(now - i * 60_000).toISOString(),
    updatedAt: new Date(now).toISOString(),
    summary: '—',
    subject: null,
    step: null,
    pendingEscalation: null,
    pendingClosure: null,
    pendingTransfer: null,
    decision: null,
    reviewDueAt: null,
  });
  await page.route(/\/v1\/cases\?/, async (route) => {
    const cursor = Number(new URL(route.request().url()).searchParams.get('cursor')?.replace('p', '') ?? 0);
    const items = Array.from({ length: 200 }, (_, k) => fake(cursor * 200 + k));
    await route.fulfill({ json: { items, nextCursor: cursor < 4 ? `p${cursor + 1}` : null } });
  });
  const t0 = Date.now();
  await page.goto('/queue');
  await page.getByTestId('queue-item').first().waitFor();
  const ms = Date.now() - t0;
  process.stderr.write(`[console] time to first render of a 1,000-case queue: ${ms} ms\n`);
  await page.getByText('共 1000 件').waitFor();
  // Overdue first, then the critical one, then by deadline.
  const first = await page.getByTestId('queue-item').evaluateAll((els) => els.slice(0, 3).map((e) => e.getAttribute('data-case-id')));
  expect(first).toEqual([fake(999).id, fake(500).id, fake(0).id]);
  expect(ms).toBeLessThan(10_000);
  await context.close();
});

it('the page never wrote personal data to the browser console', () => {
  const all = consoleLines.join('\n');
  expect(all).not.toContain(subjectId);
  expect(all).not.toContain(subjectName);
});
