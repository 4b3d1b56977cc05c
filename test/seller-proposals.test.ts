import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBuyerPageAdapter, createPoliteClient, createShopeeSellerSource } from '@ocop-monitor/adapters';
import {
  acceptProposal,
  beginSellerAuthorisation,
  completeSellerAuthorisation,
  endSellerConsent,
  importListings,
  importProducts,
  inviteSellerConsent,
  listProposals,
  proposeConsentingShopItems,
  queryRows,
} from '@ocop-monitor/monitor';
import {
  LISTING_COLUMNS,
  PRODUCT_COLUMNS,
  type ShopeeOpenPlatform,
  startShopeeOpenPlatform,
  toCsv,
} from '@ocop-monitor/sandbox';
import { sql } from 'drizzle-orm';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORE_TARGETS } from './store-targets.ts';

const PARTNER = { partnerId: 2_001_234, partnerKey: 'sandbox-partner-key-0123456789abcdef' };
const KEY = randomBytes(32);
const SHOP = '50123';
const now = new Date('2026-12-05T02:00:00Z');
let platform: ShopeeOpenPlatform;

/** A registry row of the sandbox's export shape: two producers of one commune, honey under both names. */
const product = (id: number, name: string, producer: string, taxCode: string) => [
  String(100_000 + id),
  `OCOP-2025-000${id}`,
  name,
  'Thực phẩm',
  'QĐ 148/2023',
  '3',
  producer,
  'Hợp tác xã',
  taxCode,
  'Nguyễn Văn An',
  '+84912345678',
  '+84912345678',
  '',
  'zalo;sms',
  `${100 + id}/QĐ-UBND`,
  '01/06/2025',
  'UBND tỉnh Quảng Trị',
  '',
  '01/06/2025',
  '01/06/2028',
  '45',
  '19000',
  'Xã Cam Lộ',
  '2025',
];

beforeAll(async () => {
  platform = await startShopeeOpenPlatform({
    ...PARTNER,
    now: () => now,
    callsPerSecond: 1_000,
    shops: {
      [SHOP]: [
        { itemId: 11, name: 'Chè vằng Cam Lộ 500g', status: 'NORMAL', price: 85_000, stock: 9, sale: 3 },
        { itemId: 12, name: 'Mật ong rừng Cam Lộ chính hãng', status: 'NORMAL', price: 250_000, stock: 4, sale: 1 },
        { itemId: 13, name: 'Áo thun nam cổ tròn', status: 'NORMAL', price: 99_000, stock: 40, sale: 12 },
        { itemId: 14, name: 'Tinh bột nghệ Cam Lộ', status: 'UNLIST', price: 150_000, stock: 2, sale: 0 },
      ],
    },
  });
});
afterAll(async () => {
  await platform?.close();
});

/** The producer presses "Đồng ý" on Shopee's page and is sent back: the callback's parameters. */
async function producerConsents(authorizationUrl: string) {
  const page = await request(authorizationUrl);
  const link = /class="consent" href="([^"]+)"/u.exec(await page.body.text())?.[1]?.replaceAll('&amp;', '&');
  if (!link) throw new Error('no consent link on the authorisation page');
  const back = await request(new URL(link, authorizationUrl).href);
  await back.body.dump();
  const callback = new URL(String(back.headers.location));
  return {
    state: callback.searchParams.get('state') ?? '',
    code: callback.searchParams.get('code') ?? '',
    shopId: callback.searchParams.get('shop_id') ?? '',
  };
}

describe.each(STORE_TARGETS)("a consenting shop's items not yet linked ($name)", (target) => {
  it.skipIf(!target.available)(
    "are matched to the producer's products and proposed to a person, never linked on their own",
    { timeout: 60_000 },
    async () => {
      const store = await target.open();
      const dir = mkdtempSync(join(tmpdir(), 'ocop-seller-proposals-'));
      const source = createShopeeSellerSource({
        ...PARTNER,
        baseUrl: platform.url,
        minIntervalMs: 0,
        itemPageBaseUrl: platform.url,
      });
      const adapter = createBuyerPageAdapter('shopee', { baseUrl: platform.url });
      const http = createPoliteClient({
        allowedHosts: [new URL(platform.url).host],
        respectRobotsTxt: false,
        minIntervalMs: 0,
        jitterMs: 0,
        retries: 0,
      });
      const propose = () => proposeConsentingShopItems(store.db, { source, key: KEY, http, now, minScore: 0.85 });
      const listingCount = async () =>
        Number((await queryRows<{ n: number }>(store.db, sql`select count(*)::int as n from listings`))[0]?.n);
      try {
        const camLo = 'Hợp tác xã Nông sản Cam Lộ';
        const haiLang = 'Hợp tác xã Dịch vụ Hải Lăng';
        writeFileSync(
          join(dir, 'p.csv'),
          toCsv(PRODUCT_COLUMNS, [
            product(1, 'Chè vằng Cam Lộ 500g', camLo, '3200000013'),
            product(2, 'Mật ong rừng Cam Lộ', camLo, '3200000013'),
            // The same honey under another producer: the shop is not theirs, so not proposed for them.
            product(3, 'Mật ong rừng Cam Lộ', haiLang, '3200000026'),
          ]),
        );
        writeFileSync(
          join(dir, 'l.csv'),
          toCsv(LISTING_COLUMNS, [['100001', 'OCOP-2025-0001', `${platform.url}/che-vang-cam-lo-i.${SHOP}.11`]]),
        );
        await importProducts(store.db, join(dir, 'p.csv'));
        expect((await importListings(store.db, join(dir, 'l.csv'), [adapter], { now, by: 'test' })).created).toBe(1);

        // No consent yet: the shop's items are nobody's to list.
        expect(await propose()).toEqual({ shops: 0, unlinked: 0, proposed: 0, failed: 0 });

        const { inviteToken } = await inviteSellerConsent(store.db, { marketplace: 'shopee', shopId: SHOP });
        const url = await beginSellerAuthorisation(store.db, {
          inviteToken,
          source,
          callbackUrl: 'https://m.example.vn/cb',
          now,
        });
        await completeSellerAuthorisation(store.db, { ...(await producerConsents(url)), source, key: KEY, now });

        // Items 12 and 13 are on sale and unlinked; 14 is hidden by its seller, 11 already linked.
        expect(await propose()).toEqual({ shops: 1, unlinked: 2, proposed: 1, failed: 0 });
        const proposals = await listProposals(store.db, { state: 'proposed' });
        expect(proposals).toHaveLength(1);
        expect(proposals[0]).toMatchObject({
          product: 'Mật ong rừng Cam Lộ',
          marketplace: 'shopee',
          url: `${platform.url}/product/${SHOP}/12`,
          title: 'Mật ong rừng Cam Lộ chính hãng',
          shopName: camLo,
        });
        const [{ producer } = { producer: '' }] = await queryRows<{ producer: string }>(
          store.db,
          sql`select pr.name as producer from listing_proposals lp join products p on p.id = lp.product_id
              join producers pr on pr.id = p.producer_id`,
        );
        expect(producer).toBe(camLo);
        // Proposed, not linked: the registry still has the one listing the province gave it.
        expect(await listingCount()).toBe(1);
        // Asked again, nothing is proposed twice.
        expect(await propose()).toMatchObject({ unlinked: 2, proposed: 0 });

        // A person accepts it: from then on it is a listing, and no longer an item to propose.
        await acceptProposal(store.db, Number(proposals[0]?.id), 'Cán bộ Lan', now, [adapter]);
        expect(await listingCount()).toBe(2);
        expect(await propose()).toMatchObject({ unlinked: 1, proposed: 0 });

        // The producer withdraws: the shop's items are no longer read at all.
        await endSellerConsent(store.db, { inviteToken }, 'withdrawn');
        expect(await propose()).toEqual({ shops: 0, unlinked: 0, proposed: 0, failed: 0 });
      } finally {
        await http.close();
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
