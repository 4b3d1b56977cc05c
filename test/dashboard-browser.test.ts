import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { addUser, type DashboardDeps } from '@ocop-monitor/dashboard';
import { formatPercent, listAlerts, queryRows } from '@ocop-monitor/monitor';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { extractText } from 'unpdf';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createListingCheck, nextScheduledCheck } from '../workers/src/check-now.ts';
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
  // "Kiểm tra lại ngay" on the product and alert pages (checked in the test's process, on the dashboard's clock).
  const extra: Partial<DashboardDeps> = {};
  const setup = await dashboardWorld(
    61,
    async (w) => {
      const clock = () => new Date(`${w.sandbox.truth().date}T08:00:00+07:00`);
      extra.checkListingNow = createListingCheck(w.runtime, w.store, { now: clock });
      extra.nextCheckAt = nextScheduledCheck(w.runtime.config.queue.dailyHour);
      await addUser(w.store.db, {
        username: 'lan',
        displayName: 'Nguyễn Thị Lan',
        password: PASSWORD,
        role: 'reviewer',
      });
      await addUser(w.store.db, { username: 'hung', displayName: 'Trần Văn Hùng', password: PASSWORD, role: 'admin' });
      // A queue longer than a page, of the wordiest kind (zero sales on a named marketplace), for the phone.
      await w.store.db.execute(
        sql`insert into alerts (type, subject, listing_id, marketplace, severity, state, opened_at, updated_at, evidence)
          select 'zero_sales', 'test:' || l.id, l.id, l.marketplace, 'warn', 'open', now() - interval '1 day', now() - interval '1 day',
                 jsonb_build_object('windowDays', 30, 'soldNow', 12, 'soldAtWindowStart', 12)
          from listings l order by l.id limit 60`,
      );
    },
    extra,
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

async function logIn(username: string): Promise<void> {
  await page.goto(`${base}/login`);
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL(`${base}/`);
}

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
    // A row is named by its product, not by a number.
    const [product] = await queryRows<{ name: string }>(
      world.store.db,
      sql`select name from products where id = ${alert.productId}`,
    );
    await page.getByRole('link', { name: product?.name ?? 'no product', exact: true }).click();
    await page.getByLabel('Ghi chú').fill('Đã xác minh trên sàn');
    await page.getByRole('button', { name: 'Xác nhận' }).click();
    await page.waitForURL(`${base}/alerts/${alert.id}`);
    const trail = page.getByRole('table').last();
    await expect.poll(() => trail.textContent()).toContain('Nguyễn Thị Lan');
    expect(await trail.textContent()).toContain('Đã xác minh trên sàn');
    await accessible();
  });

  it('shows coverage with its labelled chart, and the exported XLSX reads back', { timeout: 60_000 }, async () => {
    await page.goto(`${base}/coverage`);
    const chart = page.getByRole('img', { name: /Độ phủ theo ngày/u });
    expect(await chart.count()).toBe(1);
    // Beside it, coverage by commune as bars, weakest first.
    expect(await page.getByRole('img', { name: /Độ phủ theo xã, thấp nhất trước/u }).count()).toBe(1);
    expect(await page.locator('figure svg').count()).toBe(2);
    await accessible();
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'XLSX' }).click();
    const file = await (await download).path();
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const shown = ((await page.locator('p.big').textContent()) ?? '').split(' mục tiêu')[0]?.trim();
    expect(formatPercent(Number(book.getWorksheet('Tong hop')?.getCell('B6').value))).toBe(shown);
    await page.screenshot({ path: join(SCREENSHOTS, 'coverage.png'), fullPage: true });
  });

  it('an admin imports a registry file with a bad row and reads the row-by-row report', {
    timeout: 60_000,
  }, async () => {
    await page.context().clearCookies();
    await logIn('hung');
    await page.getByRole('link', { name: 'Nhập danh mục' }).click();
    await accessible();
    const header = readFileSync(new URL('../examples/san-pham-mau.csv', import.meta.url), 'utf8').split('\n')[0];
    const rows = [
      header,
      '999101,OCOP-QT-9101,Gạo hữu cơ Triệu Phong,Thực phẩm,QĐ 148/2023,4,HTX Triệu Phong,Hợp tác xã,3200999101,,,,,,,,,,15/03/2024,,45,19012,2025',
      '999102,OCOP-QT-9102,Tiêu Vĩnh Linh,Thực phẩm,QĐ 148/2023,4,HTX Vĩnh Linh,Hợp tác xã,3200999102,,,,,,,,,,31/02/2024,,45,19012,2025',
    ];
    await page
      .getByLabel('Tệp')
      .setInputFiles({ name: 'danh-muc-thang-11.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n')) });
    await page.getByRole('button', { name: 'Nhập' }).click();
    const status = page.getByRole('status');
    await expect.poll(() => status.textContent()).toContain('1 mới');
    const report = page.getByRole('table').last();
    expect(await report.textContent()).toContain('Ngày chứng nhận');
    expect(await page.getByRole('heading', { level: 2 }).last().textContent()).toContain('danh-muc-thang-11.csv');
    await accessible();
  });

  it('a product page and the marketplace health page read well', { timeout: 60_000 }, async () => {
    const [alert] = await listAlerts(world.store.db, { type: 'listing_delisted' });
    if (!alert?.productId) throw new Error('no product with an alert');
    await page.goto(`${base}/products/${alert.productId}`);
    expect(await page.getByRole('img', { name: /bán/u }).count()).toBe(1);
    await accessible();
    await page.getByRole('link', { name: 'Tình trạng sàn' }).click();
    await accessible();
    await page.getByRole('link', { name: 'Sản phẩm', exact: true }).click();
    await page.getByLabel('Tên hoặc mã sản phẩm').fill('gao huu co');
    await page.getByRole('button', { name: 'Tìm' }).click();
    expect(await page.getByRole('link', { name: 'Gạo hữu cơ Triệu Phong' }).count()).toBe(1);
    await accessible();
    // The remaining pages of the navigation, each checked too.
    // (Bull Board, at Hàng đợi, is a third-party page: its accessibility is its own.)
    for (const link of ['Đề xuất', 'Thông báo']) {
      await page.getByRole('link', { name: link, exact: true }).click();
      await accessible();
    }
  });

  it('on a phone, a reviewer presses "Kiểm tra lại ngay" on an alert and reads the new reading there', {
    timeout: 60_000,
  }, async () => {
    const [alert] = await listAlerts(world.store.db, { type: 'listing_delisted' });
    if (!alert) throw new Error('no alert');
    await page.setViewportSize({ width: 390, height: 844 });
    await logIn('lan');
    await page.goto(`${base}/alerts/${alert.id}`);
    await expect(page.getByText('Lần kiểm tra theo lịch tới:').isVisible()).resolves.toBe(true);
    await page.getByRole('button', { name: 'Kiểm tra lại ngay' }).click();
    await page.waitForURL(`${base}/alerts/${alert.id}?kiem-tra=checked`);
    await expect(page.getByRole('status').filter({ hasText: 'Đã kiểm tra lại tin đăng' }).isVisible()).resolves.toBe(
      true,
    );
    await expect(page.getByText(/Lần đọc mới nhất: \d{2}\/\d{2}\/\d{4} 08:00 — /u).isVisible()).resolves.toBe(true);
    await accessible();
    await page.setViewportSize({ width: 1366, height: 768 });
  });

  it('every page reads on a desktop and on a phone, passes axe, and nothing is wider than the screen; screenshots are kept', {
    timeout: 180_000,
  }, async () => {
    const [alert] = await listAlerts(world.store.db, { type: 'listing_delisted' });
    if (!alert) throw new Error('no alert');
    await logIn('hung'); // an admin sees every page, the import included
    const shots = join(SCREENSHOTS, 'pages');
    mkdirSync(shots, { recursive: true });
    for (const [device, viewport] of [
      ['desktop', { width: 1366, height: 768 }],
      ['phone', { width: 390, height: 844 }],
    ] as const) {
      await page.setViewportSize(viewport);
      for (const [name, path] of [
        ['alerts', '/alerts'],
        ['alert', `/alerts/${alert.id}`],
        ['today', '/'],
        ['coverage', '/coverage'],
        ['report', '/report'],
        ['import', '/registry/import'],
        ['products', '/products?q=tra'],
        ['product', `/products/${alert.productId}`],
        ['marketplaces', '/marketplaces'],
        ['proposals', '/proposals'],
        ['outbox', '/outbox'],
      ] as const) {
        await page.goto(`${base}${path}`);
        await accessible();
        // Nothing wider than the screen: a wide table scrolls inside the page, long addresses wrap.
        const overflow = Number(await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'));
        expect(overflow, `${name} on a ${device}`).toBeLessThanOrEqual(0);
        // No list scrolls sideways inside the page either, and every chart fits the screen.
        const wide = await page.evaluate(`[...document.querySelectorAll('main table, main svg')]
          .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 || e.scrollWidth > e.clientWidth + 1)
          .map((e) => e.tagName + '.' + e.className).join(' ')`);
        expect(wide, `${name} on a ${device}`).toBe('');
        // JPEG: the staff guide (docs/) shows these, copied by `pnpm docs:screenshots`.
        await page.screenshot({
          path: join(shots, `${name}-${device}.jpg`),
          fullPage: true,
          type: 'jpeg',
          quality: 70,
        });
      }
    }
    // On a phone, lists read as cards: no header row, and 50 alerts stay within a few screens.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}/alerts?view=all`);
    expect(await page.locator('table.queue tbody tr:not(.group)').count()).toBe(50);
    expect(await page.locator('table.queue thead').isVisible()).toBe(false);
    const height = Number(await page.evaluate('document.documentElement.scrollHeight'));
    console.log(`50 alerts on a phone: ${height} px`);
    expect(height).toBeLessThan(12_000);
    // No word is broken letter by letter: every cell's text is at least a word wide.
    const narrow = Number(
      await page.evaluate(
        `[...document.querySelectorAll('table.queue td')].filter((td) => td.textContent.trim() && td.getBoundingClientRect().width < 80).length`,
      ),
    );
    expect(narrow).toBe(0);
    await page.setViewportSize({ width: 1366, height: 768 });
  });

  it('the report sent upward prints on A4, and the PDF reads back with the figures, communes and products to onboard', {
    timeout: 60_000,
  }, async () => {
    await page.goto(`${base}/report`);
    await accessible();
    const pdf = await page.pdf({ format: 'A4', printBackground: false });
    const read = await extractText(new Uint8Array(pdf), { mergePages: true });
    const { totalPages } = read;
    const text = read.text.replace(/\s+/gu, ' '); // an agency's name may wrap in its column
    expect(totalPages).toBeGreaterThanOrEqual(1);
    const report = JSON.parse(await (await page.request.get(`${base}/api/coverage`)).text()) as {
      percent: number;
      byCommune: Array<{ label: string }>;
      gap: Array<{ name: string }>;
    };
    const province = world.sandbox.world.provinceName;
    expect(text).toContain(`SỞ CÔNG THƯƠNG TỈNH ${province.toUpperCase()}`); // the department, from the configuration
    expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(text).toContain(`đạt ${formatPercent(report.percent)} so với mục tiêu 100 %`);
    expect(text).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(text).toContain('- UBND tỉnh (để báo cáo);'); // Nơi nhận (italic words come out split)
    expect(text).toContain('- Lưu: VT.');
    expect(text).toMatch(/Số: +\/BC-SCT/u);
    // (The PDF's text splits italic words, "Qu ảng Tr ị": the place is read from the page.)
    expect(text).toMatch(/ngày \d{2} tháng (0[12]|[3-9]|1[0-2]) năm \d{4}/u);
    expect(await page.locator('.place').textContent()).toMatch(new RegExp(`^${province}, ngày `, 'u'));
    expect(text).toContain(report.byCommune.at(-1)?.label ?? 'no commune');
    expect(text).toContain(report.gap[0]?.name ?? 'no product to onboard');
    expect(text).not.toContain('Đăng xuất'); // the navigation is not printed
    // Page numbers from page 2 on, in the top margin (Nghị định 30/2020).
    const pages = await extractText(new Uint8Array(pdf), { mergePages: false });
    expect(totalPages).toBeGreaterThanOrEqual(2);
    expect(pages.text[1]?.trimStart()).toMatch(/^2\b/u);
    expect(pages.text[0]?.trimStart()).not.toMatch(/^1\b/u);
    // On the A4 text width, printed: the motto's first line does not wrap, and the text is Times New Roman 14 pt.
    await page.setViewportSize({ width: 624, height: 900 });
    await page.emulateMedia({ media: 'print' });
    const motto = await page.locator('.motto-1').evaluate((el) => ({
      height: el.getBoundingClientRect().height,
      line: Number.parseFloat(el.ownerDocument.defaultView?.getComputedStyle(el).fontSize ?? '0') * 1.35,
    }));
    expect(motto.height).toBeLessThan(motto.line * 1.5);
    const font = await page
      .locator('.official p')
      .first()
      .evaluate((el) => el.ownerDocument.defaultView?.getComputedStyle(el).font ?? '');
    expect(font).toMatch(/18\.6+7?px.*Times New Roman/u);
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize({ width: 1366, height: 768 });
    writeFileSync(join(SCREENSHOTS, 'pages', 'report.pdf'), pdf);
  });
});
