import { randomBytes } from 'node:crypto';
import {
  beginSellerAuthorisation,
  completeSellerAuthorisation,
  inviteSellerConsent,
  openStore,
  queryRows,
  sellerTokenKey,
} from '@ocop-monitor/monitor';
import { type LazadaOpenPlatform, startLazadaOpenPlatform } from '@ocop-monitor/sandbox';
import { sql } from 'drizzle-orm';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../workers/src/config/load.ts';
import { createRuntime } from '../workers/src/runtime.ts';
import { readConsentingShops } from '../workers/src/seller-sources.ts';

const APP = { appKey: '112233', appSecret: 'sandbox-app-secret-0123456789abcdef' };
const SELLER = '200123456';
const CALLBACK = 'https://ocop.soct.example.vn/ket-noi-san/lazada/callback';
const now = new Date('2026-12-05T02:00:00Z');
let lazada: LazadaOpenPlatform;

beforeAll(async () => {
  lazada = await startLazadaOpenPlatform({
    ...APP,
    callbackUrl: CALLBACK,
    now: () => now,
    callsPerSecond: 1_000,
    sellers: {
      [SELLER]: [
        {
          itemId: 3,
          name: 'Kẹo cu đơ Hà Tĩnh',
          status: 'Active',
          skus: [{ status: 'active', price: 30_000, quantity: 5 }],
        },
        {
          itemId: 1000,
          name: 'Kẹo cu đơ Hà Tĩnh loại đặc biệt',
          status: 'Active',
          skus: [{ status: 'active', price: 45_000, quantity: 5 }],
        },
        { itemId: 4, name: 'Kẹo lạc', status: 'InActive', skus: [{ status: 'inactive', price: 20_000, quantity: 0 }] },
      ],
    },
  });
});
afterAll(() => lazada?.close());

describe("the daily run reads each consenting shop's own item list before its checks", () => {
  it('binds the listing whose address names no shop and proposes the new item on sale, once, never linking it', async () => {
    const config = loadConfig({
      overrides: {
        marketplaces: { lazada: { enabled: true, baseUrl: lazada.url } },
        sellers: { lazada: { appKey: APP.appKey, baseUrl: lazada.apiUrl, authBaseUrl: lazada.url, minIntervalMs: 0 } },
        http: { respectRobotsTxt: false, minIntervalMs: 0, jitterMs: 0, retries: 0 },
        log: { level: 'silent' },
      },
      env: { OCOP_LAZADA_APP_SECRET: APP.appSecret, OCOP_SELLER_TOKEN_KEY: randomBytes(32).toString('hex') },
    });
    const runtime = createRuntime(config);
    const store = await openStore({ dataDir: 'memory://' });
    try {
      const db = store.db;
      const [producer] = await queryRows<{ id: number }>(
        db,
        sql`insert into producers (key, name, type) values ('htx-keo', 'HTX Kẹo cu đơ', 'cooperative') returning id`,
      );
      const [product] = await queryRows<{ id: number }>(
        db,
        sql`insert into products (name, search_key, product_group, classification_version, stars, producer_id,
                                  certified_date, expiry_date, province_code, code_table_version, source)
            values ('Kẹo cu đơ Hà Tĩnh loại đặc biệt', 'keo cu do ha tinh loai dac biet', 'Thực phẩm', 'QĐ 148/2023', 4,
                    ${producer?.id}, '2025-01-01', '2028-01-01', '40', '2025', 'test') returning id`,
      );
      await db.execute(
        sql`insert into listings (product_id, marketplace, item_id, url, linked_how, linked_at, state, state_since)
            values (${product?.id}, 'lazada', '3', ${`${lazada.url}/products/keo-cu-do-i3.html`}, 'imported',
                    '2026-01-01T00:00:00Z', 'active', '2026-01-01T00:00:00Z')`,
      );
      const source = runtime.sellerSources.find((candidate) => candidate.marketplace === 'lazada');
      if (!source) throw new Error('the configuration names Lazada’s open platform');
      // The producer consents from the link staff sent: Lazada's callback names no shop.
      const { inviteToken } = await inviteSellerConsent(db, {
        marketplace: 'lazada',
        producerId: Number(producer?.id),
      });
      const authorise = await beginSellerAuthorisation(db, { inviteToken, source, callbackUrl: CALLBACK, now });
      const html = await (await request(authorise)).body.text();
      const link = /href="([^"]*seller_id=200123456[^"]*)"/u.exec(html)?.[1]?.replaceAll('&amp;', '&') ?? '';
      const back = await request(new URL(link, authorise).href);
      await back.body.dump();
      const callback = new URL(String(back.headers.location));
      await completeSellerAuthorisation(db, {
        state: callback.searchParams.get('state') ?? '',
        code: callback.searchParams.get('code') ?? '',
        source,
        key: sellerTokenKey(config.sellers.tokenKey ?? ''),
        now,
      });

      expect(await readConsentingShops(runtime, db, now)).toBe(1);
      expect(await queryRows(db, sql`select item_id, shop_id from listings order by item_id`)).toEqual([
        { item_id: '3', shop_id: SELLER },
      ]);
      const proposals = () =>
        queryRows<{ item_id: string; state: string }>(
          db,
          sql`select item_id, state from listing_proposals order by item_id`,
        );
      // The new item on sale is put to a person; the hidden one only tells whose listings are whose.
      expect(await proposals()).toEqual([{ item_id: '1000', state: 'proposed' }]);
      // The next day's run reads the shop again: nothing proposed twice, nothing linked by itself.
      expect(await readConsentingShops(runtime, db, new Date(now.getTime() + 86_400_000))).toBe(0);
      expect(await proposals()).toEqual([{ item_id: '1000', state: 'proposed' }]);
      const [{ n } = { n: 0 }] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from listings`);
      expect(Number(n)).toBe(1);
    } finally {
      await store.close();
      await runtime.close();
    }
  }, 60_000);
});
