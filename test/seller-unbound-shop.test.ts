import { randomBytes } from 'node:crypto';
import { createBuyerPageAdapter, createLazadaSellerSource, createPoliteClient } from '@ocop-monitor/adapters';
import { FixtureServer } from '@ocop-monitor/adapters/testing';
import {
  beginSellerAuthorisation,
  bindConsentingShopListings,
  completeSellerAuthorisation,
  inviteSellerConsent,
  proposeConsentingShopItems,
  queryRows,
  sellerFirstAdapter,
  sellerTokensFor,
} from '@ocop-monitor/monitor';
import { type LazadaOpenPlatform, startLazadaOpenPlatform } from '@ocop-monitor/sandbox';
import { sql } from 'drizzle-orm';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORE_TARGETS } from './store-targets.ts';

const KEY = randomBytes(32);
const CALLBACK = 'https://monitor.example.vn/ket-noi-san/lazada/callback';
const SELLER = '200123456';
const clock = new Date('2026-12-05T02:00:00Z');
let lazada: LazadaOpenPlatform;
let pages: FixtureServer;
let pagesUrl = '';

// The seller's record: 60 items (two pages of 50), one deleted (item 3), one hidden (item 4).
const items = () => [
  { itemId: 3, name: 'Nước mắm Cửa Hội', status: 'Deleted', skus: [] },
  { itemId: 4, name: 'Mắm tép', status: 'InActive', skus: [{ status: 'inactive', price: 50_000, quantity: 2 }] },
  ...Array.from({ length: 58 }, (_, i) => ({
    itemId: 1000 + i,
    name: i === 0 ? 'Kẹo cu đơ Hà Tĩnh loại đặc biệt' : `Hàng ${i}`,
    status: 'Active',
    skus: [{ status: 'active', price: 30_000, quantity: 5 }],
  })),
];

beforeAll(async () => {
  lazada = await startLazadaOpenPlatform({
    appKey: '112233',
    appSecret: 'sandbox-app-secret-0123456789abcdef',
    callbackUrl: CALLBACK,
    now: () => clock,
    callsPerSecond: 1_000,
    sellers: { [SELLER]: items(), '200999999': [{ itemId: 77, name: 'Khác', status: 'Active', skus: [] }] },
  });
  pages = new FixtureServer();
  pagesUrl = await pages.start();
  pages.serve({ '*': { status: 200, body: '<html><body><div id="punish-component"></div></body></html>' } });
});
afterAll(async () => {
  await lazada?.close();
  await pages?.close();
});

const source = () =>
  createLazadaSellerSource({
    appKey: '112233',
    appSecret: 'sandbox-app-secret-0123456789abcdef',
    baseUrl: lazada.apiUrl,
    authBaseUrl: lazada.url,
    minIntervalMs: 0,
    itemPageBaseUrl: pagesUrl,
  });

/** The producer presses "Đồng ý" for their seller account on the platform's page: back with a code and the state. */
async function producerConsents(authorizationUrl: string, sellerId: string) {
  const html = await (await request(authorizationUrl)).body.text();
  const link = new RegExp(`href="([^"]*seller_id=${sellerId}[^"]*)"`, 'u').exec(html)?.[1]?.replaceAll('&amp;', '&');
  if (!link) throw new Error(`no consent for ${sellerId}`);
  const back = await request(new URL(link, authorizationUrl).href);
  await back.body.dump();
  const callback = new URL(String(back.headers.location));
  return { state: callback.searchParams.get('state') ?? '', code: callback.searchParams.get('code') ?? '' };
}

const politeClient = () =>
  createPoliteClient({
    allowedHosts: [...source().hosts, new URL(pagesUrl).host],
    respectRobotsTxt: false,
    minIntervalMs: 0,
    jitterMs: 0,
    retries: 0,
  });

describe('listing a Lazada seller’s items (/products/get over HTTP)', () => {
  it('pages through every item, hidden and deleted ones marked not on sale', async () => {
    const http = politeClient();
    try {
      const lazadaSource = source();
      const tokens = await lazadaSource.exchangeCode({
        ...(await producerConsents(lazadaSource.authorizationUrl({ redirect: CALLBACK }), SELLER)),
        shopId: SELLER,
        now: clock,
      });
      const listed = await lazadaSource.listItems?.(tokens, { http, now: () => clock });
      expect(listed).toHaveLength(60);
      expect(lazada.counts.listCalls).toBeGreaterThanOrEqual(2);
      expect(listed?.find((item) => item.itemId === '4')).toMatchObject({ title: 'Mắm tép', onSale: false });
      expect(listed?.find((item) => item.itemId === '1000')).toEqual({
        itemId: '1000',
        title: 'Kẹo cu đơ Hà Tĩnh loại đặc biệt',
        url: `${pagesUrl}/products/-i1000.html`,
        onSale: true,
      });
      // The other seller's item is not this seller's.
      expect(listed?.map((item) => item.itemId)).not.toContain('77');
      // A spent token: a refusal, never an empty shop.
      await expect(
        lazadaSource.listItems?.({ ...tokens, accessToken: 'spent' }, { http, now: () => clock }),
      ).rejects.toMatchObject({ name: 'SellerAuthError' });
    } finally {
      await http.close();
    }
  });
});

describe.each(STORE_TARGETS)('a Lazada listing whose shop is not known ($name)', (target) => {
  it.skipIf(!target.available)(
    'invited without a shop, bound to the seller the token answer names; only its own items get the shop id; then read authoritatively',
    async () => {
      const store = await target.open();
      const db = store.db;
      const lazadaSource = source();
      const http = politeClient();
      try {
        const [producer] = await queryRows<{ id: number }>(
          db,
          sql`insert into producers (key, name, type) values ('htx-cua-hoi', 'HTX Cửa Hội', 'cooperative') returning id`,
        );
        const [product] = await queryRows<{ id: number }>(
          db,
          sql`insert into products (name, search_key, product_group, classification_version, stars, producer_id,
                                    certified_date, expiry_date, province_code, code_table_version, source)
              values ('Kẹo cu đơ Hà Tĩnh', 'keo cu do ha tinh', 'Thực phẩm', 'QĐ 148/2023', 4, ${producer?.id},
                      '2025-01-01', '2028-01-01', '40', '2025', 'test') returning id`,
        );
        // Item 3 is the seller's; item 77 is another seller's (a listing that only looks like it could be theirs).
        for (const itemId of ['3', '77'])
          await db.execute(
            sql`insert into listings (product_id, marketplace, item_id, url, linked_how, linked_at, state, state_since)
                values (${product?.id}, 'lazada', ${itemId}, ${`${pagesUrl}/products/nuoc-mam-i${itemId}.html`}, 'imported',
                        '2026-01-01T00:00:00Z', 'active', '2026-01-01T00:00:00Z')`,
          );

        const { inviteToken, consentId } = await inviteSellerConsent(db, {
          marketplace: 'lazada',
          producerId: Number(producer?.id),
        });
        // Shopee's callback names the shop: an invitation there without one is refused.
        await expect(inviteSellerConsent(db, { marketplace: 'shopee' })).rejects.toThrow(/shop id is needed/u);
        const url = await beginSellerAuthorisation(db, { inviteToken, source: lazadaSource, callbackUrl: CALLBACK });
        const completed = await completeSellerAuthorisation(db, {
          ...(await producerConsents(url, SELLER)),
          source: lazadaSource,
          key: KEY,
          now: clock,
        });
        expect(completed).toEqual({ consentId, shopId: SELLER });
        const [consent] = await queryRows<{ shop_id: string; state: string }>(
          db,
          sql`select shop_id, state from seller_consents where id = ${consentId}`,
        );
        expect(consent).toEqual({ shop_id: SELLER, state: 'active' });

        const binding = await bindConsentingShopListings(db, { source: lazadaSource, key: KEY, http, now: clock });
        expect(binding).toEqual({ shops: 1, bound: 1, failed: 0 });
        const listings = await queryRows<{ item_id: string; shop_id: string | null }>(
          db,
          sql`select item_id, shop_id from listings order by item_id`,
        );
        expect(listings).toEqual([
          { item_id: '3', shop_id: SELLER },
          { item_id: '77', shop_id: null },
        ]);

        // The shop's other items: the one on sale that matches is proposed, never linked; the hidden one never.
        const proposals = await proposeConsentingShopItems(db, {
          source: lazadaSource,
          key: KEY,
          http,
          now: clock,
          minScore: 0.5,
        });
        expect(proposals.proposed).toBeGreaterThanOrEqual(1);
        const proposed = await queryRows<{ item_id: string }>(db, sql`select item_id from listing_proposals`);
        expect(proposed.map((row) => row.item_id)).toContain('1000');
        expect(proposed.map((row) => row.item_id)).not.toContain('4');
        const [{ n } = { n: 0 }] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from listings`);
        expect(Number(n)).toBe(2);

        // The runtime's checking adapter reads the listing's shop id: the seller's record says deleted.
        const adapter = sellerFirstAdapter(createBuyerPageAdapter('lazada', { baseUrl: pagesUrl }), {
          source: lazadaSource,
          shopOf: (ref) => ref.shopId,
          tokensFor: (shopId) => sellerTokensFor(db, { source: lazadaSource, shopId, key: KEY, now: clock }),
        });
        const parsed = adapter.parseRef(`${pagesUrl}/products/nuoc-mam-i3.html`);
        if (!parsed) throw new Error('not a Lazada address');
        expect(await adapter.check({ ...parsed, shopId: SELLER }, { http, now: () => clock })).toMatchObject({
          verdict: 'delisted',
          evidence: { provenance: 'authoritative', matchedRule: 'lazada-seller.item.Deleted' },
        });
      } finally {
        await http.close();
        await store.close();
      }
    },
  );
});
