/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { openCaseBody } from '../support/builders';
import { CaseDriver, person, type Person } from '../support/case-driver';
import { expectAccessible, newPage, signIn, signInAs, startConsole, type ConsoleRig } from './support/console';

// Issue 10, the supervisor's part: own requests are in the approvals inbox but cannot be decided
// (separation of duties), and the decision form says which level holds authority and up to what
// amount, from the policy the case is pinned to. Real Chromium, API, worker, Temporal, PostgreSQL.

let rig: ConsoleRig;

// Units no other test file uses (each test app encrypts personal data with a key of its own).
const TOWNSHIP = '330106007000'; // 古荡街道, 西湖区, 杭州市, 浙江省
const COUNTY = '330110000000'; // 余杭区, 杭州市, 浙江省
const DUAL = { id: 'cw-sv-gudang', roles: ['caseworker', 'supervisor'] as ('caseworker' | 'supervisor')[], division: TOWNSHIP };

let dual: Person;
let head: Person;
let worker: Person;

beforeAll(async () => {
  rig = await startConsole();
  dual = { id: DUAL.id, token: await rig.t.token(DUAL) };
  head = await person(rig.t, 'supervisor', TOWNSHIP, 'sv-gudang');
  worker = await person(rig.t, 'caseworker', TOWNSHIP, 'cw-gudang');
});
afterAll(async () => {
  await rig?.close();
});

/**
 * 留守儿童 care (the township decides), approved, and a closure requested by `requester`. (Until
 * policy 2026.3 this was 两项补贴, which county 民政 now decides: 国发〔2015〕52号.)
 */
async function closureRequested(requester: Person, reason: string): Promise<CaseDriver> {
  const c = await new CaseDriver(rig.t).open(requester, openCaseBody({ kind: 'left_behind', risk: 'low', summary: '留守儿童关爱帮扶' }));
  await c.act(head, 'decision', { outcome: 'approved', benefit: '关爱帮扶', reason: '符合条件' });
  await c.act(requester, 'close', { reason });
  return c;
}

/** Opens an action of the case page and returns its panel. */
async function openAction(page: Page, name: string) {
  await page.getByTestId('actions').locator('.ant-collapse-header').getByText(name, { exact: true }).click();
  return page.getByRole('form', { name, exact: true });
}

it('a caseworker who is also the township’s supervisor sees their own closure request in the inbox, disabled, with the reason', async () => {
  const own = await closureRequested(dual, '本人申请结案：儿童已随父母迁往外省');
  const theirs = await closureRequested(worker, '父母已返乡照料');

  const { context, page } = await newPage(rig);
  await signInAs(rig, context, DUAL);
  await page.goto('/approvals');
  const mine = page.locator(`[data-testid="approval"][data-case-id="${own.id}"]`);
  const other = page.locator(`[data-testid="approval"][data-case-id="${theirs.id}"]`);
  await mine.getByText('本人申请结案：儿童已随父母迁往外省').waitFor();
  await mine.getByTestId('own-reason').getByText('不能审批自己提出的申请（职责分离）').waitFor();
  await mine.getByText('本人申请', { exact: true }).waitFor();
  expect(await mine.getByRole('button', { name: '批准' }).isDisabled()).toBe(true);
  // The button says why it is disabled (aria-describedby → the reason).
  const describedBy = await mine.getByRole('button', { name: '批准' }).getAttribute('aria-describedby');
  expect(await page.locator(`[id="${describedBy}"]`).textContent()).toBe('不能审批自己提出的申请（职责分离）');
  // Someone else's request, in the same inbox, can be decided.
  await other.getByText('父母已返乡照料').waitFor();
  expect(await other.getByRole('button', { name: '批准' }).isEnabled()).toBe(true);
  expect(await other.getByTestId('own-reason').count()).toBe(0);
  await expectAccessible(page, 'the approvals inbox with an own request');

  await page.getByRole('button', { name: 'English' }).click();
  await mine.getByText('You cannot approve a request you made yourself (separation of duties)').waitFor();
  expect(await mine.getByRole('button', { name: 'Approve' }).isDisabled()).toBe(true);
  await expectAccessible(page, 'the approvals inbox in English');
  await context.close();

  // The unit's other supervisor sees the same request as an ordinary one and approves it.
  const second = await newPage(rig);
  await signInAs(rig, second.context, { id: head.id, roles: ['supervisor'], division: TOWNSHIP });
  await second.page.goto('/approvals');
  const forHead = second.page.locator(`[data-testid="approval"][data-case-id="${own.id}"]`);
  await forHead.getByText('本人申请结案：儿童已随父母迁往外省').waitFor();
  expect(await forHead.getByTestId('own-reason').count()).toBe(0);
  await forHead.getByRole('button', { name: '批准' }).click();
  await forHead.waitFor({ state: 'detached' });
  await second.context.close();
});

it('the decision form on a 临时救助 case names the deciding levels and the limit in yuan from the case’s pinned policy', async () => {
  const c = await new CaseDriver(rig.t).open(worker, openCaseBody({ kind: 'temporary_aid', summary: '突发火灾，申请临时救助' }));
  const version = String(c.view.policyVersion);

  const { context, page } = await newPage(rig);
  await signIn(page, '审批负责人', ['杭州市', '西湖区', '古荡街道'], 'sv-gudang-2');
  await page.goto(`/cases/${c.id}`);
  const decide = await openAction(page, '作出决定');
  const authority = decide.getByTestId('authority');
  // Default policy: the township decides up to 3 × the monthly dibao line of the case's origin (浙江: 1,100 yuan).
  await authority.getByText('决定权限：3,300 元及以下由 乡镇/街道、县/区 决定，超过 3,300 元由 县/区 决定').waitFor();
  await authority.getByText('限额 = 当地月低保标准 1,100 元 × 3（标准适用单位：浙江省）').waitFor();
  await authority.getByText('本级（乡镇/街道）可决定的金额上限：3,300 元').waitFor();
  await authority.getByText(`依据案件适用的政策版本 ${version}`).waitFor();
  await expectAccessible(page, 'the decision form with the amount limit');

  await page.getByRole('button', { name: 'English' }).click();
  // (The form is named in the language shown, so find the note on the page.)
  await page.getByTestId('authority').getByText('Decided by: up to 3,300 yuan by Township, County, above 3,300 yuan by County').waitFor();
  await context.close();
});

it('the decision form on a 低保 case at the county names the county and the local dibao line in yuan', async () => {
  const countyWorker = await person(rig.t, 'caseworker', COUNTY, 'cw-yuhang');
  const c = await new CaseDriver(rig.t).open(countyWorker, openCaseBody({ kind: 'dibao', summary: '申请最低生活保障' }));

  const { context, page } = await newPage(rig);
  await signInAs(rig, context, { id: 'sv-yuhang', roles: ['supervisor'], division: COUNTY });
  await page.goto(`/cases/${c.id}`);
  const authority = (await openAction(page, '作出决定')).getByTestId('authority');
  await authority.getByText('决定权限：县/区').waitFor();
  await authority.getByText('金额上限：按家庭人均收入低于当地低保标准的差额核定，每人每月不超过 1,100 元（标准适用单位：浙江省）').waitFor();
  await expectAccessible(page, 'the dibao decision form');
  await context.close();
});

it('最低生活保障审核确认办法第十九条: the county caseworker publishes a 低保 case’s 公示 from its page, and the console offers it no more while it runs', async () => {
  const who = { id: 'cw-yuhang-notice', roles: ['caseworker' as const], division: COUNTY };
  const caseworker = { id: who.id, token: await rig.t.token(who) };
  const c = await new CaseDriver(rig.t).open(caseworker, openCaseBody({ kind: 'dibao', summary: '申请最低生活保障' }));

  const { context, page } = await newPage(rig);
  await signInAs(rig, context, who);
  await page.goto(`/cases/${c.id}`);
  const form = await openAction(page, '发布公示');
  await form.getByText('公示初审意见 7 天').waitFor();
  await expectAccessible(page, 'the 公示 form');
  await form.getByRole('button', { name: '发布公示' }).click();
  await page.getByTestId('actions').locator('.ant-collapse-header').getByText('发布公示', { exact: true }).waitFor({ state: 'detached' });
  await c.refresh(caseworker);
  expect(c.view.publicNotice).toMatchObject({ purpose: 'initial', status: 'running', place: COUNTY });
  await context.close();
});
