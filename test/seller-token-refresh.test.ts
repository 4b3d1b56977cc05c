import { randomBytes } from 'node:crypto';
import { createShopeeSellerSource } from '@ocop-monitor/adapters';
import {
  beginSellerAuthorisation,
  completeSellerAuthorisation,
  inviteSellerConsent,
  queryRows,
  sellerTokensFor,
} from '@ocop-monitor/monitor';
import { type ShopeeOpenPlatform, startShopeeOpenPlatform } from '@ocop-monitor/sandbox';
import { sql } from 'drizzle-orm';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORE_TARGETS } from './store-targets.ts';

const PARTNER = { partnerId: 2_001_234, partnerKey: 'sandbox-partner-key-0123456789abcdef' };
const KEY = randomBytes(32);
const SHOP = '50123';
let clock = new Date('2026-12-05T02:00:00Z');
let platform: ShopeeOpenPlatform;

beforeAll(async () => {
  platform = await startShopeeOpenPlatform({
    ...PARTNER,
    now: () => clock,
    callsPerSecond: 1_000,
    shops: { [SHOP]: [{ itemId: 1, name: 'Chè vằng Cam Lộ', status: 'NORMAL', price: 85_000, stock: 3, sale: 2 }] },
  });
});
afterAll(async () => {
  await platform?.close();
});

describe.each(STORE_TARGETS)("a shop's listings checked side by side ($name)", (target) => {
  it.skipIf(!target.available)(
    'refresh its expired token once: the refresh token is spent by the first, and the consent stays',
    { timeout: 60_000 },
    async () => {
      const store = await target.open();
      const source = createShopeeSellerSource({ ...PARTNER, baseUrl: platform.url, minIntervalMs: 0 });
      try {
        const { inviteToken } = await inviteSellerConsent(store.db, { marketplace: 'shopee', shopId: SHOP });
        const url = await beginSellerAuthorisation(store.db, {
          inviteToken,
          source,
          callbackUrl: 'https://m.example.vn/cb',
          now: clock,
        });
        const html = await (await request(url)).body.text();
        const link = /class="consent" href="([^"]+)"/u.exec(html)?.[1]?.replaceAll('&amp;', '&') ?? '';
        const back = new URL(String((await request(new URL(link, url).href)).headers.location));
        await completeSellerAuthorisation(store.db, {
          state: back.searchParams.get('state') ?? '',
          code: back.searchParams.get('code') ?? '',
          shopId: back.searchParams.get('shop_id') ?? '',
          source,
          key: KEY,
          now: clock,
        });
        // The next day's run: the 4-hour token has long expired; five listings of the shop at once.
        clock = new Date(clock.getTime() + 24 * 3_600_000);
        const before = platform.counts.refreshes;
        const tokens = await Promise.all(
          Array.from({ length: 5 }, () => sellerTokensFor(store.db, { source, shopId: SHOP, key: KEY, now: clock })),
        );
        expect(platform.counts.refreshes - before).toBe(1);
        expect(new Set(tokens.map((t) => t?.accessToken)).size).toBe(1);
        expect(new Date(tokens[0]?.accessExpiresAt ?? 0).getTime()).toBeGreaterThan(clock.getTime());
        const [row] = await queryRows<{ state: string; refreshes: number }>(
          store.db,
          sql`select state, refreshes from seller_consents`,
        );
        expect({ state: row?.state, refreshes: Number(row?.refreshes) }).toEqual({ state: 'active', refreshes: 1 });
      } finally {
        await store.close();
      }
    },
  );
});

describe.each(STORE_TARGETS)('two callers refresh one shop at the same moment ($name)', (target) => {
  it.skipIf(!target.available)(
    'the second waits for the first and uses its new tokens: the consent stays active',
    { timeout: 60_000 },
    async () => {
      const store = await target.open();
      // PostgreSQL: a second connection pool, as a second worker process would hold; PGlite has one owner.
      const other = target.name === 'PostgreSQL' ? await store.reopen() : null;
      const source = createShopeeSellerSource({ ...PARTNER, baseUrl: platform.url, minIntervalMs: 0 });
      try {
        const { inviteToken } = await inviteSellerConsent(store.db, { marketplace: 'shopee', shopId: SHOP });
        const url = await beginSellerAuthorisation(store.db, {
          inviteToken,
          source,
          callbackUrl: 'https://m.example.vn/cb',
          now: clock,
        });
        const html = await (await request(url)).body.text();
        const link = /class="consent" href="([^"]+)"/u.exec(html)?.[1]?.replaceAll('&amp;', '&') ?? '';
        const back = new URL(String((await request(new URL(link, url).href)).headers.location));
        await completeSellerAuthorisation(store.db, {
          state: back.searchParams.get('state') ?? '',
          code: back.searchParams.get('code') ?? '',
          shopId: back.searchParams.get('shop_id') ?? '',
          source,
          key: KEY,
          now: clock,
        });
        // 3h45 later the 4-hour access token is due within the half hour; two checks ask at once.
        clock = new Date(clock.getTime() + 3 * 3_600_000 + 45 * 60_000);
        const before = platform.counts.refreshes;
        const [first, second] = await Promise.all([
          sellerTokensFor(store.db, { source, shopId: SHOP, key: KEY, now: clock }),
          sellerTokensFor((other ?? store).db, { source, shopId: SHOP, key: KEY, now: clock }),
        ]);
        expect(platform.counts.refreshes - before).toBe(1);
        expect(second?.accessToken).toBeTruthy();
        expect(second?.accessToken).toBe(first?.accessToken);
        const rows = await queryRows<{ state: string; ended_why: string | null }>(
          store.db,
          sql`select state, ended_why from seller_consents`,
        );
        expect(rows).toEqual([{ state: 'active', ended_why: null }]);
      } finally {
        await other?.close();
        await store.close();
      }
    },
  );
});
