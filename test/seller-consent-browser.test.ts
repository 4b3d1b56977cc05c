import { existsSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { queryRows } from '@ocop-monitor/monitor';
import { sql } from 'drizzle-orm';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DashboardClient } from './dashboard-client.ts';
import {
  type ConsentWorld,
  consentWorld,
  invitationLink,
  onServer,
  PUBLIC_URL,
  seedShopeeProduct,
} from './seller-consent-world.ts';

// Debian's Chromium, driven by playwright-core, as in dashboard-browser.test.ts.
const CHROMIUM = ['/usr/lib/chromium/chromium', '/usr/bin/chromium'].find((path) => existsSync(path));
if (!CHROMIUM && process.env.CI === 'true') throw new Error('Chromium is not installed: CI needs it');

let world: ConsentWorld;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  if (!CHROMIUM) return;
  world = await consentWorld();
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--disable-dev-shm-usage'] });
  const context = await browser.newContext({
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    viewport: { width: 390, height: 844 },
  });
  page = await context.newPage();
  // The province's public address is this test server: Shopee's redirect back to it comes here.
  await page.route(`${world.platform.url}/consent?**`, async (route) => {
    const response = await route.fetch({ maxRedirects: 0 });
    const back = new URL(response.headers().location ?? '');
    expect(back.origin).toBe(PUBLIC_URL);
    await route.fulfill({
      status: 302,
      headers: { location: `${world.served.base}${back.pathname}${back.search}` },
    });
  });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await world?.close();
});

/** Readable on the phone: nothing wider than the screen, and nothing axe finds wrong. */
async function readableOnPhone(what: string) {
  const overflow = Number(await page.evaluate('document.documentElement.scrollWidth - window.innerWidth'));
  expect(overflow, what).toBeLessThanOrEqual(0);
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${what} ${v.id}: ${v.nodes.length}`)).toEqual([]);
}

describe.skipIf(!CHROMIUM)("the producer's consent pages on a 390×844 phone", () => {
  it('the invitation, Shopee’s page, the thank-you page, and the link once withdrawn', {
    timeout: 60_000,
  }, async () => {
    const db = world.served.store.db;
    const productId = await seedShopeeProduct(db, '50123', 3);
    const staff = new DashboardClient(world.served.base);
    await staff.login('reviewer');
    const product = await staff.call('GET', `/products/${productId}`);
    const listing = /name="listing" value="(\d+)"/u.exec(product.body)?.[1] ?? '';
    await staff.call('POST', `/products/${productId}/consent`, { _csrf: staff.csrf, listing, channel: 'sms' });
    const [consent] = await queryRows<{ id: number }>(db, sql`select max(id) as id from seller_consents`);
    const link = onServer(world.served, await invitationLink(db, Number(consent?.id)));

    await page.goto(link);
    expect(await page.getByRole('heading', { name: 'Sở sẽ đọc gì' }).isVisible()).toBe(true);
    expect(await page.getByText('Không bao giờ đọc thông tin người mua').isVisible()).toBe(true);
    await readableOnPhone('invitation');
    // The button a thumb presses is on the page, full words.
    const agree = page.getByRole('button', { name: 'Đồng ý', exact: true });
    expect(await agree.isVisible()).toBe(true);
    await agree.click();
    // Shopee's own authorisation page (the sandbox's), then back through the callback to the thank-you page.
    await page.waitForURL(`${world.platform.url}/**`);
    await page.locator('a.consent[href*="shop_id=50123"]').click();
    await page.waitForURL(`${world.served.base}/ket-noi-san/shopee/cam-on`);
    expect(await page.getByText('Cảm ơn anh/chị.').isVisible()).toBe(true);
    await readableOnPhone('thank-you');
    const [active] = await queryRows<{ state: string }>(
      db,
      sql`select state from seller_consents where id = ${consent?.id}`,
    );
    expect(active?.state).toBe('active');

    await page.goto(link);
    await page.getByRole('button', { name: 'Rút lại sự đồng ý' }).click();
    expect(await page.getByText('Đã rút lại.').isVisible()).toBe(true);
    await readableOnPhone('withdrawn');
    await page.goto(`${world.served.base}/dong-y/${'x'.repeat(43)}`);
    expect(await page.getByText('Liên kết này không đúng hoặc không còn dùng được.').isVisible()).toBe(true);
    await readableOnPhone('unusable link');
  });
});
