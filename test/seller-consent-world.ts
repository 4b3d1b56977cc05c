import { randomBytes } from 'node:crypto';
import {
  createAdapters,
  createLazadaSellerSource,
  createPoliteClient,
  createShopeeSellerSource,
  type SellerSource,
} from '@ocop-monitor/adapters';
import { type Database, queryRows } from '@ocop-monitor/monitor';
import {
  type LazadaOpenPlatform,
  type ShopeeOpenPlatform,
  startLazadaOpenPlatform,
  startShopeeOpenPlatform,
} from '@ocop-monitor/sandbox';
import { sql } from 'drizzle-orm';
import { request } from 'undici';
import { type ServedStore, servedStore } from './security/dashboard-on-store.ts';

export const PUBLIC_URL = 'https://ocop.soct.example.vn';
const PARTNER = { partnerId: 2_001_234, partnerKey: 'sandbox-partner-key-0123456789abcdef' };

export interface ConsentWorld {
  served: ServedStore;
  platform: ShopeeOpenPlatform;
  key: Buffer;
  source: SellerSource;
  /** The platform's clock runs this far ahead of the real one (tests move it to let tokens age). */
  platformAhead: { ms: number };
  close(): Promise<void>;
}

/** The dashboard with Shopee's open platform configured (the sandbox's, over HTTP) on an embedded store. */
export async function consentWorld(): Promise<ConsentWorld> {
  const platformAhead = { ms: 0 };
  const platform = await startShopeeOpenPlatform({
    ...PARTNER,
    now: () => new Date(Date.now() + platformAhead.ms),
    callsPerSecond: 1_000,
    shops: {
      '50123': [{ itemId: 3, name: 'Nước mắm Cửa Hội', status: 'NORMAL', price: 90_000, stock: 4, sale: 7 }],
      '60001': [{ itemId: 9, name: 'Mè xửng', status: 'NORMAL', price: 45_000, stock: 4, sale: 12 }],
    },
  });
  const key = randomBytes(32);
  const source = createShopeeSellerSource({ ...PARTNER, baseUrl: platform.url, minIntervalMs: 0 });
  const served = await servedStore({
    adapters: createAdapters({ shopee: { enabled: true } }),
    sellers: {
      sources: [source],
      key,
      publicUrl: PUBLIC_URL,
      channels: ['sms', 'email'],
    },
  });
  return {
    served,
    platform,
    key,
    source,
    platformAhead,
    async close() {
      await served.close();
      await platform.close();
    },
  };
}

/** A producer (e-mail and SMS agreed) with one product listed on Shopee in `shopId`; the product's id. */
export async function seedShopeeProduct(db: Database, shopId: string, itemId: number): Promise<number> {
  const [producer] = await queryRows<{ id: number }>(
    db,
    sql`insert into producers (key, name, type, phone, email, channels)
        values (${`htx-${shopId}-${itemId}`}, ${`HTX Cửa Hội ${shopId}`}, 'cooperative', '+84912345678',
                ${`htx${shopId}@example.vn`}, '{sms,email}'::text[]) returning id`,
  );
  const [product] = await queryRows<{ id: number }>(
    db,
    sql`insert into products (name, search_key, product_group, classification_version, stars, producer_id,
                              certified_date, expiry_date, province_code, code_table_version, source)
        values ('Nước mắm Cửa Hội', 'nuoc mam cua hoi', 'Thực phẩm', 'QĐ 148/2023', 4, ${producer?.id},
                '2025-01-01', '2028-01-01', '40', '2025', 'test') returning id`,
  );
  await db.execute(
    sql`insert into listings (product_id, marketplace, item_id, url, linked_how, linked_at, state, state_since)
        values (${product?.id}, 'shopee', ${String(itemId)}, ${`https://shopee.vn/product/${shopId}/${itemId}`}, 'imported',
                '2026-01-01T00:00:00Z', 'active', '2026-01-01T00:00:00Z')`,
  );
  return Number(product?.id);
}

/** The invitation's link, read from the message waiting in the outbox (its only copy). */
export async function invitationLink(db: Database, consentId: number): Promise<string> {
  const [row] = await queryRows<{ text: string }>(
    db,
    sql`select payload->>'text' as text from notifications where key like ${`seller-consent:${consentId}:%`}`,
  );
  const link = /https:\/\/\S+\/dong-y\/[\w-]+/u.exec(row?.text ?? '')?.[0];
  if (!link) throw new Error(`no invitation link in the outbox for consent ${consentId}`);
  return link;
}

/** The link on the served dashboard (the public address is the province's, not this test server's). */
export const onServer = (served: ServedStore, link: string) => {
  const url = new URL(link);
  return `${served.base}${url.pathname}${url.search}`;
};

/**
 * The producer on the marketplace: opens its authorisation page, presses "Đồng ý" for `shopId`, and
 * is sent back to the callback with a code; the callback's address.
 */
export async function authoriseOnShopee(authorizationUrl: string, shopId: string): Promise<string> {
  const page = await request(authorizationUrl);
  const html = await page.body.text();
  const link = new RegExp(`href="([^"]*shop_id=${shopId}[^"]*)"`, 'u').exec(html)?.[1]?.replaceAll('&amp;', '&');
  if (!link) throw new Error(`the authorisation page offers no consent for shop ${shopId}`);
  const back = await request(new URL(link, authorizationUrl).href);
  await back.body.dump();
  return String(back.headers.location);
}

export interface LazadaConsentWorld {
  served: ServedStore;
  platform: LazadaOpenPlatform;
  close(): Promise<void>;
}

/**
 * The dashboard with Lazada's open platform configured (the sandbox's, over HTTP, through the polite
 * client so that the callback binds the shop's listings) on an embedded store. Seller 200123456 has
 * item 3 (deleted) and item 1000 (on sale).
 */
export async function lazadaConsentWorld(): Promise<LazadaConsentWorld> {
  const app = { appKey: '112233', appSecret: 'sandbox-app-secret-0123456789abcdef' };
  const platform = await startLazadaOpenPlatform({
    ...app,
    callbackUrl: `${PUBLIC_URL}/ket-noi-san/lazada/callback`,
    callsPerSecond: 1_000,
    sellers: {
      '200123456': [
        { itemId: 3, name: 'Nước mắm Cửa Hội', status: 'Deleted', skus: [] },
        { itemId: 1000, name: 'Mắm tép', status: 'Active', skus: [{ status: 'active', price: 50_000, quantity: 3 }] },
      ],
    },
  });
  const source = createLazadaSellerSource({
    ...app,
    baseUrl: platform.apiUrl,
    authBaseUrl: platform.url,
    minIntervalMs: 0,
  });
  const http = createPoliteClient({
    allowedHosts: [...source.hosts],
    respectRobotsTxt: false,
    minIntervalMs: 0,
    jitterMs: 0,
    retries: 0,
  });
  const served = await servedStore({
    adapters: createAdapters({ lazada: { enabled: true } }),
    sellers: { sources: [source], key: randomBytes(32), publicUrl: PUBLIC_URL, channels: ['sms', 'email'], http },
  });
  return {
    served,
    platform,
    async close() {
      await served.close();
      await http.close();
      await platform.close();
    },
  };
}

/** A producer (e-mail and SMS agreed) with one product listed on Lazada, no shop id known; the product's id. */
export async function seedLazadaProduct(db: Database, itemId: number): Promise<number> {
  const productId = await seedShopeeProduct(db, `lzd${itemId}`, itemId);
  await db.execute(
    sql`update listings set marketplace = 'lazada', url = ${`https://www.lazada.vn/products/nuoc-mam-cua-hoi-i${itemId}.html`}
        where product_id = ${productId}`,
  );
  return productId;
}
