import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { addUser } from '@ocop-monitor/dashboard';
import { listAlerts } from '@ocop-monitor/monitor';
import ExcelJS from 'exceljs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dashboardWorld } from './dashboard-world.ts';
import type { Province } from './province.ts';

// Debian's Chromium, driven by playwright-core (no browser download here): the binary itself, not
// the /usr/bin/chromium wrapper script.
const CHROMIUM = ['/usr/lib/chromium/chromium', '/usr/bin/chromium'].find((path) => existsSync(path));
if (!CHROMIUM) {
  const message = 'Chromium is not installed (Debian: apt-get install chromium fonts-noto-core)';
  if (process.env.CI === 'true') throw new Error(`${message}: CI needs it`);
  console.warn(`${message}: the browser tests are skipped`);
}
const SCREENSHOTS = new URL('../test-results/', import.meta.url).pathname;
const PASSWORD = 'mật-khẩu-đủ-dài-2026';

let world: Province;
let browser: Browser;
let base = '';
let page: Page;
let closeSetup: (() => Promise<void>) | undefined;

beforeAll(async () => {
  if (!CHROMIUM) return;
  const setup = await dashboardWorld(61, (w) =>
    addUser(w.store.db, { username: 'lan', displayName: 'Nguyễn Thị Lan', password: PASSWORD, role: 'reviewer' }).then(
      () => {},
    ),
  );
  ({ world, base } = setup);
  closeSetup = setup.close;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--disable-dev-shm-usage'] });
  const context = await browser.newContext({ locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', acceptDownloads: true });
  page = await context.newPage();
}, 120_000);

// A failing test leaves a screenshot of what the browser showed.
afterEach(async (test) => {
  if (!CHROMIUM || test.task.result?.state !== 'fail') return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${test.task.name.replace(/\W+/gu, '-')}.png`), fullPage: true });
});

afterAll(async () => {
  await browser?.close();
  await closeSetup?.();
});

async function accessible(): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.length}`)).toEqual([]);
}

describe.skipIf(!CHROMIUM)('the dashboard in Chromium', () => {
  it('logs in, reviews an alert, and sees the audit trail', { timeout: 60_000 }, async () => {
    await page.goto(`${base}/`);
    await expect.poll(() => page.url()).toContain('/login');
    await accessible();
    await page.getByLabel('Tên đăng nhập').fill('lan');
    await page.getByLabel('Mật khẩu').fill(PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL(`${base}/`);
    const [alert] = await listAlerts(world.store.db, { type: 'listing_delisted', state: 'open' });
    if (!alert) throw new Error('no alert to review');
    await page.goto(`${base}/alerts?type=listing_delisted`);
    await accessible();
    await page.getByRole('link', { name: `#${alert.id}` }).click();
    await page.getByLabel('Ghi chú').fill('Đã xác minh trên sàn');
    await page.getByRole('button', { name: 'Xác nhận' }).click();
    await page.waitForURL(`${base}/alerts/${alert.id}`);
    const trail = page.getByRole('table').last();
    await expect.poll(() => trail.textContent()).toContain('Nguyễn Thị Lan');
    expect(await trail.textContent()).toContain('Đã xác minh trên sàn');
    await accessible();
  });

  it('shows coverage with its labelled chart, and the exported XLSX reads back', { timeout: 60_000 }, async () => {
    await page.goto(`${base}/`);
    const chart = page.getByRole('img', { name: /Độ phủ theo ngày/u });
    expect(await chart.count()).toBe(1);
    expect(await page.locator('figure svg').count()).toBe(1);
    await accessible();
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'XLSX' }).click();
    const file = await (await download).path();
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const shown = ((await page.locator('p.big').textContent()) ?? '').split('%')[0]?.trim();
    expect(String(book.getWorksheet('Tong hop')?.getCell('B6').value)).toBe(shown);
    await page.screenshot({ path: join(SCREENSHOTS, 'coverage.png'), fullPage: true });
  });
});
