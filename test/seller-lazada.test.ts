import { createHmac } from 'node:crypto';
import {
  createLazadaSellerSource,
  createPoliteClient,
  type HttpClient,
  lazadaSignature,
  observationSchema,
  SellerAuthError,
  type SellerItemRef,
  type SellerTokens,
} from '@ocop-monitor/adapters';
import { type LazadaOpenPlatform, type SimulatedLazadaItem, startLazadaOpenPlatform } from '@ocop-monitor/sandbox';
import fc from 'fast-check';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const APP = { appKey: '112233', appSecret: 'sandbox-app-secret-0123456789abcdef' };
const SELLER = '200123456';
const sku = (quantity: number, status = 'active', price = 85_000) => ({ status, price, quantity });
const items = (): SimulatedLazadaItem[] => [
  { itemId: 1, name: 'Chè vằng Cam Lộ 500g', status: 'Active', skus: [{ ...sku(12), specialPrice: 79_000 }] },
  { itemId: 2, name: 'Mật ong U Minh', status: 'InActive', skus: [sku(3, 'inactive')] },
  { itemId: 3, name: 'Nước mắm Cửa Hội', status: 'Deleted', skus: [sku(0, 'deleted')] },
  { itemId: 4, name: 'Rượu nếp', status: 'Suspended', skus: [sku(5)] },
  { itemId: 5, name: 'Kẹo cu đơ', status: 'Pending QC', skus: [sku(5)] },
  { itemId: 6, name: 'Trà xanh', status: 'Rejected', skus: [sku(5)] },
  { itemId: 7, name: 'Bưởi Phúc Trạch', status: 'Active', skus: [sku(0), sku(0, 'inactive')] },
  { itemId: 8, name: 'Nấm hương', status: 'Active', skus: [sku(4, 'inactive')] },
];

let clock = new Date('2026-12-05T02:00:00Z');
let platform: LazadaOpenPlatform;
let http: HttpClient & { close(): Promise<void> };
const source = () =>
  createLazadaSellerSource({ ...APP, baseUrl: platform.apiUrl, authBaseUrl: platform.url, minIntervalMs: 0 });
const ref = (itemId: number): SellerItemRef => ({
  marketplace: 'lazada',
  shopId: SELLER,
  itemId: String(itemId),
  url: `https://www.lazada.vn/products/san-pham-i${itemId}-s${itemId}00.html`,
});

/** The seller's side of consent: open the authorisation page, press "Đồng ý", read the code sent back. */
async function consent(url: string): Promise<string> {
  const page = await request(url);
  const html = await page.body.text();
  expect(html).toContain('Ứng dụng xin quyền đọc trạng thái sản phẩm');
  const link = /class="consent" href="([^"]+)"/u.exec(html)?.[1]?.replaceAll('&amp;', '&');
  if (!link) throw new Error('no consent link on the authorisation page');
  const back = await request(new URL(link, url).href);
  await back.body.dump();
  expect(back.statusCode).toBe(302);
  const location = new URL(String(back.headers.location));
  // Back at the registered callback, with the state the link carried.
  expect(location.origin + location.pathname).toBe('https://monitor.example.vn/seller/callback');
  expect(location.searchParams.get('state')).toBe(new URL(url).searchParams.get('state'));
  return location.searchParams.get('code') ?? '';
}

const politeClient = (base: string) =>
  createPoliteClient({
    allowedHosts: [new URL(base).host],
    respectRobotsTxt: false,
    minIntervalMs: 0,
    jitterMs: 0,
    retries: 0,
  });

beforeAll(async () => {
  platform = await startLazadaOpenPlatform({
    ...APP,
    callbackUrl: 'https://monitor.example.vn/seller/callback',
    sellers: {
      [SELLER]: items(),
      '200999999': [{ itemId: 50, name: 'Cà phê của shop khác', status: 'Deleted', skus: [sku(0, 'deleted')] }],
    },
    now: () => clock,
    callsPerSecond: 1_000,
  });
  http = politeClient(platform.url);
});
afterAll(async () => {
  await http?.close();
  await platform?.close();
});

describe('Lazada Open Platform as a seller source', () => {
  let tokens: SellerTokens;

  it('signs as the platform documents: api path then sorted name+value pairs, HMAC-SHA256, uppercase hex', () => {
    // The string Lazada's documentation spells out for these parameters, `sign` left out.
    expect(
      lazadaSignature({
        appSecret: 'helloworld',
        apiPath: '/test/api',
        params: {
          app_key: '123456',
          timestamp: '1517820392000',
          sign_method: 'sha256',
          access_token: 'test',
          sign: 'ignored',
        },
      }),
    ).toBe(
      createHmac('sha256', 'helloworld')
        .update('/test/apiaccess_tokentestapp_key123456sign_methodsha256timestamp1517820392000')
        .digest('hex')
        .toUpperCase(),
    );
  });

  it('a seller consents on the authorisation page; the code becomes tokens for that seller, once', async () => {
    const lazada = source();
    const link = new URL(
      lazada.authorizationUrl({ redirect: 'https://monitor.example.vn/seller/callback?state=st-123', now: clock }),
    );
    // The registered callback exactly, the monitor's state as Lazada's own `state`.
    expect(Object.fromEntries(link.searchParams)).toEqual({
      response_type: 'code',
      force_auth: 'true',
      redirect_uri: 'https://monitor.example.vn/seller/callback',
      client_id: APP.appKey,
      state: 'st-123',
    });
    const code = await consent(link.href);
    tokens = await lazada.exchangeCode({ code, shopId: SELLER, now: clock });
    expect(tokens.shopId).toBe(SELLER);
    expect(new Date(tokens.accessExpiresAt).getTime() - clock.getTime()).toBe(7 * 24 * 3600 * 1000);
    expect(new Date(tokens.refreshExpiresAt).getTime() - clock.getTime()).toBe(30 * 24 * 3600 * 1000);
    // A code is single-use: the same code again asks for consent again.
    await expect(lazada.exchangeCode({ code, shopId: SELLER, now: clock })).rejects.toMatchObject({
      name: 'SellerAuthError',
      needsConsent: true,
    });
  });

  it("a link to any other callback than the app's registered one is refused by the platform", async () => {
    const lazada = source();
    const page = await request(
      lazada.authorizationUrl({ redirect: 'https://elsewhere.example.vn/cb?state=x', now: clock }),
    );
    expect(page.statusCode).toBe(400);
    expect(await page.body.text()).toContain('Redirect uri does not match');
  });

  it('refuses the tokens of a seller who is not the one invited', async () => {
    const lazada = source();
    const code = await consent(
      lazada.authorizationUrl({ redirect: 'https://monitor.example.vn/seller/callback', now: clock }),
    );
    // The page lists the invited seller first; another seller consenting is another shop's consent.
    await expect(lazada.exchangeCode({ code, shopId: '200999999', now: clock })).rejects.toMatchObject({
      needsConsent: true,
      message: expect.stringContaining('not seller 200999999'),
    });
  });

  it("reads each status from the seller's own record: on sale with stock, removals authoritative, review unknown, sales unknown", async () => {
    const lazada = source();
    const read = async (id: number) => {
      const observation = await lazada.readItem(ref(id), tokens, { http, now: () => clock });
      expect(observationSchema.safeParse(observation).success).toBe(true);
      return observation;
    };
    expect(await read(1)).toMatchObject({
      verdict: 'active',
      url: ref(1).url,
      data: { title: 'Chè vằng Cam Lộ 500g', price: 79_000, listPrice: 85_000, stock: 'in_stock', sold: null },
      evidence: { matchedRule: 'lazada-seller.item.Active' },
    });
    // Stock counts the active variants only: the inactive one's units are not for sale.
    expect(await read(7)).toMatchObject({ verdict: 'active', data: { stock: 'out_of_stock', price: 85_000 } });
    expect(await read(2)).toMatchObject({
      verdict: 'delisted',
      reason: 'seller_hidden',
      evidence: { provenance: 'authoritative', matchedRule: 'lazada-seller.item.InActive' },
    });
    for (const [id, status, words] of [
      [3, 'Deleted', 'sản phẩm đã bị xoá'],
      [4, 'Suspended', 'Lazada đã đình chỉ sản phẩm'],
    ] as const)
      expect(await read(id)).toMatchObject({
        verdict: 'delisted',
        reason: 'marketplace_state',
        evidence: {
          provenance: 'authoritative',
          matchedRule: `lazada-seller.item.${status}`,
          detail: expect.stringContaining(words),
        },
      });
    expect(await read(5)).toMatchObject({
      verdict: 'unknown',
      evidence: { matchedRule: 'lazada-seller.item.Pending_QC', detail: expect.stringContaining('chờ Lazada duyệt') },
    });
    expect(await read(6)).toMatchObject({
      verdict: 'unknown',
      evidence: { matchedRule: 'lazada-seller.item.Rejected' },
    });
    // An Active item whose every variant is off contradicts itself: no verdict either way.
    expect(await read(8)).toMatchObject({
      verdict: 'unknown',
      evidence: { matchedRule: 'lazada-seller.skus-none-active' },
    });
    // Another seller's item ("SKU not exist") says nothing about this seller's listing, even deleted there.
    expect(await read(50)).toMatchObject({ verdict: 'unknown', evidence: { matchedRule: 'lazada-seller.error.207' } });
    // Lazada's own answer for an id it has no item for: a removal for a person to confirm, never on its own.
    expect(await read(99)).toMatchObject({
      verdict: 'delisted',
      reason: 'not_found',
      evidence: { provenance: 'assumed', matchedRule: 'lazada-seller.error.208' },
    });
  });

  it('an expired access token is unknown, never a removal; a refresh gives new tokens and spends the old refresh token', async () => {
    const lazada = source();
    clock = new Date(clock.getTime() + 7 * 24 * 3600 * 1000 + 1000);
    const stale = { ...tokens, accessExpiresAt: new Date(clock.getTime() + 60_000).toISOString() };
    expect(await lazada.readItem(ref(3), stale, { http, now: () => clock })).toMatchObject({
      verdict: 'unknown',
      reason: 'blocked',
      evidence: { matchedRule: 'lazada-seller.error.IllegalAccessToken' },
    });
    // Past its own expiry the token is not even sent.
    expect(await lazada.readItem(ref(3), tokens, { http, now: () => clock })).toMatchObject({
      verdict: 'unknown',
      evidence: { matchedRule: 'lazada-seller.token-expired' },
    });
    const renewed = await lazada.refreshTokens(tokens, clock);
    expect(renewed.refreshToken).not.toBe(tokens.refreshToken);
    expect(await lazada.readItem(ref(3), renewed, { http, now: () => clock })).toMatchObject({ verdict: 'delisted' });
    await expect(lazada.refreshTokens(tokens, clock)).rejects.toMatchObject({
      name: 'SellerAuthError',
      needsConsent: true,
      message: expect.stringContaining('IllegalRefreshToken'),
    });
    await expect(
      lazada.refreshTokens({ ...renewed, refreshExpiresAt: clock.toISOString() }, clock),
    ).rejects.toBeInstanceOf(SellerAuthError);
    tokens = renewed;
  });

  it("a wrong app secret in a token call ends no consent: it is the department's to fix", async () => {
    const forged = createLazadaSellerSource({
      ...APP,
      appSecret: 'not-the-secret',
      baseUrl: platform.apiUrl,
      authBaseUrl: platform.url,
      minIntervalMs: 0,
    });
    await expect(forged.refreshTokens(tokens, clock)).rejects.toMatchObject({
      needsConsent: false,
      problem: 'platform_error',
      message: expect.stringContaining('IncompleteSignature'),
    });
  });

  it('a wrong app secret is refused by the platform (signature) and reads unknown', async () => {
    const forged = createLazadaSellerSource({
      ...APP,
      appSecret: 'not-the-secret',
      baseUrl: platform.apiUrl,
      authBaseUrl: platform.url,
      minIntervalMs: 0,
    });
    expect(await forged.readItem(ref(3), tokens, { http, now: () => clock })).toMatchObject({
      verdict: 'unknown',
      reason: 'blocked',
      evidence: { matchedRule: 'lazada-seller.error.IncompleteSignature' },
    });
  });

  it("one seller's calls keep the platform's pace; a platform's pacing limit reads unknown", async () => {
    const strict = await startLazadaOpenPlatform({
      ...APP,
      sellers: { [SELLER]: items() },
      now: () => clock,
      callsPerSecond: 2,
    });
    const client = politeClient(strict.url);
    try {
      const paced = createLazadaSellerSource({
        ...APP,
        baseUrl: strict.apiUrl,
        authBaseUrl: strict.url,
        minIntervalMs: 600,
      });
      const code = await consent(
        paced.authorizationUrl({ redirect: 'https://monitor.example.vn/seller/callback', now: clock }),
      );
      const own = await paced.exchangeCode({ code, shopId: SELLER, now: clock });
      const verdicts = [];
      for (const id of [1, 7, 1])
        verdicts.push((await paced.readItem(ref(id), own, { http: client, now: () => clock })).verdict);
      expect(verdicts).toEqual(['active', 'active', 'active']);
      expect(strict.counts.refused).toBe(0);
      // Unpaced, the third call in a second meets the limit: unknown, rate_limited, never removed.
      const hurried = createLazadaSellerSource({
        ...APP,
        baseUrl: strict.apiUrl,
        authBaseUrl: strict.url,
        minIntervalMs: 0,
      });
      const burst = await Promise.all(
        [3, 3, 3, 3].map((id) => hurried.readItem(ref(id), own, { http: client, now: () => clock })),
      );
      expect(burst.map((one) => one.verdict)).toContain('unknown');
      expect(burst.find((one) => one.verdict === 'unknown')).toMatchObject({
        reason: 'rate_limited',
        evidence: { matchedRule: 'lazada-seller.error.ApiCallLimit' },
      });
    } finally {
      await client.close();
      await strict.close();
    }
  });

  it("reads the documentation's keyed shape of the sellers; a refused refresh ends the consent only when the seller must act", async () => {
    const { createServer } = await import('node:http');
    const answers: unknown[] = [
      {
        code: '0',
        access_token: '50000x',
        refresh_token: '50001x',
        expires_in: 864_000,
        refresh_expires_in: 4_320_000,
        country_user_info: { vn: { seller_id: SELLER, user_id: '1' }, sg: { seller_id: '999', user_id: '2' } },
      },
      { code: 'AUTH_TYPE_UNSUPPORTED', type: 'ISV', message: 'appkey can only be authorized by market' },
      { code: 'ApiCallLimit', type: 'ISP', message: 'The request has exceeded the limit' },
      { code: 'InternalError', type: 'ISP', message: 'The request processing has failed' },
      // A "success" without its tokens: the platform's fault, the consent stands.
      { code: '0', access_token: '50000y' },
    ];
    const server = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answers.shift() ?? {}));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const lazada = createLazadaSellerSource({ ...APP, baseUrl: `${base}/rest`, authBaseUrl: base, minIntervalMs: 0 });
    try {
      const own = await lazada.exchangeCode({ code: '0_112233_x', shopId: SELLER, now: clock });
      expect(own.shopId).toBe(SELLER);
      expect(new Date(own.refreshExpiresAt).getTime() - clock.getTime()).toBe(50 * 24 * 3600 * 1000);
      // A subscription's token cannot be refreshed: the seller renews and consents again.
      await expect(lazada.refreshTokens(own, clock)).rejects.toMatchObject({ needsConsent: true });
      // The platform's pace or its own failure: try again later, the consent stands.
      await expect(lazada.refreshTokens(own, clock)).rejects.toMatchObject({
        needsConsent: false,
        problem: 'rate_limited',
      });
      await expect(lazada.refreshTokens(own, clock)).rejects.toMatchObject({
        needsConsent: false,
        problem: 'platform_error',
      });
      await expect(lazada.refreshTokens(own, clock)).rejects.toMatchObject({
        needsConsent: false,
        problem: 'platform_error',
        message: expect.stringContaining('incomplete'),
      });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('a special price counts only within its dates; sellable stock is read before the quantity', async () => {
    const { createServer } = await import('node:http');
    const item = (special: Record<string, unknown>, stock: Record<string, unknown>) => ({
      code: '0',
      data: {
        itemId: 1,
        status: 'Active',
        attributes: { name: 'Chè vằng' },
        skus: [{ Status: 'active', price: 85_000, special_price: 79_000, ...special, ...stock }],
      },
    });
    const answers = [
      item({ special_from_date: '2026-11-01', special_to_date: '2026-11-30' }, { quantity: 5, Available: 0 }),
      item({ special_from_date: '2026-12-01', special_to_date: '2026-12-31' }, { quantity: 0, Available: 3 }),
      item({}, { quantity: 2 }),
    ];
    const server = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answers.shift() ?? {}));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const client = politeClient(base);
    const lazada = createLazadaSellerSource({ ...APP, baseUrl: `${base}/rest`, authBaseUrl: base, minIntervalMs: 0 });
    const live = { ...tokens, accessExpiresAt: new Date(clock.getTime() + 3_600_000).toISOString() };
    const read = async () => (await lazada.readItem(ref(1), live, { http: client, now: () => clock })).data;
    try {
      // The November offer has ended (the clock is in December); nothing is sellable though 5 are held.
      expect(await read()).toMatchObject({ price: 85_000, listPrice: null, stock: 'out_of_stock' });
      expect(await read()).toMatchObject({ price: 79_000, listPrice: 85_000, stock: 'in_stock' });
      // A special price without its dates is not believed to be the current one.
      expect(await read()).toMatchObject({ price: 85_000, listPrice: null, stock: 'in_stock' });
    } finally {
      await client.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('addresses that are not the gateway are refused at construction', () => {
    expect(() => createLazadaSellerSource({ ...APP, baseUrl: 'https://api.lazada.vn/rest/extra' })).toThrow(/\/rest/u);
    expect(() => createLazadaSellerSource({ ...APP, authBaseUrl: 'https://auth.lazada.com/oauth' })).toThrow(
      /host only/u,
    );
    expect(createLazadaSellerSource(APP).hosts).toEqual(['api.lazada.vn', 'auth.lazada.com']);
  });

  it("a removal in an answer that is not the platform's plain 200 at the address asked (error status, redirect) is no removal", async () => {
    const { createServer } = await import('node:http');
    const deleted = JSON.stringify({ code: '0', data: { item_id: 3, status: 'Deleted', skus: [] } });
    const notExist = JSON.stringify({ code: '208', type: 'ISV', message: 'E208: Item not exist' });
    const answers: Array<{ status: number; body: string; location?: string }> = [
      { status: 500, body: deleted },
      { status: 404, body: notExist },
      { status: 403, body: deleted },
      { status: 302, body: '', location: '/rest/elsewhere' },
      { status: 301, body: '', location: '/rest/product/item/get/' },
    ];
    const server = createServer((request, response) => {
      if (request.url?.startsWith('/rest/elsewhere') || request.url?.startsWith('/rest/product/item/get/')) {
        response.writeHead(200, { 'content-type': 'application/json' }).end(deleted);
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
    const lazada = createLazadaSellerSource({ ...APP, baseUrl: `${base}/rest`, authBaseUrl: base, minIntervalMs: 0 });
    const live = { ...tokens, accessExpiresAt: new Date(clock.getTime() + 3_600_000).toISOString() };
    try {
      const verdicts = [];
      for (let i = 0; i < 5; i += 1)
        verdicts.push((await lazada.readItem(ref(3), live, { http: client, now: () => clock })).verdict);
      expect(verdicts).toEqual(['unknown', 'unknown', 'unknown', 'unknown', 'unknown']);
      expect(answers).toEqual([]);
    } finally {
      await client.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('whatever error the platform answers, with whatever status, no item reads removed', async () => {
    const { createServer } = await import('node:http');
    const answers: Array<{ status: number; body: string }> = [];
    const server = createServer((_request, response) => {
      const answer = answers.shift() ?? { status: 500, body: '' };
      response.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const client = politeClient(base);
    const lazada = createLazadaSellerSource({ ...APP, baseUrl: `${base}/rest`, authBaseUrl: base, minIntervalMs: 0 });
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(200, 400, 403, 404, 429, 500, 502, 503),
          fc.oneof(
            fc
              .record({ code: fc.string({ minLength: 1 }), type: fc.string(), message: fc.string() })
              .map((e) => JSON.stringify(e)),
            fc.string(),
            fc.constant('{"code":"0"}'),
            // A removed status with an error code, or another item's record: never a removal.
            fc.constant('{"code":"ApiCallLimit","data":{"item_id":3,"status":"Deleted","skus":[]}}'),
            fc.constant('{"code":"0","data":{"item_id":4,"status":"Deleted","skus":[]}}'),
            // E208 in words that are not Lazada's own answer: no removal.
            fc
              .constantFrom('Item not exist', 'E208: item not exist ', 'E208: Item not exist, try again', '')
              .map((message) => JSON.stringify({ code: '208', type: 'ISV', message })),
            // Status words that are not Lazada's, in a 200 answer: never a removal.
            fc
              .constantFrom('constructor', '__proto__', 'toString', 'deleted', ' Deleted', 'INACTIVE', 'suspended', '')
              .map((word) => JSON.stringify({ code: '0', data: { item_id: 3, status: word, skus: [] } })),
          ),
          async (status, body) => {
            answers.push({ status, body });
            const live = { ...tokens, accessExpiresAt: new Date(clock.getTime() + 3_600_000).toISOString() };
            const observation = await lazada.readItem(ref(3), live, { http: client, now: () => clock });
            expect(observation.verdict).toBe('unknown');
            expect(observation.evidence.matchedRule).not.toBe('lazada-seller.token-expired');
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
