import { randomBytes } from 'node:crypto';
import {
  createBuyerPageAdapter,
  createPoliteClient,
  createShopeeSellerSource,
  type MarketplaceAdapter,
} from '@ocop-monitor/adapters';
import { FixtureServer } from '@ocop-monitor/adapters/testing';
import {
  beginSellerAuthorisation,
  completeSellerAuthorisation,
  endSellerConsent,
  inviteSellerConsent,
  openTokens,
  queryRows,
  sellerFirstAdapter,
  sellerTokensFor,
  shopeeShopOf,
} from '@ocop-monitor/monitor';
import { type ShopeeOpenPlatform, startShopeeOpenPlatform } from '@ocop-monitor/sandbox';
import { sql } from 'drizzle-orm';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORE_TARGETS } from './store-targets.ts';

const PARTNER = { partnerId: 2_001_234, partnerKey: 'sandbox-partner-key-0123456789abcdef' };
const KEY = randomBytes(32);
const CALLBACK = 'https://monitor.example.vn/ket-noi-san/callback';
let clock = new Date('2026-12-05T02:00:00Z');
let platform: ShopeeOpenPlatform;
let pages: FixtureServer;
let pagesUrl = '';

beforeAll(async () => {
  platform = await startShopeeOpenPlatform({
    ...PARTNER,
    now: () => clock,
    callsPerSecond: 1_000,
    shops: {
      '50123': [{ itemId: 3, name: 'Nước mắm Cửa Hội', status: 'SELLER_DELETE', price: 90_000, stock: 0, sale: 7 }],
      '60001': [{ itemId: 9, name: 'Mè xửng', status: 'NORMAL', price: 45_000, stock: 4, sale: 12 }],
      '60002': [{ itemId: 11, name: 'Kẹo cu đơ', status: 'NORMAL', price: 40_000, stock: 5, sale: 3 }],
    },
  });
  // Shopee's buyer pages as plain HTTP gets them: the 90309999 block, with HTTP 200.
  pages = new FixtureServer();
  pagesUrl = await pages.start();
  pages.serve({ '*': { status: 200, headers: { 'content-type': 'application/json' }, body: '{"error":90309999}' } });
});
afterAll(async () => {
  await platform?.close();
  await pages?.close();
});

/** The producer on a phone: opens the marketplace's page, presses "Đồng ý", is sent back with a code. */
async function producerConsents(authorizationUrl: string, shopId: string) {
  const page = await request(authorizationUrl);
  const html = await page.body.text();
  const link = new RegExp(`href="([^"]*shop_id=${shopId}[^"]*)"`, 'u').exec(html)?.[1]?.replaceAll('&amp;', '&');
  if (!link) throw new Error(`the authorisation page offers no consent for shop ${shopId}`);
  const back = await request(new URL(link, authorizationUrl).href);
  await back.body.dump();
  const callback = new URL(String(back.headers.location));
  return {
    state: callback.searchParams.get('state') ?? '',
    code: callback.searchParams.get('code') ?? '',
    shopId: callback.searchParams.get('shop_id') ?? '',
  };
}

describe.each(STORE_TARGETS)('consent to read a shop from its seller record ($name)', (target) => {
  it.skipIf(!target.available)(
    'invite, authorise, read authoritatively; refresh, withdraw and a failed refresh fall back to the page; replays and other shops are refused',
    async () => {
      const store = await target.open();
      const source = createShopeeSellerSource({ ...PARTNER, baseUrl: platform.url, minIntervalMs: 0 });
      const page = createBuyerPageAdapter('shopee', { baseUrl: pagesUrl });
      const http = createPoliteClient({
        allowedHosts: [new URL(platform.url).host, new URL(pagesUrl).host],
        respectRobotsTxt: false,
        minIntervalMs: 0,
        jitterMs: 0,
        retries: 0,
      });
      const adapter: MarketplaceAdapter = sellerFirstAdapter(page, {
        source,
        shopOf: shopeeShopOf,
        tokensFor: (shopId) => sellerTokensFor(store.db, { source, shopId, key: KEY, now: clock }),
      });
      const check = async (shop: string, item: number) => {
        const ref = adapter.parseRef(`${pagesUrl}/san-pham-i.${shop}.${item}`);
        if (!ref) throw new Error('not a Shopee address');
        return adapter.check(ref, { http, now: () => clock });
      };
      try {
        const { inviteToken } = await inviteSellerConsent(store.db, { marketplace: 'shopee', shopId: '50123' });
        // Before consent, the listing is read from its page: Shopee blocks plain HTTP.
        expect(await check('50123', 3)).toMatchObject({ verdict: 'unknown', reason: 'blocked' });

        const url = await beginSellerAuthorisation(store.db, {
          inviteToken,
          source,
          callbackUrl: CALLBACK,
          now: clock,
        });
        const back = await producerConsents(url, '50123');
        await completeSellerAuthorisation(store.db, { ...back, source, key: KEY, now: clock });
        const [row] = await queryRows<{ state: string; tokens: string; invite_hash: string }>(
          store.db,
          sql`select state, tokens, invite_hash from seller_consents`,
        );
        expect(row?.state).toBe('active');
        // At rest: sealed, never the token itself nor the invite token.
        const tokens = openTokens(row?.tokens ?? '', '50123', KEY);
        expect(row?.tokens).not.toContain(tokens.accessToken);
        expect(row?.tokens).not.toContain(tokens.refreshToken);
        expect(row?.invite_hash).not.toBe(inviteToken);
        expect(() => openTokens(row?.tokens ?? '', '50123', randomBytes(32))).toThrow();
        expect(() => openTokens(row?.tokens ?? '', '60001', KEY)).toThrow();

        // The seller's own record says deleted: delisted on one authoritative reading.
        expect(await check('50123', 3)).toMatchObject({
          verdict: 'delisted',
          evidence: { provenance: 'authoritative', matchedRule: 'shopee-seller.item.SELLER_DELETE' },
        });
        // Another shop never consented: its listing is read from the page.
        expect(await check('60001', 9)).toMatchObject({ verdict: 'unknown', reason: 'blocked' });

        // A replayed callback, and a callback from a shop other than the one invited, are refused.
        await expect(completeSellerAuthorisation(store.db, { ...back, source, key: KEY, now: clock })).rejects.toThrow(
          /spent authorisation state/u,
        );
        const other = await inviteSellerConsent(store.db, { marketplace: 'shopee', shopId: '50123' });
        const otherUrl = await beginSellerAuthorisation(store.db, {
          inviteToken: other.inviteToken,
          source,
          callbackUrl: CALLBACK,
          now: clock,
        });
        const wrongShop = await producerConsents(otherUrl, '60001');
        await expect(
          completeSellerAuthorisation(store.db, { ...wrongShop, source, key: KEY, now: clock }),
        ).rejects.toThrow(/not the shop invited/u);
        const [refused] = await queryRows<{ state: string; tokens: string | null }>(
          store.db,
          sql`select state, tokens from seller_consents where id = ${other.consentId}`,
        );
        expect(refused).toEqual({ state: 'invited', tokens: null });

        // Four hours later the access token is refreshed before it ends, and the listing still reads exactly.
        clock = new Date(clock.getTime() + 4 * 3600 * 1000 - 10 * 60_000);
        expect(await check('50123', 3)).toMatchObject({ verdict: 'delisted' });
        const [refreshed] = await queryRows<{ refreshes: number }>(
          store.db,
          sql`select refreshes from seller_consents where state = 'active'`,
        );
        expect(refreshed?.refreshes).toBe(1);

        // A refresh token that no longer works ends the consent, said as such, and the page is read again.
        const current = await sellerTokensFor(store.db, { source, shopId: '50123', key: KEY, now: clock });
        if (!current) throw new Error('the consent should be active');
        await source.refreshTokens(current, clock); // spent elsewhere: the stored one is now refused
        clock = new Date(clock.getTime() + 4 * 3600 * 1000);
        expect(await check('50123', 3)).toMatchObject({ verdict: 'unknown', reason: 'blocked' });
        const [ended] = await queryRows<{ state: string; ended_why: string; tokens: string | null }>(
          store.db,
          sql`select state, ended_why, tokens from seller_consents where invite_hash is not null and ended_why is not null`,
        );
        expect(ended).toEqual({ state: 'ended', ended_why: 'refresh_failed', tokens: null });

        // The producer consents again from the same link, then withdraws by it: the page is read again.
        const again = await producerConsents(
          await beginSellerAuthorisation(store.db, { inviteToken, source, callbackUrl: CALLBACK, now: clock }),
          '50123',
        );
        await completeSellerAuthorisation(store.db, { ...again, source, key: KEY, now: clock });
        expect(await check('50123', 3)).toMatchObject({ verdict: 'delisted' });
        expect(await endSellerConsent(store.db, { inviteToken }, 'withdrawn')).toBe(true);
        expect(await check('50123', 3)).toMatchObject({ verdict: 'unknown', reason: 'blocked' });
        // Staff revoked or the producer withdrew: a link cannot start over once revoked.
        await endSellerConsent(store.db, { consentId: other.consentId }, 'revoked');
        await expect(
          beginSellerAuthorisation(store.db, {
            inviteToken: other.inviteToken,
            source,
            callbackUrl: CALLBACK,
            now: clock,
          }),
        ).rejects.toThrow(/can no longer be used/u);
      } finally {
        await http.close();
        await store.close();
      }
    },
    60_000,
  );

  it.skipIf(!target.available)(
    'withdrawing by one link ends every consent of that shop, and tokens sealed with another key fall back to the page',
    async () => {
      const store = await target.open();
      const source = createShopeeSellerSource({ ...PARTNER, baseUrl: platform.url, minIntervalMs: 0 });
      const consentOnce = async () => {
        const { inviteToken } = await inviteSellerConsent(store.db, { marketplace: 'shopee', shopId: '60001' });
        const url = await beginSellerAuthorisation(store.db, {
          inviteToken,
          source,
          callbackUrl: CALLBACK,
          now: clock,
        });
        await completeSellerAuthorisation(store.db, {
          ...(await producerConsents(url, '60001')),
          source,
          key: KEY,
          now: clock,
        });
        return inviteToken;
      };
      try {
        const first = await consentOnce();
        await consentOnce();
        expect(await endSellerConsent(store.db, { inviteToken: first }, 'withdrawn')).toBe(true);
        expect(await sellerTokensFor(store.db, { source, shopId: '60001', key: KEY, now: clock })).toBeNull();
        // Consent again, then the sealing key is rotated: the listing is read from its page, the consent ends.
        await consentOnce();
        expect(
          await sellerTokensFor(store.db, { source, shopId: '60001', key: randomBytes(32), now: clock }),
        ).toBeNull();
        const states = await queryRows<{ state: string; ended_why: string | null }>(
          store.db,
          sql`select state, ended_why from seller_consents order by id`,
        );
        expect(states.every((row) => row.state === 'ended')).toBe(true);
        expect(states.at(-1)?.ended_why).toBe('refresh_failed');
      } finally {
        await store.close();
      }
    },
    60_000,
  );

  it.skipIf(!target.available)(
    'declining a second invitation for a consenting shop ends that invitation only, never the consent given on the first link',
    async () => {
      const store = await target.open();
      const source = createShopeeSellerSource({ ...PARTNER, baseUrl: platform.url, minIntervalMs: 0 });
      try {
        const first = await inviteSellerConsent(store.db, { marketplace: 'shopee', shopId: '60002' });
        const url = await beginSellerAuthorisation(store.db, {
          inviteToken: first.inviteToken,
          source,
          callbackUrl: CALLBACK,
          now: clock,
        });
        await completeSellerAuthorisation(store.db, {
          ...(await producerConsents(url, '60002')),
          source,
          key: KEY,
          now: clock,
        });
        // Another producer's product in the same shop: a second link, and the shop owner presses "Không đồng ý".
        const second = await inviteSellerConsent(store.db, { marketplace: 'shopee', shopId: '60002' });
        expect(await endSellerConsent(store.db, { inviteToken: second.inviteToken }, 'withdrawn')).toBe(true);
        const states = await queryRows<{ state: string; ended_why: string | null }>(
          store.db,
          sql`select state, ended_why from seller_consents where shop_id = '60002' order by id`,
        );
        expect(states).toEqual([
          { state: 'active', ended_why: null },
          { state: 'ended', ended_why: 'withdrawn' },
        ]);
        expect(await sellerTokensFor(store.db, { source, shopId: '60002', key: KEY, now: clock })).not.toBeNull();
      } finally {
        await store.close();
      }
    },
    60_000,
  );
});
