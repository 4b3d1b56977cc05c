import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One variant of a simulated item, as Lazada's record keeps it. */
export interface SimulatedLazadaSku {
  /** active, inactive, deleted. */
  status: string;
  price: number;
  specialPrice?: number;
  quantity: number;
}

/** One item of a simulated seller's record. */
export interface SimulatedLazadaItem {
  itemId: number;
  name: string;
  /** Active, InActive, Deleted, Pending QC, Suspended, Rejected. */
  status: string;
  skus: SimulatedLazadaSku[];
}

export interface LazadaOpenPlatformOptions {
  appKey: string;
  appSecret: string;
  /** seller id → its items (all Vietnam's). */
  sellers: Record<string, SimulatedLazadaItem[]>;
  /** Seconds an access token lives. */
  accessTtlSeconds?: number;
  /** Seconds a refresh token lives. */
  refreshTtlSeconds?: number;
  /** The app's registered callback: `redirect_uri` must be exactly it (any address when not given). */
  callbackUrl?: string;
  /** Calls per seller per second before `ApiCallLimit`. */
  callsPerSecond?: number;
  /** The platform's clock (tests move it to expire tokens). */
  now?: () => Date;
}

// The signature as the platform checks it, written here apart from the client's (a shared bug would
// otherwise pass): HMAC-SHA256(app secret, api path + sorted name+value pairs), uppercase hex.
function expectedSign(secret: string, apiPath: string, params: URLSearchParams): string {
  const pairs = [...params.entries()]
    .filter(([name]) => name !== 'sign')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => name + value);
  return createHmac('sha256', secret)
    .update(apiPath + pairs.join(''))
    .digest('hex')
    .toUpperCase();
}
// The shape of fixtures/real/blocked/alibaba-punish-2021.html: a slider the caller must drag.
const PUNISH_PAGE =
  '<!doctype html><html><head><link rel="stylesheet" href="https://g.alicdn.com/bsop-static/sufei-punish/0.0.133/build/main.css"></head>' +
  '<body><div id="nocaptcha" class="nc-container"></div><script>window._config_ = { action: "captcha", url: "/punish" };</script></body></html>';
const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * Lazada Open Platform on localhost, in its public shapes: the consent page at `/oauth/authorize`
 * and its redirect with `code`, `/rest/auth/token/create` and `/rest/auth/token/refresh` (codes
 * single-use, refresh tokens spent on use), `/rest/product/item/get`, `/rest/products/get`, signed calls (a wrong
 * signature, an unknown app or a timestamp more than 7200 s off refused), access tokens that
 * expire, per-seller pacing, and errors as Lazada gives them: HTTP 200 with `code`, `type`, `message`.
 */
export async function startLazadaOpenPlatform(options: LazadaOpenPlatformOptions, host = '127.0.0.1') {
  const now = options.now ?? (() => new Date());
  const ttl = options.accessTtlSeconds ?? 7 * 24 * 3600;
  const refreshTtl = options.refreshTtlSeconds ?? 30 * 24 * 3600;
  const perSecond = options.callsPerSecond ?? 10;
  const codes = new Map<string, string>(); // code → seller id
  const access = new Map<string, { sellerId: string; expiresAt: number }>();
  const refresh = new Map<string, { sellerId: string; expiresAt: number }>();
  const calls = new Map<string, number[]>();
  const counts = { authorisations: 0, tokens: 0, refreshes: 0, itemCalls: 0, listCalls: 0, refused: 0 };

  // `/auth/token/refresh` names the sellers' list `country_user_info_list`, as the platform documents it.
  const issueTokens = (sellerId: string, sellersField = 'country_user_info') => {
    const accessToken = `50000${randomBytes(14).toString('hex')}`;
    const refreshToken = `50001${randomBytes(14).toString('hex')}`;
    access.set(accessToken, { sellerId, expiresAt: now().getTime() + ttl * 1000 });
    refresh.set(refreshToken, { sellerId, expiresAt: now().getTime() + refreshTtl * 1000 });
    return {
      code: '0',
      access_token: accessToken,
      refresh_token: refreshToken,
      expires_in: ttl,
      refresh_expires_in: refreshTtl,
      country: 'vn',
      account_platform: 'seller_center',
      [sellersField]: [{ country: 'vn', seller_id: sellerId, user_id: `1${sellerId}`, short_code: `VN${sellerId}` }],
      request_id: randomBytes(6).toString('hex'),
    };
  };

  const handle = (
    request: IncomingMessage,
    body: string,
  ): { status: number; json?: unknown; html?: string; location?: string } => {
    const url = new URL(request.url ?? '/', 'http://platform');
    const q = new URLSearchParams(url.searchParams);
    if (request.method === 'POST') for (const [name, value] of new URLSearchParams(body)) q.set(name, value);
    const fail = (code: string, message: string, type = 'ISV') => {
      counts.refused += 1;
      return { status: 200, json: { code, type, message, request_id: randomBytes(6).toString('hex') } };
    };
    if (url.pathname === '/oauth/authorize') {
      const redirect = q.get('redirect_uri') ?? '';
      if (q.get('client_id') !== options.appKey || q.get('response_type') !== 'code' || !redirect)
        return { status: 400, html: '<p>Yêu cầu không hợp lệ</p>' };
      if (options.callbackUrl !== undefined && redirect !== options.callbackUrl)
        return { status: 400, html: '<p>Redirect uri does not match the callback URL of the APP</p>' };
      const state = q.get('state') ?? '';
      const links = Object.keys(options.sellers)
        .map(
          (id) =>
            `<li><a class="consent" href="/oauth/consent?seller_id=${id}&amp;redirect_uri=${encodeURIComponent(redirect)}&amp;state=${encodeURIComponent(state)}">Đồng ý cho người bán ${id}</a></li>`,
        )
        .join('');
      return {
        status: 200,
        html: `<!doctype html><html lang="vi"><body><h1>Lazada Open Platform</h1><p>Ứng dụng xin quyền đọc trạng thái sản phẩm và tồn kho của người bán.</p><ul>${links}</ul></body></html>`,
      };
    }
    if (url.pathname === '/oauth/consent') {
      // The seller pressed "Đồng ý": back to the application with a single-use code (no seller id)
      // and the application's `state`.
      const sellerId = q.get('seller_id') ?? '';
      const redirect = q.get('redirect_uri') ?? '';
      if (!options.sellers[sellerId] || !redirect) return { status: 400, html: '<p>Yêu cầu không hợp lệ</p>' };
      const code = `0_${randomBytes(10).toString('hex')}`;
      codes.set(code, sellerId);
      counts.authorisations += 1;
      const back = new URL(redirect);
      back.searchParams.set('code', code);
      if (q.get('state')) back.searchParams.set('state', q.get('state') ?? '');
      return { status: 302, location: back.href };
    }
    // Lazada's buyer pages answer plain HTTP with Alibaba's "punish" captcha (MARKETPLACES.md, "blocked").
    if (!url.pathname.startsWith('/rest/')) return { status: 200, html: PUNISH_PAGE };
    const apiPath = url.pathname.slice('/rest'.length);
    const timestamp = Number(q.get('timestamp'));
    if (q.get('app_key') !== options.appKey) return fail('InvalidAppKey', 'Invalid app key');
    if (!Number.isInteger(timestamp) || Math.abs(now().getTime() - timestamp) > 7_200_000)
      return fail('InvalidTimestamp', 'Invalid timestamp');
    if (q.get('sign_method') !== 'sha256' || !same(q.get('sign') ?? '', expectedSign(options.appSecret, apiPath, q)))
      return fail('IncompleteSignature', 'The request signature does not conform to platform standards');

    switch (apiPath) {
      case '/auth/token/create': {
        const code = q.get('code') ?? '';
        const owner = codes.get(code);
        if (!owner) return fail('InvalidCode', 'Invalid authorization code');
        codes.delete(code); // single use
        counts.tokens += 1;
        return { status: 200, json: issueTokens(owner) };
      }
      case '/auth/token/refresh': {
        const token = q.get('refresh_token') ?? '';
        const held = refresh.get(token);
        if (!held || held.expiresAt <= now().getTime()) return fail('IllegalRefreshToken', 'Illegal refresh token');
        refresh.delete(token); // renewed: the old one is spent
        counts.refreshes += 1;
        return { status: 200, json: issueTokens(held.sellerId, 'country_user_info_list') };
      }
      case '/product/item/get': {
        const held = access.get(q.get('access_token') ?? '');
        if (!held || held.expiresAt <= now().getTime()) return fail('IllegalAccessToken', 'Illegal access token');
        const second = Math.floor(Date.now() / 1000);
        const recent = (calls.get(held.sellerId) ?? []).filter((at) => at === second);
        if (recent.length >= perSecond) return fail('ApiCallLimit', 'The request has exceeded the limit', 'ISP');
        calls.set(held.sellerId, [...recent, second]);
        counts.itemCalls += 1;
        const item = (options.sellers[held.sellerId] ?? []).find((one) => String(one.itemId) === q.get('item_id'));
        if (!item) {
          // As the platform documents GetProductItem: another seller's item is "SKU not exist"; an id no seller has, E208.
          const elsewhere = Object.values(options.sellers).some((list) =>
            list.some((one) => String(one.itemId) === q.get('item_id')),
          );
          return elsewhere ? fail('207', 'SKU not exist') : fail('208', 'E208: Item not exist');
        }
        return {
          status: 200,
          json: {
            code: '0',
            request_id: randomBytes(6).toString('hex'),
            data: {
              item_id: item.itemId,
              status: item.status,
              attributes: { name: item.name },
              skus: item.skus.map((sku, index) => ({
                SkuId: item.itemId * 100 + index,
                SellerSku: `${item.itemId}-${index}`,
                Status: sku.status,
                quantity: sku.quantity,
                price: sku.price,
                ...(sku.specialPrice
                  ? { special_price: sku.specialPrice, special_from_date: '2020-01-01', special_to_date: '2099-12-31' }
                  : {}),
              })),
            },
          },
        };
      }
      case '/products/get': {
        // GetProducts: the seller's items a page at a time (`limit` at most 50), `filter` all or live.
        const held = access.get(q.get('access_token') ?? '');
        if (!held || held.expiresAt <= now().getTime()) return fail('IllegalAccessToken', 'Illegal access token');
        const offset = Number(q.get('offset') ?? '0');
        const limit = Number(q.get('limit') ?? '10');
        const filter = q.get('filter') ?? '';
        if (!['all', 'live'].includes(filter) || !Number.isInteger(offset) || offset < 0)
          return fail('MissingParameter', 'filter, offset or limit is invalid');
        if (!Number.isInteger(limit) || limit < 1 || limit > 50) return fail('MissingParameter', 'limit is at most 50');
        counts.listCalls += 1;
        const items = (options.sellers[held.sellerId] ?? []).filter(
          (item) => filter === 'all' || item.status === 'Active',
        );
        return {
          status: 200,
          json: {
            code: '0',
            request_id: randomBytes(6).toString('hex'),
            data: {
              total_products: items.length,
              products: items.slice(offset, offset + limit).map((item) => ({
                item_id: item.itemId,
                status: item.status,
                attributes: { name: item.name },
                skus: item.skus.map((sku, index) => ({
                  SkuId: item.itemId * 100 + index,
                  Status: sku.status,
                  quantity: sku.quantity,
                  price: sku.price,
                })),
              })),
            },
          },
        };
      }
      default:
        return fail('InvalidApiPath', 'The specified API path is invalid');
    }
  };

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    request.on('end', () => {
      let answer: ReturnType<typeof handle>;
      try {
        answer = handle(request, body);
      } catch {
        answer = { status: 200, json: { code: 'MissingParameter', type: 'ISV', message: 'Bad request' } };
      }
      if (answer.location) response.writeHead(answer.status, { location: answer.location }).end();
      else if (answer.html !== undefined)
        response.writeHead(answer.status, { 'content-type': 'text/html; charset=utf-8' }).end(answer.html);
      else response.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.json));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const url = `http://${host}:${(server.address() as AddressInfo).port}`;
  return {
    /** The authorisation host (`authBaseUrl`). */
    url,
    /** The API gateway (`baseUrl`). */
    apiUrl: `${url}/rest`,
    counts,
    /** Changes an item's record, as the seller or the platform would. */
    setItem(sellerId: string, itemId: number, change: Partial<SimulatedLazadaItem>) {
      const item = options.sellers[sellerId]?.find((candidate) => candidate.itemId === itemId);
      if (item) Object.assign(item, change);
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
export type LazadaOpenPlatform = Awaited<ReturnType<typeof startLazadaOpenPlatform>>;
