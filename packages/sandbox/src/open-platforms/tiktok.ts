import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One product of a simulated shop, as TikTok Shop's record keeps it. */
export interface SimulatedTiktokProduct {
  productId: string;
  title: string;
  /** DRAFT, PENDING, FAILED, ACTIVATE, SELLER_DEACTIVATED, PLATFORM_DEACTIVATED, FREEZE, DELETED. */
  status: string;
  price: number;
  /** Units per SKU. */
  stock: number[];
}

export interface TiktokOpenPlatformOptions {
  appKey: string;
  appSecret: string;
  serviceId: string;
  /** The redirect address registered with the app: every consent goes back there. */
  redirectUrl: string;
  /** shop id → its products. */
  shops: Record<string, SimulatedTiktokProduct[]>;
  /** Seconds an access token lives (TikTok Shop: 7 days). */
  accessTtlSeconds?: number;
  /** Calls per shop per second before HTTP 429. */
  callsPerSecond?: number;
  /** The platform's clock (tests move it to expire tokens). */
  now?: () => Date;
}

// The signature as the platform checks it, written here apart from the client's (a shared bug
// would otherwise pass): secret + path + sorted name+value (no sign, no access_token) + body + secret.
function expectedSign(secret: string, path: string, params: URLSearchParams, body: string): string {
  const pairs = [...params.entries()]
    .filter(([name]) => name !== 'sign' && name !== 'access_token')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => name + value);
  return createHmac('sha256', secret)
    .update(secret + path + pairs.join('') + body + secret)
    .digest('hex');
}
const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
const cipherOf = (shopId: string) => `GCP_${createHash('sha256').update(shopId).digest('base64url').slice(0, 24)}`;

/**
 * TikTok Shop Partner API (202309) on localhost, in its public shapes: the service's authorisation
 * page (`/open/authorize?service_id=`), back to the app's registered redirect with `code` and
 * `state`; `/api/v2/token/get` and `/refresh` (app secret in the query, codes single-use, refresh
 * tokens spent, expiries as Unix timestamps); `/authorization/202309/shops` (the shop's cipher) and
 * `/product/202309/products/{id}` and `POST /product/202309/products/search` (paged with opaque page
 * tokens), signed, with `x-tts-access-token`, paced per shop. Error codes are
 * the sandbox's stand-ins in TikTok's shape (`code`, `message`, `request_id`), not a copy of its table.
 */
export async function startTiktokOpenPlatform(options: TiktokOpenPlatformOptions, host = '127.0.0.1') {
  const now = options.now ?? (() => new Date());
  const ttl = options.accessTtlSeconds ?? 7 * 24 * 3600;
  const perSecond = options.callsPerSecond ?? 10;
  const codes = new Map<string, string>(); // code → shop id
  const access = new Map<string, { shopId: string; expiresAt: number }>();
  const refresh = new Map<string, string>(); // refresh token → shop id
  const calls = new Map<string, number[]>();
  const counts = { authorisations: 0, tokens: 0, refreshes: 0, itemCalls: 0, listCalls: 0, refused: 0 };
  const seconds = () => Math.floor(now().getTime() / 1000);
  /** page token → the offset it stands for (issued by this platform only). */
  const pageOffsets = new Map<string, number>();
  const pageToken = (offset: number) => {
    const token = Buffer.from(`offset:${offset}:${randomBytes(6).toString('hex')}`).toString('base64url');
    pageOffsets.set(token, offset);
    return token;
  };
  const skusOf = (product: SimulatedTiktokProduct) =>
    product.stock.map((quantity, index) => ({
      id: `${product.productId}${index}`,
      price: { currency: 'VND', sale_price: String(product.price), tax_exclusive_price: String(product.price) },
      inventory: [{ quantity, warehouse_id: '7000' }],
    }));

  const issueTokens = (shopId: string) => {
    const accessToken = `TTP_${randomBytes(16).toString('base64url')}`;
    const refreshToken = `TTP_${randomBytes(16).toString('base64url')}`;
    access.set(accessToken, { shopId, expiresAt: now().getTime() + ttl * 1000 });
    refresh.set(refreshToken, shopId);
    return {
      code: 0,
      message: 'success',
      request_id: randomBytes(8).toString('hex'),
      data: {
        access_token: accessToken,
        access_token_expire_in: seconds() + ttl,
        refresh_token: refreshToken,
        refresh_token_expire_in: seconds() + 365 * 24 * 3600,
        open_id: `open-${shopId}`,
        seller_name: `Shop ${shopId}`,
        seller_base_region: 'VN',
        user_type: 0,
      },
    };
  };

  const handle = (
    request: IncomingMessage,
    body: string,
  ): { status: number; json?: unknown; html?: string; location?: string } => {
    const url = new URL(request.url ?? '/', 'http://platform');
    const q = url.searchParams;
    const fail = (status: number, code: number, message: string) => {
      counts.refused += 1;
      return { status, json: { code, message, request_id: randomBytes(8).toString('hex') } };
    };
    if (url.pathname === '/open/authorize') {
      if (q.get('service_id') !== options.serviceId) return { status: 400, html: '<p>Yêu cầu không hợp lệ</p>' };
      const state = q.get('state') ?? '';
      const links = Object.keys(options.shops)
        .map(
          (id) =>
            `<li><a class="consent" href="/open/consent?shop_id=${id}&amp;state=${encodeURIComponent(state)}">Đồng ý cho shop ${id}</a></li>`,
        )
        .join('');
      return {
        status: 200,
        html: `<!doctype html><html lang="vi"><body><h1>TikTok Shop</h1><p>Ứng dụng xin quyền đọc trạng thái sản phẩm và tồn kho của shop.</p><ul>${links}</ul></body></html>`,
      };
    }
    if (url.pathname === '/open/consent') {
      const shopId = q.get('shop_id') ?? '';
      if (!options.shops[shopId]) return { status: 400, html: '<p>Yêu cầu không hợp lệ</p>' };
      const code = randomBytes(12).toString('base64url');
      codes.set(code, shopId);
      counts.authorisations += 1;
      const back = new URL(options.redirectUrl);
      back.searchParams.set('code', code);
      if (q.get('state')) back.searchParams.set('state', q.get('state') ?? '');
      return { status: 302, location: back.href };
    }
    if (url.pathname === '/api/v2/token/get' || url.pathname === '/api/v2/token/refresh') {
      if (q.get('app_key') !== options.appKey || !same(q.get('app_secret') ?? '', options.appSecret))
        return fail(200, 36004001, 'Invalid app_key or app_secret');
      if (url.pathname.endsWith('/get')) {
        const owner = codes.get(q.get('auth_code') ?? '');
        if (!owner || q.get('grant_type') !== 'authorized_code')
          return fail(200, 36004004, 'Auth code is invalid or expired');
        codes.delete(q.get('auth_code') ?? ''); // single use
        counts.tokens += 1;
        return { status: 200, json: issueTokens(owner) };
      }
      const owner = refresh.get(q.get('refresh_token') ?? '');
      if (!owner || q.get('grant_type') !== 'refresh_token')
        return fail(200, 36004005, 'Refresh token is invalid or expired');
      refresh.delete(q.get('refresh_token') ?? ''); // renewed: the old one is spent
      counts.refreshes += 1;
      return { status: 200, json: issueTokens(owner) };
    }
    // TikTok Shop's buyer pages answer a caller outside the product's sale region with this, not the
    // product (fixtures/real/blocked/tiktok-shop-geo-restricted.txt).
    if (url.pathname.startsWith('/view/product/'))
      return {
        status: 200,
        html: `<!doctype html><html><head><title>TikTok Shop</title></head><body><script id="__MODERN_ROUTER_DATA__" type="application/json">${JSON.stringify(
          { error_code: 23002102, error_message: 'get product detail not for sale in the region', sale_region: 'US' },
        )}</script></body></html>`,
      };
    if (q.get('app_key') !== options.appKey) return fail(401, 106001, 'Invalid app_key');
    const timestamp = Number(q.get('timestamp'));
    if (!Number.isInteger(timestamp) || Math.abs(seconds() - timestamp) > 300)
      return fail(401, 106002, 'Invalid timestamp');
    if (!same(q.get('sign') ?? '', expectedSign(options.appSecret, url.pathname, q, body)))
      return fail(401, 106003, 'Invalid signature');
    const held = access.get(String(request.headers['x-tts-access-token'] ?? ''));
    if (!held || held.expiresAt <= now().getTime()) return fail(401, 105002, 'Access token is expired or invalid');
    const second = Math.floor(Date.now() / 1000);
    const recent = (calls.get(held.shopId) ?? []).filter((at) => at === second);
    if (recent.length >= perSecond) return fail(429, 36009008, 'Too many requests, rate limit exceeded');
    calls.set(held.shopId, [...recent, second]);
    if (request.method === 'GET' && url.pathname === '/authorization/202309/shops')
      return {
        status: 200,
        json: {
          code: 0,
          message: 'Success',
          data: {
            shops: [{ id: held.shopId, name: `Shop ${held.shopId}`, region: 'VN', cipher: cipherOf(held.shopId) }],
          },
        },
      };
    if (request.method === 'POST' && url.pathname === '/product/202309/products/search') {
      if (q.get('shop_cipher') !== cipherOf(held.shopId)) return fail(200, 36009004, 'Invalid shop_cipher');
      const size = Number(q.get('page_size'));
      if (!Number.isInteger(size) || size < 1 || size > 100)
        return fail(200, 36009003, 'Invalid page_size: between 1 and 100');
      // The page token is opaque to callers: the offset of the page, as this platform issued it.
      const token = q.get('page_token');
      const offset = token === null ? 0 : pageOffsets.get(token);
      if (offset === undefined) return fail(200, 36009003, 'Invalid page_token');
      const filter = (JSON.parse(body || '{}') as { status?: unknown }).status ?? 'ALL';
      counts.listCalls += 1;
      const all = (options.shops[held.shopId] ?? []).filter((one) => filter === 'ALL' || one.status === filter);
      const page = all.slice(offset, offset + size);
      const next = offset + size < all.length ? pageToken(offset + size) : '';
      return {
        status: 200,
        json: {
          code: 0,
          message: 'Success',
          request_id: randomBytes(8).toString('hex'),
          data: {
            products: page.map((product) => ({
              id: product.productId,
              title: product.title,
              status: product.status,
              create_time: seconds(),
              update_time: seconds(),
              skus: skusOf(product),
            })),
            total_count: all.length,
            next_page_token: next,
          },
        },
      };
    }
    const productId = /^\/product\/202309\/products\/(\d+)$/u.exec(url.pathname)?.[1];
    if (request.method === 'GET' && productId) {
      if (q.get('shop_cipher') !== cipherOf(held.shopId)) return fail(200, 36009004, 'Invalid shop_cipher');
      counts.itemCalls += 1;
      const product = options.shops[held.shopId]?.find((one) => one.productId === productId);
      if (!product) return fail(200, 12052048, 'Product does not exist');
      return {
        status: 200,
        json: {
          code: 0,
          message: 'Success',
          request_id: randomBytes(8).toString('hex'),
          data: {
            id: product.productId,
            status: product.status,
            title: product.title,
            skus: skusOf(product),
          },
        },
      };
    }
    return fail(404, 36009404, 'Path not found');
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
        answer = { status: 400, json: { code: 36009003, message: 'Bad request' } };
      }
      if (answer.location) response.writeHead(answer.status, { location: answer.location }).end();
      else if (answer.html !== undefined)
        response.writeHead(answer.status, { 'content-type': 'text/html; charset=utf-8' }).end(answer.html);
      else response.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.json));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return {
    url: `http://${host}:${(server.address() as AddressInfo).port}`,
    counts,
    /** Changes a product's record, as the seller or the platform would. */
    setProduct(shopId: string, productId: string, change: Partial<SimulatedTiktokProduct>) {
      const product = options.shops[shopId]?.find((candidate) => candidate.productId === productId);
      if (product) Object.assign(product, change);
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
export type TiktokOpenPlatform = Awaited<ReturnType<typeof startTiktokOpenPlatform>>;
