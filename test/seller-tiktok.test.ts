import { createHash, createHmac } from 'node:crypto';
import {
  createBuyerPageAdapter,
  createPoliteClient,
  createTiktokSellerSource,
  type HttpClient,
  observationSchema,
  SellerAuthError,
  type SellerItemRef,
  type SellerTokens,
  tiktokSignature,
} from '@ocop-monitor/adapters';
import { type SimulatedTiktokProduct, startTiktokOpenPlatform, type TiktokOpenPlatform } from '@ocop-monitor/sandbox';
import fc from 'fast-check';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const APP = { appKey: '6abc123def', appSecret: 'sandbox-tiktok-secret-0123456789', serviceId: '7172000000000070150' };
const SHOP = '7494105515082810525';
const REDIRECT = 'https://monitor.example.vn/seller/callback';
const product = (productId: string, status: string, stock: number[] = [5]): SimulatedTiktokProduct => ({
  productId,
  title: `Sản phẩm ${productId}`,
  status,
  price: 120_000,
  stock,
});
const products = (): SimulatedTiktokProduct[] => [
  product('1001', 'ACTIVATE', [3, 4]),
  product('1002', 'SELLER_DEACTIVATED'),
  product('1003', 'PLATFORM_DEACTIVATED'),
  product('1004', 'FREEZE'),
  product('1005', 'DELETED'),
  product('1006', 'PENDING'),
  product('1007', 'DRAFT'),
  product('1008', 'FAILED'),
  product('1009', 'ACTIVATE', [0, 0]),
];

let clock = new Date('2026-12-05T02:00:00Z');
let platform: TiktokOpenPlatform;
let http: HttpClient & { close(): Promise<void> };
const options = (url: string) => ({ ...APP, baseUrl: url, authBaseUrl: url, servicesUrl: url, minIntervalMs: 0 });
const ref = (id: string): SellerItemRef => ({
  marketplace: 'tiktok',
  shopId: SHOP,
  itemId: id,
  url: `https://shop.tiktok.com/view/product/${id}?region=VN`,
});
const politeClient = (base: string) =>
  createPoliteClient({
    allowedHosts: [new URL(base).host],
    respectRobotsTxt: false,
    minIntervalMs: 0,
    jitterMs: 0,
    retries: 0,
  });

/** The seller's side of consent: the service's page, "Đồng ý", back to the app's registered redirect. */
async function consent(url: string): Promise<{ code: string; state: string | null }> {
  const page = await request(url);
  const html = await page.body.text();
  expect(html).toContain('Ứng dụng xin quyền đọc trạng thái sản phẩm');
  const link = /class="consent" href="([^"]+)"/u.exec(html)?.[1]?.replaceAll('&amp;', '&');
  if (!link) throw new Error('no consent link on the authorisation page');
  const back = await request(new URL(link, url).href);
  await back.body.dump();
  expect(back.statusCode).toBe(302);
  const location = new URL(String(back.headers.location));
  expect(location.origin + location.pathname).toBe(REDIRECT);
  return { code: location.searchParams.get('code') ?? '', state: location.searchParams.get('state') };
}

beforeAll(async () => {
  platform = await startTiktokOpenPlatform({
    ...APP,
    redirectUrl: REDIRECT,
    shops: { [SHOP]: products(), '7494100000000000001': [product('2001', 'DELETED')] },
    now: () => clock,
    callsPerSecond: 1_000,
  });
  http = politeClient(platform.url);
});
afterAll(async () => {
  await http?.close();
  await platform?.close();
});

describe('TikTok Shop Partner API as a seller source', () => {
  let tokens: SellerTokens;

  it('signs as the platform documents: secret, path, sorted params without sign and access_token, body, secret', () => {
    const params = { timestamp: '1700000000', app_key: 'k', shop_cipher: 'c', access_token: 'x', sign: 'y' };
    expect(tiktokSignature({ appSecret: 's', path: '/p', params, body: '{"a":1}' })).toBe(
      createHmac('sha256', 's').update('s/papp_keykshop_cipherctimestamp1700000000{"a":1}s').digest('hex'),
    );
  });

  it("the shop consents on the service's page; the monitor's state comes back; the code becomes tokens, once", async () => {
    const tiktok = createTiktokSellerSource(options(platform.url));
    const link = new URL(tiktok.authorizationUrl({ redirect: `${REDIRECT}?state=st-123`, now: clock }));
    expect(link.pathname).toBe('/open/authorize');
    expect(Object.fromEntries(link.searchParams)).toEqual({ service_id: APP.serviceId, state: 'st-123' });
    const { code, state } = await consent(link.href);
    expect(state).toBe('st-123');
    tokens = await tiktok.exchangeCode({ code, shopId: SHOP, now: clock });
    expect(tokens.shopId).toBe(SHOP);
    // Expiries are the platform's Unix timestamps: 7 days for the access token.
    expect(new Date(tokens.accessExpiresAt).getTime() - clock.getTime()).toBe(7 * 24 * 3600 * 1000);
    await expect(tiktok.exchangeCode({ code, shopId: SHOP, now: clock })).rejects.toMatchObject({
      name: 'SellerAuthError',
      needsConsent: true,
    });
  });

  it('refuses the tokens of a shop that is not the one invited', async () => {
    const tiktok = createTiktokSellerSource(options(platform.url));
    const { code } = await consent(tiktok.authorizationUrl({ redirect: REDIRECT, now: clock }));
    await expect(tiktok.exchangeCode({ code, shopId: '7494100000000000001', now: clock })).rejects.toMatchObject({
      needsConsent: true,
      message: expect.stringContaining('has not authorised shop 7494100000000000001'),
    });
  });

  it("reads each status from the shop's own record: removals authoritative, review and drafts unknown, sales unknown", async () => {
    // A fresh source learns the shop's cipher from the authorised shops before reading.
    const tiktok = createTiktokSellerSource(options(platform.url));
    const read = async (id: string) => {
      const observation = await tiktok.readItem(ref(id), tokens, { http, now: () => clock });
      expect(observationSchema.safeParse(observation).success).toBe(true);
      return observation;
    };
    expect(await read('1001')).toMatchObject({
      verdict: 'active',
      data: { title: 'Sản phẩm 1001', price: 120_000, stock: 'in_stock', sold: null },
      evidence: { matchedRule: 'tiktok-seller.item.ACTIVATE' },
    });
    expect(await read('1009')).toMatchObject({ verdict: 'active', data: { stock: 'out_of_stock' } });
    expect(await read('1002')).toMatchObject({
      verdict: 'delisted',
      reason: 'seller_hidden',
      evidence: { provenance: 'authoritative', matchedRule: 'tiktok-seller.item.SELLER_DEACTIVATED' },
    });
    for (const [id, status, words] of [
      ['1003', 'PLATFORM_DEACTIVATED', 'TikTok Shop đã tắt sản phẩm'],
      ['1004', 'FREEZE', 'đóng băng'],
      ['1005', 'DELETED', 'đã bị xoá'],
    ] as const)
      expect(await read(id)).toMatchObject({
        verdict: 'delisted',
        reason: 'marketplace_state',
        evidence: {
          provenance: 'authoritative',
          matchedRule: `tiktok-seller.item.${status}`,
          detail: expect.stringContaining(words),
        },
      });
    for (const [id, status] of [
      ['1006', 'PENDING'],
      ['1007', 'DRAFT'],
      ['1008', 'FAILED'],
    ] as const)
      expect(await read(id)).toMatchObject({
        verdict: 'unknown',
        evidence: { matchedRule: `tiktok-seller.item.${status}` },
      });
    // Another shop's product (deleted there) or one the record does not hold: no removal.
    expect(await read('2001')).toMatchObject({
      verdict: 'unknown',
      evidence: { matchedRule: 'tiktok-seller.error.12052048' },
    });
  });

  it('an expired access token is unknown, never a removal; a refresh gives new tokens and spends the old refresh token', async () => {
    const tiktok = createTiktokSellerSource(options(platform.url));
    expect((await tiktok.readItem(ref('1005'), tokens, { http, now: () => clock })).verdict).toBe('delisted');
    clock = new Date(clock.getTime() + 7 * 24 * 3600 * 1000 + 1000);
    const stale = { ...tokens, accessExpiresAt: new Date(clock.getTime() + 60_000).toISOString() };
    expect(await tiktok.readItem(ref('1005'), stale, { http, now: () => clock })).toMatchObject({
      verdict: 'unknown',
      reason: 'blocked',
      evidence: { matchedRule: 'tiktok-seller.error.105002' },
    });
    const renewed = await tiktok.refreshTokens(tokens, clock);
    expect(renewed.refreshToken).not.toBe(tokens.refreshToken);
    expect((await tiktok.readItem(ref('1005'), renewed, { http, now: () => clock })).verdict).toBe('delisted');
    await expect(tiktok.refreshTokens(tokens, clock)).rejects.toMatchObject({
      name: 'SellerAuthError',
      needsConsent: true,
    });
    await expect(
      tiktok.refreshTokens({ ...renewed, refreshExpiresAt: clock.toISOString() }, clock),
    ).rejects.toBeInstanceOf(SellerAuthError);
    tokens = renewed;
  });

  it("a wrong app secret in a token call ends no consent: it is the department's to fix", async () => {
    const forged = createTiktokSellerSource({ ...options(platform.url), appSecret: 'not-the-secret' });
    await expect(forged.refreshTokens(tokens, clock)).rejects.toMatchObject({
      needsConsent: false,
      problem: 'platform_error',
    });
  });

  it('a wrong app secret is refused by the platform (signature) and reads unknown', async () => {
    const forged = createTiktokSellerSource({ ...options(platform.url), appSecret: 'not-the-secret' });
    expect(await forged.readItem(ref('1005'), tokens, { http, now: () => clock })).toMatchObject({
      verdict: 'unknown',
      reason: 'blocked',
      evidence: { matchedRule: 'tiktok-seller.shop-cipher' },
    });
  });

  it("one shop's calls keep the platform's pace; the platform's pacing limit reads unknown", async () => {
    const strict = await startTiktokOpenPlatform({
      ...APP,
      redirectUrl: REDIRECT,
      shops: { [SHOP]: products() },
      now: () => clock,
      callsPerSecond: 2,
    });
    const client = politeClient(strict.url);
    try {
      const paced = createTiktokSellerSource({ ...options(strict.url), minIntervalMs: 600 });
      const { code } = await consent(paced.authorizationUrl({ redirect: REDIRECT, now: clock }));
      const own = await paced.exchangeCode({ code, shopId: SHOP, now: clock });
      const verdicts = [];
      for (const id of ['1001', '1009', '1001'])
        verdicts.push((await paced.readItem(ref(id), own, { http: client, now: () => clock })).verdict);
      expect(verdicts).toEqual(['active', 'active', 'active']);
      expect(strict.counts.refused).toBe(0);
      // Unpaced, once it knows the cipher: six calls at once meet the limit of two a second.
      const hurried = createTiktokSellerSource(options(strict.url));
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect((await hurried.readItem(ref('1001'), own, { http: client, now: () => clock })).verdict).toBe('active');
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const burst = await Promise.all(
        Array.from({ length: 6 }, () => hurried.readItem(ref('1005'), own, { http: client, now: () => clock })),
      );
      const limited = burst.filter((one) => one.verdict === 'unknown');
      expect(limited.length).toBeGreaterThanOrEqual(2);
      for (const one of limited)
        expect(one).toMatchObject({
          reason: 'rate_limited',
          evidence: { matchedRule: 'tiktok-seller.error.36009008' },
        });
    } finally {
      await client.close();
      await strict.close();
    }
  });

  it('an access token said to last longer than the platform ever gives is believed for 7 days only', async () => {
    const generous = await startTiktokOpenPlatform({
      ...APP,
      redirectUrl: REDIRECT,
      shops: { [SHOP]: products() },
      now: () => clock,
      accessTtlSeconds: 90 * 24 * 3600,
    });
    try {
      const tiktok = createTiktokSellerSource(options(generous.url));
      const { code } = await consent(tiktok.authorizationUrl({ redirect: REDIRECT, now: clock }));
      const own = await tiktok.exchangeCode({ code, shopId: SHOP, now: clock });
      expect(new Date(own.accessExpiresAt).getTime() - clock.getTime()).toBe(7 * 24 * 3600 * 1000);
    } finally {
      await generous.close();
    }
  });

  it('addresses with a path are refused: the signed path would not be the one asked', () => {
    expect(() => createTiktokSellerSource({ ...APP, baseUrl: 'https://open-api.tiktokglobalshop.com/x' })).toThrow(
      /host only/u,
    );
    expect(createTiktokSellerSource(APP).hosts).toEqual(['open-api.tiktokglobalshop.com', 'auth.tiktok-shops.com']);
  });

  it('whatever the platform answers for the product, with whatever status or redirect, no product reads removed unless a plain 200', async () => {
    const { createServer } = await import('node:http');
    const answers: Array<{ status: number; body: string; location?: string }> = [];
    const shops = JSON.stringify({ code: 0, data: { shops: [{ id: SHOP, cipher: 'GCP_x', region: 'VN' }] } });
    const server = createServer((request, response) => {
      if (request.url?.startsWith('/authorization/202309/shops')) {
        response.writeHead(200, { 'content-type': 'application/json' }).end(shops);
        return;
      }
      if (request.url?.startsWith('/elsewhere')) {
        response
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ code: 0, data: { id: '1005', status: 'DELETED', skus: [] } }));
        return;
      }
      const answer = answers.shift() ?? { status: 500, body: '' };
      response
        .writeHead(answer.status, {
          'content-type': 'application/json',
          ...(answer.location ? { location: answer.location } : {}),
        })
        .end(answer.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const client = politeClient(base);
    const tiktok = createTiktokSellerSource(options(base));
    const live = { ...tokens, accessExpiresAt: new Date(clock.getTime() + 3_600_000).toISOString() };
    const deleted = JSON.stringify({ code: 0, data: { id: '1005', status: 'DELETED', skus: [] } });
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            // The removal itself, in an answer that is not a plain 200 at the address asked.
            fc.constantFrom(401, 403, 404, 429, 500, 503).map((status) => ({ status, body: deleted })),
            fc.constant({ status: 302, body: '', location: '/elsewhere' }),
            fc.record({
              status: fc.constantFrom(200, 400, 500),
              body: fc.oneof(
                fc.record({ code: fc.integer({ min: 1 }), message: fc.string() }).map((e) => JSON.stringify(e)),
                fc.string(),
                // Another product's record, or status words that are not TikTok's.
                fc.constant(JSON.stringify({ code: 0, data: { id: '9999', status: 'DELETED', skus: [] } })),
                fc
                  .constantFrom('constructor', '__proto__', 'deleted', 'Deleted', ' FREEZE', 'BANNED', '')
                  .map((word) => JSON.stringify({ code: 0, data: { id: '1005', status: word, skus: [] } })),
              ),
            }),
          ),
          async (answer) => {
            answers.push(answer);
            const observation = await tiktok.readItem(ref('1005'), live, { http: client, now: () => clock });
            expect(observation.verdict).toBe('unknown');
            expect(observation.evidence.matchedRule).not.toBe('tiktok-seller.token-expired');
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

describe("listing a TikTok Shop seller's products (POST /product/202309/products/search over HTTP)", () => {
  const BIG = '7494105515082810999';
  const OTHER = '7494100000000000002';
  const id = (i: number) => `17290000000${String(i).padStart(8, '0')}`;
  // 130 products (two pages of 100): one deactivated by the seller, one deleted, one without a title.
  const catalogue = () =>
    Array.from({ length: 130 }, (_, i) => ({
      ...product(id(i), i === 3 ? 'SELLER_DEACTIVATED' : i === 4 ? 'DELETED' : 'ACTIVATE'),
      ...(i === 5 ? { title: '  ' } : {}),
    }));
  let shop: TiktokOpenPlatform;
  let client: HttpClient & { close(): Promise<void> };
  let own: SellerTokens;
  const tiktok = () => createTiktokSellerSource(options(shop.url));

  beforeAll(async () => {
    shop = await startTiktokOpenPlatform({
      ...APP,
      redirectUrl: REDIRECT,
      // The first shop on the consent page is the one that consents.
      shops: { [BIG]: catalogue(), [OTHER]: [product('2002', 'ACTIVATE')] },
      now: () => clock,
      callsPerSecond: 1_000,
    });
    client = politeClient(shop.url);
    const source = tiktok();
    const { code } = await consent(source.authorizationUrl({ redirect: REDIRECT, now: clock }));
    own = await source.exchangeCode({ code, shopId: BIG, now: clock });
  });
  afterAll(async () => {
    await client?.close();
    await shop?.close();
  });

  it('lists the whole shop across pages: hidden and deleted products not on sale, each at its buyer page', async () => {
    const source = tiktok();
    const listed = await source.listItems?.(own, { http: client, now: () => clock });
    expect(listed).toHaveLength(130);
    expect(shop.counts.listCalls).toBeGreaterThanOrEqual(2);
    expect(listed?.find((item) => item.itemId === id(0))).toEqual({
      itemId: id(0),
      title: `Sản phẩm ${id(0)}`,
      url: `https://shop.tiktok.com/view/product/${id(0)}`,
      onSale: true,
    });
    expect(listed?.find((item) => item.itemId === id(3))).toMatchObject({ onSale: false });
    expect(listed?.find((item) => item.itemId === id(4))).toMatchObject({ onSale: false });
    expect(listed?.find((item) => item.itemId === id(5))).toMatchObject({ title: '', onSale: false });
    expect(listed?.find((item) => item.itemId === id(129))).toMatchObject({ onSale: true });
    // The address the TikTok Shop page adapter reads, with the same item id.
    const buyerPages = createBuyerPageAdapter('tiktok');
    for (const item of listed ?? []) expect(buyerPages.parseRef(item.url)?.itemId).toBe(item.itemId);
    // The other shop's product is not this shop's.
    expect(listed?.map((item) => item.itemId)).not.toContain('2002');
    // A spent access token: a refusal, never an empty shop (the cipher known, or asked for again).
    for (const lister of [source, tiktok()])
      await expect(
        lister.listItems?.({ ...own, accessToken: 'spent' }, { http: client, now: () => clock }),
      ).rejects.toBeInstanceOf(SellerAuthError);
    await expect(
      source.listItems?.({ ...own, accessToken: 'spent' }, { http: client, now: () => clock }),
    ).rejects.toMatchObject({ problem: 'token_invalid', needsConsent: false });
  });

  it('the sandbox refuses a page size over 100 and a page token it never issued', async () => {
    const call = async (extra: Record<string, string>) => {
      const path = '/product/202309/products/search';
      const body = JSON.stringify({ status: 'ALL' });
      const params: Record<string, string> = {
        app_key: APP.appKey,
        timestamp: String(Math.floor(clock.getTime() / 1000)),
        shop_cipher: `GCP_${createHash('sha256').update(BIG).digest('base64url').slice(0, 24)}`,
        ...extra,
      };
      params.sign = tiktokSignature({ appSecret: APP.appSecret, path, params, body });
      const url = new URL(path, shop.url);
      for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
      const response = await request(url, {
        method: 'POST',
        headers: { 'x-tts-access-token': own.accessToken, 'content-type': 'application/json' },
        body,
      });
      return (await response.body.json()) as { code: number; data?: { products: unknown[] } };
    };
    expect(await call({ page_size: '20' })).toMatchObject({ code: 0, data: { products: expect.any(Array) } });
    expect((await call({ page_size: '101' })).code).not.toBe(0);
    expect((await call({ page_size: '0' })).code).not.toBe(0);
    expect((await call({ page_size: '50', page_token: Buffer.from('offset:50').toString('base64url') })).code).not.toBe(
      0,
    );
  });

  it('an answer with code 0 but no data, or unreadable, or redirected, rejects: never an empty shop', async () => {
    const { createServer } = await import('node:http');
    const answers: Array<{ status: number; body: string; location?: string }> = [];
    const shops = JSON.stringify({ code: 0, data: { shops: [{ id: BIG, cipher: 'GCP_x', region: 'VN' }] } });
    const seen: Array<{ method: string; url: string }> = [];
    const server = createServer((incoming, response) => {
      if (incoming.url?.startsWith('/authorization/202309/shops')) {
        response.writeHead(200, { 'content-type': 'application/json' }).end(shops);
        return;
      }
      seen.push({ method: incoming.method ?? '', url: incoming.url ?? '' });
      const answer = answers.shift() ?? { status: 500, body: '' };
      response
        .writeHead(answer.status, {
          'content-type': 'application/json',
          ...(answer.location ? { location: answer.location } : {}),
        })
        .end(answer.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const local = politeClient(base);
    const source = createTiktokSellerSource(options(base));
    const live = { ...own, accessExpiresAt: new Date(clock.getTime() + 3_600_000).toISOString() };
    const page = (products: unknown[], next = '') =>
      JSON.stringify({ code: 0, message: 'Success', data: { products, total_count: 1, next_page_token: next } });
    try {
      for (const answer of [
        { status: 200, body: JSON.stringify({ code: 0, message: 'Success', request_id: 'r1' }) },
        { status: 200, body: 'not json' },
        { status: 200, body: JSON.stringify({ code: null, data: { products: [] } }) },
        { status: 200, body: JSON.stringify({ code: 36009008, message: 'Too many requests' }) },
        { status: 302, body: '', location: '/elsewhere' },
        { status: 500, body: page([]) },
      ]) {
        answers.push(answer);
        await expect(source.listItems?.(live, { http: local, now: () => clock })).rejects.toBeInstanceOf(
          SellerAuthError,
        );
      }
      // A readable page: ids that are not TikTok's are left out; the call was a signed POST with its paging.
      answers.push({
        status: 200,
        body: page([
          { id: '1729000000000000001', title: 'Nước mắm', status: 'ACTIVATE', skus: [] },
          { id: '../1', title: 'x', status: 'ACTIVATE', skus: [] },
          { id: { no: 1 }, title: 'y', status: 'ACTIVATE', skus: [] },
        ]),
      });
      expect(await source.listItems?.(live, { http: local, now: () => clock })).toEqual([
        {
          itemId: '1729000000000000001',
          title: 'Nước mắm',
          url: 'https://shop.tiktok.com/view/product/1729000000000000001',
          onSale: true,
        },
      ]);
      const last = new URL(seen.at(-1)?.url ?? '/', base);
      expect(seen.at(-1)?.method).toBe('POST');
      expect(last.pathname).toBe('/product/202309/products/search');
      expect(Object.fromEntries(last.searchParams)).toMatchObject({ shop_cipher: 'GCP_x', page_size: '100' });
      expect(last.searchParams.has('page_token')).toBe(false);
    } finally {
      await local.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
