import {
  createPoliteClient,
  createShopeeSellerSource,
  type HttpClient,
  observationSchema,
  SellerAuthError,
  type SellerItemRef,
  type SellerTokens,
} from '@ocop-monitor/adapters';
import { type ShopeeOpenPlatform, type SimulatedShopeeItem, startShopeeOpenPlatform } from '@ocop-monitor/sandbox';
import fc from 'fast-check';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const PARTNER = { partnerId: 2_001_234, partnerKey: 'sandbox-partner-key-0123456789abcdef' };
const SHOP = '50123';
const items = (): SimulatedShopeeItem[] => [
  {
    itemId: 1,
    name: 'Chè vằng Cam Lộ 500g',
    status: 'NORMAL',
    price: 85_000,
    originalPrice: 95_000,
    stock: 12,
    sale: 0,
  },
  { itemId: 2, name: 'Mật ong U Minh', status: 'UNLIST', price: 250_000, stock: 3, sale: 40 },
  { itemId: 3, name: 'Nước mắm Cửa Hội', status: 'SELLER_DELETE', price: 90_000, stock: 0, sale: 7 },
  { itemId: 4, name: 'Rượu nếp', status: 'BANNED', price: 120_000, stock: 5, sale: 1 },
  { itemId: 5, name: 'Trà xanh', status: 'SHOPEE_DELETE', price: 60_000, stock: 5, sale: 2 },
  { itemId: 6, name: 'Kẹo cu đơ', status: 'REVIEWING', price: 65_000, stock: 5, sale: 2 },
  { itemId: 7, name: 'Bưởi Phúc Trạch', status: 'NORMAL', price: 120_000, stock: 0, sale: 230 },
];

let clock = new Date('2026-12-05T02:00:00Z');
let platform: ShopeeOpenPlatform;
let http: HttpClient & { close(): Promise<void> };
const source = () => createShopeeSellerSource({ ...PARTNER, baseUrl: platform.url, minIntervalMs: 0 });
const ref = (itemId: number): SellerItemRef => ({
  marketplace: 'shopee',
  shopId: SHOP,
  itemId: String(itemId),
  url: `https://shopee.vn/product/${SHOP}/${itemId}`,
});

/** The seller's side of consent: open the authorisation page, press "Đồng ý", read the code sent back. */
async function consent(url: string): Promise<{ code: string; shopId: string }> {
  const page = await request(url);
  const html = await page.body.text();
  expect(html).toContain('Ứng dụng xin quyền đọc trạng thái sản phẩm');
  const link = /class="consent" href="([^"]+)"/u.exec(html)?.[1]?.replaceAll('&amp;', '&');
  if (!link) throw new Error('no consent link on the authorisation page');
  const back = await request(new URL(link, url).href);
  await back.body.dump();
  expect(back.statusCode).toBe(302);
  const location = new URL(String(back.headers.location));
  return { code: location.searchParams.get('code') ?? '', shopId: location.searchParams.get('shop_id') ?? '' };
}

beforeAll(async () => {
  platform = await startShopeeOpenPlatform({
    ...PARTNER,
    shops: { [SHOP]: items() },
    now: () => clock,
    callsPerSecond: 1_000,
  });
  http = createPoliteClient({
    allowedHosts: [new URL(platform.url).host],
    respectRobotsTxt: false,
    minIntervalMs: 0,
    jitterMs: 0,
    retries: 0,
  });
});
afterAll(async () => {
  await http?.close();
  await platform?.close();
});

describe('Shopee Open Platform v2 as a seller source', () => {
  let tokens: SellerTokens;

  it('a shop consents on its authorisation page; the code becomes tokens, once', async () => {
    const shopee = source();
    const { code, shopId } = await consent(
      shopee.authorizationUrl({ redirect: 'https://monitor.example.vn/seller/callback', now: clock }),
    );
    expect(shopId).toBe(SHOP);
    tokens = await shopee.exchangeCode({ code, shopId, now: clock });
    expect(tokens.shopId).toBe(SHOP);
    expect(new Date(tokens.accessExpiresAt).getTime() - clock.getTime()).toBe(4 * 3600 * 1000);
    // A code is single-use: the same code again is refused and asks for consent again.
    await expect(shopee.exchangeCode({ code, shopId, now: clock })).rejects.toMatchObject({
      name: 'SellerAuthError',
      needsConsent: true,
    });
  });

  it("reads each status from the seller's own record: on sale with exact sales and stock, removals authoritative, review unknown", async () => {
    const shopee = source();
    const read = async (id: number) => {
      const observation = await shopee.readItem(ref(id), tokens, { http, now: () => clock });
      expect(observationSchema.safeParse(observation).success).toBe(true);
      return observation;
    };
    expect(await read(1)).toMatchObject({
      verdict: 'active',
      url: 'https://shopee.vn/product/50123/1',
      data: { price: 85_000, listPrice: 95_000, stock: 'in_stock', sold: { value: 0, approximate: false } },
    });
    expect(await read(7)).toMatchObject({ verdict: 'active', data: { stock: 'out_of_stock', sold: { value: 230 } } });
    expect(await read(2)).toMatchObject({
      verdict: 'delisted',
      reason: 'seller_hidden',
      evidence: { provenance: 'authoritative', matchedRule: 'shopee-seller.item.UNLIST' },
    });
    for (const [id, status, words] of [
      [3, 'SELLER_DELETE', 'người bán đã xoá'],
      [4, 'BANNED', 'Shopee đã khoá sản phẩm'],
      [5, 'SHOPEE_DELETE', 'Shopee đã xoá sản phẩm'],
    ] as const)
      expect(await read(id)).toMatchObject({
        verdict: 'delisted',
        reason: 'marketplace_state',
        evidence: {
          provenance: 'authoritative',
          matchedRule: `shopee-seller.item.${status}`,
          detail: expect.stringContaining(words),
        },
      });
    expect(await read(6)).toMatchObject({
      verdict: 'unknown',
      evidence: { matchedRule: 'shopee-seller.item.REVIEWING' },
    });
    // An item the shop's record does not hold (another shop's, or a lag) is no removal.
    expect(await read(99)).toMatchObject({
      verdict: 'unknown',
      evidence: { matchedRule: 'shopee-seller.item-missing' },
    });
  });

  it('an expired access token is unknown, never a removal; a refresh gives new tokens and spends the old refresh token', async () => {
    const shopee = source();
    clock = new Date(clock.getTime() + 4 * 3600 * 1000 + 1000);
    const stale = { ...tokens, accessExpiresAt: new Date(clock.getTime() + 60_000).toISOString() };
    // The platform says the token is invalid (its clock is past it): unknown, never delisted.
    expect(await shopee.readItem(ref(3), stale, { http, now: () => clock })).toMatchObject({
      verdict: 'unknown',
      reason: 'blocked',
      evidence: { matchedRule: 'shopee-seller.error.error_auth' },
    });
    const renewed = await shopee.refreshTokens(tokens, clock);
    expect(renewed.refreshToken).not.toBe(tokens.refreshToken);
    const after = await shopee.readItem(ref(3), renewed, { http, now: () => clock });
    expect(after, JSON.stringify(after.evidence)).toMatchObject({ verdict: 'delisted' });
    await expect(shopee.refreshTokens(tokens, clock)).rejects.toBeInstanceOf(SellerAuthError);
    tokens = renewed;
  });

  it('a wrong partner key is refused by the platform (wrong sign) and reads unknown', async () => {
    const forged = createShopeeSellerSource({
      ...PARTNER,
      partnerKey: 'not-the-key',
      baseUrl: platform.url,
      minIntervalMs: 0,
    });
    expect(await forged.readItem(ref(3), tokens, { http, now: () => clock })).toMatchObject({
      verdict: 'unknown',
      evidence: { matchedRule: 'shopee-seller.error.error_sign' },
    });
  });

  it("one shop's calls keep the platform's pace: a platform allowing two a second never refuses them", async () => {
    const strict = await startShopeeOpenPlatform({
      ...PARTNER,
      shops: { [SHOP]: items() },
      now: () => clock,
      callsPerSecond: 2,
    });
    const client = createPoliteClient({
      allowedHosts: [new URL(strict.url).host],
      respectRobotsTxt: false,
      minIntervalMs: 0,
      jitterMs: 0,
      retries: 0,
    });
    try {
      const shopee = createShopeeSellerSource({ ...PARTNER, baseUrl: strict.url, minIntervalMs: 600 });
      const { code, shopId } = await consent(
        shopee.authorizationUrl({ redirect: 'https://monitor.example.vn/cb', now: clock }),
      );
      const own = await shopee.exchangeCode({ code, shopId, now: clock });
      const verdicts = [];
      for (const id of [1, 7, 1])
        verdicts.push((await shopee.readItem(ref(id), own, { http: client, now: () => clock })).verdict);
      expect(verdicts).toEqual(['active', 'active', 'active']);
      expect(strict.counts.refused).toBe(0);
    } finally {
      await client.close();
      await strict.close();
    }
  });

  it('a removed status in an answer that is not a plain 200 of the platform (an error status, a redirect) is no removal', async () => {
    const { createServer } = await import('node:http');
    const banned = JSON.stringify({ error: '', response: { item_list: [{ item_id: 3, item_status: 'BANNED' }] } });
    const answers: Array<{ status: number; headers?: Record<string, string> }> = [
      { status: 500 },
      { status: 403 },
      { status: 429 },
      { status: 302, headers: { location: '/somewhere/else' } },
    ];
    const server = createServer((request, response) => {
      if (request.url?.startsWith('/somewhere/else')) {
        response.writeHead(200, { 'content-type': 'application/json' }).end(banned);
        return;
      }
      const answer = answers.shift() ?? { status: 500 };
      response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers }).end(banned);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const client = createPoliteClient({
      allowedHosts: [new URL(base).host],
      respectRobotsTxt: false,
      minIntervalMs: 0,
      jitterMs: 0,
      retries: 0,
    });
    const shopee = createShopeeSellerSource({ ...PARTNER, baseUrl: base, minIntervalMs: 0 });
    const live = { ...tokens, accessExpiresAt: new Date(clock.getTime() + 3_600_000).toISOString() };
    try {
      for (let i = 0; i < 4; i += 1)
        expect((await shopee.readItem(ref(3), live, { http: client, now: () => clock })).verdict).toBe('unknown');
    } finally {
      await client.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('a base address with a path is refused: the signed path would not be the one asked', () => {
    expect(() => createShopeeSellerSource({ ...PARTNER, baseUrl: 'https://partner.shopeemobile.com/prefix' })).toThrow(
      /host only/u,
    );
  });

  it('whatever error the platform answers, with whatever status, no item reads removed', async () => {
    const { createServer } = await import('node:http');
    const answers: Array<{ status: number; body: string }> = [];
    const server = createServer((_request, response) => {
      const answer = answers.shift() ?? { status: 500, body: '' };
      response.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address() as { port: number };
    const base = `http://127.0.0.1:${address.port}`;
    const client = createPoliteClient({
      allowedHosts: [new URL(base).host],
      respectRobotsTxt: false,
      minIntervalMs: 0,
      jitterMs: 0,
      retries: 0,
    });
    const shopee = createShopeeSellerSource({ ...PARTNER, baseUrl: base, minIntervalMs: 0 });
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(200, 400, 403, 404, 429, 500, 502, 503),
          fc.oneof(
            fc.record({ error: fc.string({ minLength: 1 }), message: fc.string() }).map((e) => JSON.stringify(e)),
            fc.string(),
            fc.constant('{"response":{"item_list":[]}}'),
            // Status words that are not Shopee's, in a 200 answer: never a removal.
            fc
              .constantFrom('constructor', '__proto__', 'toString', 'hasOwnProperty', 'banned', ' BANNED', 'Unlist', '')
              .map((word) =>
                JSON.stringify({ error: '', response: { item_list: [{ item_id: 3, item_status: word }] } }),
              ),
          ),
          async (status, body) => {
            answers.push({ status, body });
            const live = { ...tokens, accessExpiresAt: new Date(clock.getTime() + 3_600_000).toISOString() };
            const observation = await shopee.readItem(ref(3), live, { http: client, now: () => clock });
            expect(observation.verdict).toBe('unknown');
            // The platform was asked: the verdict is its answer's, not the token's.
            expect(observation.evidence.matchedRule).not.toBe('shopee-seller.token-expired');
          },
        ),
        { numRuns: 60 },
      );
    } finally {
      await client.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
