import { randomBytes } from 'node:crypto';
import {
  createBuyerPageAdapter,
  createLazadaSellerSource,
  createPoliteClient,
  createTiktokSellerSource,
  type SellerSource,
} from '@ocop-monitor/adapters';
import { FixtureServer } from '@ocop-monitor/adapters/testing';
import {
  beginSellerAuthorisation,
  completeSellerAuthorisation,
  inviteSellerConsent,
  sellerFirstAdapter,
  sellerTokensFor,
} from '@ocop-monitor/monitor';
import {
  type LazadaOpenPlatform,
  startLazadaOpenPlatform,
  startTiktokOpenPlatform,
  type TiktokOpenPlatform,
} from '@ocop-monitor/sandbox';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORE_TARGETS } from './store-targets.ts';

const KEY = randomBytes(32);
const CALLBACK = 'https://monitor.example.vn/ket-noi-san/callback';
const LAZADA_SELLER = '200123456';
const TIKTOK_SHOP = '7494105515082810525';
const clock = new Date('2026-12-05T02:00:00Z');
let lazada: LazadaOpenPlatform;
let tiktok: TiktokOpenPlatform;
let pages: FixtureServer;
let pagesUrl = '';

beforeAll(async () => {
  lazada = await startLazadaOpenPlatform({
    appKey: '112233',
    appSecret: 'sandbox-app-secret-0123456789abcdef',
    callbackUrl: CALLBACK,
    now: () => clock,
    sellers: {
      [LAZADA_SELLER]: [{ itemId: 3, name: 'Nước mắm Cửa Hội', status: 'Deleted', skus: [] }],
      '200999999': [],
    },
  });
  tiktok = await startTiktokOpenPlatform({
    appKey: '6abc123def',
    appSecret: 'sandbox-tiktok-secret-0123456789',
    serviceId: '7172000000000070150',
    redirectUrl: CALLBACK,
    now: () => clock,
    shops: {
      [TIKTOK_SHOP]: [
        { productId: '1005', title: 'Mè xửng', status: 'PLATFORM_DEACTIVATED', price: 45_000, stock: [2] },
      ],
      '7494100000000000001': [],
    },
  });
  // The buyer pages as plain HTTP gets them: Lazada's "punish" captcha, whatever the product.
  pages = new FixtureServer();
  pagesUrl = await pages.start();
  pages.serve({ '*': { status: 200, body: '<html><body><div id="punish-component"></div></body></html>' } });
});
afterAll(async () => {
  await lazada?.close();
  await tiktok?.close();
  await pages?.close();
});

/** The producer opens the platform's page and presses "Đồng ý" for their shop; back with a code and the state. */
async function producerConsents(authorizationUrl: string, shopId: string) {
  const html = await (await request(authorizationUrl)).body.text();
  const link = new RegExp(`href="([^"]*(?:seller|shop)_id=${shopId}[^"]*)"`, 'u')
    .exec(html)?.[1]
    ?.replaceAll('&amp;', '&');
  if (!link) throw new Error(`the authorisation page offers no consent for ${shopId}`);
  const back = await request(new URL(link, authorizationUrl).href);
  await back.body.dump();
  const callback = new URL(String(back.headers.location));
  return { state: callback.searchParams.get('state') ?? '', code: callback.searchParams.get('code') ?? '' };
}

const platforms = [
  {
    name: 'Lazada',
    marketplace: 'lazada' as const,
    shopId: LAZADA_SELLER,
    other: '200999999',
    source: (): SellerSource =>
      createLazadaSellerSource({
        appKey: '112233',
        appSecret: 'sandbox-app-secret-0123456789abcdef',
        baseUrl: lazada.apiUrl,
        authBaseUrl: lazada.url,
        minIntervalMs: 0,
      }),
    listing: `/products/nuoc-mam-cua-hoi-i3-s300.html`,
    rule: 'lazada-seller.item.Deleted',
  },
  {
    name: 'TikTok Shop',
    marketplace: 'tiktok' as const,
    shopId: TIKTOK_SHOP,
    other: '7494100000000000001',
    source: (): SellerSource =>
      createTiktokSellerSource({
        appKey: '6abc123def',
        appSecret: 'sandbox-tiktok-secret-0123456789',
        serviceId: '7172000000000070150',
        baseUrl: tiktok.url,
        authBaseUrl: tiktok.url,
        servicesUrl: tiktok.url,
        minIntervalMs: 0,
      }),
    listing: '/view/product/1005',
    rule: 'tiktok-seller.item.PLATFORM_DEACTIVATED',
  },
];

describe.each(STORE_TARGETS)('consent to read a Lazada or TikTok Shop shop from its record ($name)', (target) => {
  it.skipIf(!target.available).each(platforms)(
    '$name: invite, authorise (the callback names no shop: the invited one is checked), read authoritatively',
    async (platform) => {
      const store = await target.open();
      const source = platform.source();
      const page = createBuyerPageAdapter(platform.marketplace, { baseUrl: pagesUrl });
      const http = createPoliteClient({
        allowedHosts: [...source.hosts, new URL(pagesUrl).host],
        respectRobotsTxt: false,
        minIntervalMs: 0,
        jitterMs: 0,
        retries: 0,
      });
      // Neither platform's listing address names the shop: the listing's own shop id does.
      const adapter = sellerFirstAdapter(page, {
        source,
        shopOf: (ref) => ref.shopId,
        tokensFor: (shopId) => sellerTokensFor(store.db, { source, shopId, key: KEY, now: clock }),
      });
      const parsed = adapter.parseRef(`${pagesUrl}${platform.listing}`);
      if (!parsed) throw new Error(`not a ${platform.name} address`);
      const ref = { ...parsed, shopId: platform.shopId };
      try {
        const { inviteToken } = await inviteSellerConsent(store.db, {
          marketplace: platform.marketplace,
          shopId: platform.shopId,
        });
        expect(await adapter.check(ref, { http, now: () => clock })).toMatchObject({ verdict: 'unknown' });
        const url = await beginSellerAuthorisation(store.db, {
          inviteToken,
          source,
          callbackUrl: CALLBACK,
          now: clock,
        });
        const back = await producerConsents(url, platform.shopId);
        expect(back.state).not.toBe('');
        await completeSellerAuthorisation(store.db, { ...back, shopId: platform.shopId, source, key: KEY, now: clock });
        expect(await adapter.check(ref, { http, now: () => clock })).toMatchObject({
          verdict: 'delisted',
          evidence: { provenance: 'authoritative', matchedRule: platform.rule },
        });
        // Another seller pressing "Đồng ý" on an invitation for this shop: refused, nothing stored.
        const again = await inviteSellerConsent(store.db, {
          marketplace: platform.marketplace,
          shopId: platform.shopId,
        });
        const otherUrl = await beginSellerAuthorisation(store.db, {
          inviteToken: again.inviteToken,
          source,
          callbackUrl: CALLBACK,
          now: clock,
        });
        const wrong = await producerConsents(otherUrl, platform.other);
        await expect(
          completeSellerAuthorisation(store.db, { ...wrong, shopId: platform.shopId, source, key: KEY, now: clock }),
        ).rejects.toThrow(/not seller|has not authorised shop/u);
      } finally {
        await http.close();
        await store.close();
      }
    },
  );
});
