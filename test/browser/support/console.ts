/// <reference lib="dom" />
// page.evaluate callbacks run in the browser.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { Role } from '../../../src/domain';
import { startTestApp, type TestApp } from '../../support/test-app';

// The console in a real Chromium against the real stack: the API with a worker of its own, on the
// PostgreSQL and Temporal the global setup started, listening on a free port.

export const ROOT = join(__dirname, '..', '..', '..');
export const WEB_OUT = join(ROOT, 'dist', 'web');
export const SCREENSHOTS = join(ROOT, 'docs', 'screenshots');

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/**
 * Builds the console when dist/web is missing or older than its sources (a fresh clone runs
 * `npm test` directly). Test files run in parallel workers: one builds, the others wait for it.
 */
export function ensureWebBuilt(): void {
  const lock = join(ROOT, 'dist', '.web-build.lock');
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`${lock} held for 3 minutes: remove it if no build runs`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250);
    }
  }
  try {
    if (!webBuildStale()) return;
    execFileSync(
      process.execPath,
      [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'web/vite.config.mts', '--logLevel', 'warn'],
      {
        cwd: ROOT,
        stdio: 'pipe',
        env: { ...process.env, NODE_ENV: 'production', VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
      },
    );
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function webBuildStale(): boolean {
  const index = join(WEB_OUT, 'index.html');
  const sources = Math.max(
    newest(join(ROOT, 'web', 'src')),
    ...['index.html', 'vite.config.mts', 'bundle-size.ts'].map((f) => statSync(join(ROOT, 'web', f)).mtimeMs),
  );
  return !existsSync(index) || statSync(index).mtimeMs < sources;
}

const HOW_TO_GET_CHROMIUM =
  'Install one — Debian/Ubuntu: `apt-get install -y chromium fonts-wqy-microhei`; macOS: `brew install --cask chromium`; ' +
  'anywhere: `npx playwright install chromium` — or set CHROMIUM_PATH to a Chromium or Chrome binary.';

/** CHROMIUM_PATH, else a Chromium or Chrome on PATH; else the test fails saying how to get one. */
export function chromiumPath(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH=${fromEnv} does not exist. ${HOW_TO_GET_CHROMIUM}`);
    return fromEnv;
  }
  for (const name of ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome']) {
    for (const dir of (process.env.PATH ?? '').split(':')) {
      const p = join(dir, name);
      if (dir && existsSync(p)) return p;
    }
  }
  throw new Error(`The browser tests need Chromium and found none on PATH. ${HOW_TO_GET_CHROMIUM}`);
}

export interface ConsoleRig {
  t: TestApp;
  baseURL: string;
  browser: Browser;
  close(): Promise<void>;
}

export async function startConsole(): Promise<ConsoleRig> {
  const executablePath = chromiumPath();
  ensureWebBuilt();
  const t = await startTestApp({ worker: true });
  await t.app.listen(0, '127.0.0.1');
  const { port } = t.app.getHttpServer().address() as AddressInfo;
  const browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'] });
  return {
    t,
    baseURL: `http://127.0.0.1:${port}`,
    browser,
    async close() {
      await browser.close().catch(() => undefined);
      await t.close();
    },
  };
}

/** What the page wrote to the console (the console must write no personal data there). */
export const consoleLines: string[] = [];

export async function newPage(rig: ConsoleRig, viewport = { width: 1280, height: 800 }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await rig.browser.newContext({
    baseURL: rig.baseURL,
    viewport,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('console', (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => consoleLines.push(`pageerror: ${e.message}`));
  return { context, page };
}

/** Picks an option of an antd Select by its visible text. */
export async function choose(page: Page, label: string, option: string): Promise<void> {
  const input = page.getByLabel(label, { exact: true });
  await input.click();
  if ((await input.getAttribute('readonly')) === null && (await input.evaluate((el) => (el as HTMLInputElement).type === 'search')))
    await input.fill(option);
  await page.locator(`.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="${option}"]`).click();
}

/** Development sign-in through the page: a role and the unit picked level by level (浙江省 first). */
export async function signIn(page: Page, role: '经办人员' | '审批负责人' | '审计/监察', units: string[], sub?: string): Promise<void> {
  await page.goto('/sign-in');
  await choose(page, '角色', role);
  const levels = ['市', '县/区', '乡镇/街道', '村/社区'];
  for (let i = 0; i < units.length; i++) await choose(page, levels[i], units[i]);
  await page
    .getByTestId('chosen-unit')
    .getByText(units[units.length - 1], { exact: false })
    .waitFor();
  if (sub) await page.getByLabel('用户标识').fill(sub);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByTestId('principal').waitFor();
}

/**
 * Signs a principal in without the sign-in page, for what the development sign-in cannot pick (a
 * caseworker who is also a supervisor): a token from the test app's own TokenService, put where the
 * console keeps its session (sessionStorage) before any page of the context loads.
 */
export async function signInAs(rig: ConsoleRig, context: BrowserContext, principal: { id: string; roles: Role[]; division: string }): Promise<void> {
  const token = await rig.t.token(principal);
  const session = JSON.stringify({ token, principal, expiresAt: Date.now() + 3_600_000 });
  await context.addInitScript((s: string) => sessionStorage.setItem('casework.session', s), session);
}

/** axe-core: no serious or critical violation (WCAG 2.1 A/AA) on the page as it is now. */
export async function expectAccessible(page: Page, where: string): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = bad
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help}\n  ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join('\n  ')}`,
    )
    .join('\n');
  if (bad.length) throw new Error(`axe found ${bad.length} serious/critical violation(s) on ${where}:\n${report}`);
}
