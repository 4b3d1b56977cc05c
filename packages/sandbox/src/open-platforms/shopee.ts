import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One item of a simulated shop's record, as Shopee's open platform keeps it. */
export interface SimulatedShopeeItem {
  itemId: number;
  name: string;
  /** NORMAL, UNLIST, REVIEWING, BANNED, SELLER_DELETE, SHOPEE_DELETE. */
  status: string;
  price: number;
  originalPrice?: number;
  stock: number;
  sale: number;
}

export interface ShopeeOpenPlatformOptions {
  partnerId: number;
  partnerKey: string;
  /** shop id → its items. */
  shops: Record<string, SimulatedShopeeItem[]>;
  /** Seconds an access token lives (Shopee: 4 hours). */
  accessTtlSeconds?: number;
  /** Calls per shop per second before `error_too_many_request` (HTTP 429). */
  callsPerSecond?: number;
  /** The platform's clock (tests move it to expire tokens). */
  now?: () => Date;
}

// The signature as the platform checks it, written here apart from the client's (a shared bug
// would otherwise pass): HMAC-SHA256(partner key, partner_id + path + timestamp [+ token + shop]).
function expectedSign(key: string, parts: Array<string | number>): string {
  return createHmac('sha256', key).update(parts.join('')).digest('hex');
}
const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * Shopee Open Platform v2 on localhost, in its public shapes: signed calls (a wrong signature or a
 * timestamp older than five minutes is refused), the shop authorisation page and its redirect with
 * `code` and `shop_id`, single-use codes, access tokens that expire, refresh tokens renewed on each
 * refresh (the old one refused after), per-shop pacing, and errors in the body (`error`, `message`)
 * with the HTTP status the platform uses.
 */
export async function startShopeeOpenPlatform(options: ShopeeOpenPlatformOptions, host = '127.0.0.1') {
  const now = options.now ?? (() => new Date());
  const ttl = options.accessTtlSeconds ?? 4 * 3600;
  const perSecond = options.callsPerSecond ?? 10;
  const codes = new Map<string, string>(); // code → shop id
  const access = new Map<string, { shopId: string; expiresAt: number }>();
  const refresh = new Map<string, string>(); // refresh token → shop id
  const calls = new Map<string, number[]>();
  const counts = { authorisations: 0, tokens: 0, refreshes: 0, itemCalls: 0, refused: 0 };

  const issueTokens = (shopId: string) => {
    const accessToken = `sat-${randomBytes(12).toString('hex')}`;
    const refreshToken = `srt-${randomBytes(12).toString('hex')}`;
    access.set(accessToken, { shopId, expiresAt: now().getTime() + ttl * 1000 });
    refresh.set(refreshToken, shopId);
    return { access_token: accessToken, refresh_token: refreshToken, expire_in: ttl, error: '', message: '' };
  };

  // get_item_list: the shop's items of one status, a page at a time.
  const itemListPage = (shopId: string, q: URLSearchParams) => {
    const offset = Number(q.get('offset') ?? 0);
    const size = Math.min(100, Number(q.get('page_size') ?? 10));
    const wanted = q.get('item_status');
    const all = (options.shops[shopId] ?? []).filter((item) => !wanted || item.status === wanted);
    const page = all.slice(offset, offset + size);
    return {
      error: '',
      message: '',
      response: {
        item: page.map((item) => ({ item_id: item.itemId, item_status: item.status })),
        total_count: all.length,
        has_next_page: offset + size < all.length,
        next_offset: offset + size,
      },
    };
  };

  const handle = (
    request: IncomingMessage,
    body: string,
  ): { status: number; json?: unknown; html?: string; location?: string } => {
    const url = new URL(request.url ?? '/', 'http://platform');
    const q = url.searchParams;
    const timestamp = Number(q.get('timestamp'));
    const fail = (status: number, error: string, message: string) => {
      counts.refused += 1;
      return { status, json: { error, message, request_id: randomBytes(6).toString('hex') } };
    };
    if (url.pathname === '/consent') {
      // The seller pressed "Đồng ý": back to the application with a single-use code.
      const shopId = q.get('shop_id') ?? '';
      const redirect = q.get('redirect') ?? '';
      if (!options.shops[shopId] || !redirect) return { status: 400, html: '<p>Yêu cầu không hợp lệ</p>' };
      const code = `code-${randomBytes(8).toString('hex')}`;
      codes.set(code, shopId);
      counts.authorisations += 1;
      const back = new URL(redirect);
      back.searchParams.set('code', code);
      back.searchParams.set('shop_id', shopId);
      return { status: 302, location: back.href };
    }
    // Shopee's buyer pages answer plain HTTP with this, not the product (MARKETPLACES.md, "blocked").
    if (!url.pathname.startsWith('/api/')) return { status: 200, json: { error: 90309999 } };
    if (q.get('partner_id') !== String(options.partnerId)) return fail(403, 'error_param', 'Wrong partner_id.');
    if (!Number.isInteger(timestamp) || Math.abs(now().getTime() / 1000 - timestamp) > 300)
      return fail(403, 'error_param', 'Invalid timestamp.');
    const token = q.get('access_token') ?? '';
    const shopId = q.get('shop_id') ?? '';
    const signParts: Array<string | number> = [
      options.partnerId,
      url.pathname,
      timestamp,
      ...(token ? [token, shopId] : []),
    ];
    if (!same(q.get('sign') ?? '', expectedSign(options.partnerKey, signParts)))
      return fail(403, 'error_sign', 'Wrong sign.');

    switch (`${request.method} ${url.pathname}`) {
      case 'GET /api/v2/shop/auth_partner': {
        const redirect = q.get('redirect') ?? '';
        const links = Object.keys(options.shops)
          .map(
            (id) =>
              `<li><a class="consent" href="/consent?shop_id=${id}&amp;redirect=${encodeURIComponent(redirect)}">Đồng ý cho shop ${id}</a></li>`,
          )
          .join('');
        return {
          status: 200,
          html: `<!doctype html><html lang="vi"><body><h1>Shopee Open Platform</h1><p>Ứng dụng xin quyền đọc trạng thái sản phẩm, tồn kho và số lượng bán của shop.</p><ul>${links}</ul></body></html>`,
        };
      }
      case 'POST /api/v2/auth/token/get': {
        const sent = JSON.parse(body || '{}') as { code?: string; shop_id?: number };
        const owner = codes.get(sent.code ?? '');
        if (!owner || String(sent.shop_id) !== owner) return fail(400, 'error_auth', 'Invalid code.');
        codes.delete(sent.code ?? ''); // single use
        counts.tokens += 1;
        return { status: 200, json: issueTokens(owner) };
      }
      case 'POST /api/v2/auth/access_token/get': {
        const sent = JSON.parse(body || '{}') as { refresh_token?: string; shop_id?: number };
        const owner = refresh.get(sent.refresh_token ?? '');
        if (!owner || String(sent.shop_id) !== owner) return fail(400, 'error_auth', 'Invalid refresh_token.');
        refresh.delete(sent.refresh_token ?? ''); // renewed: the old one is spent
        counts.refreshes += 1;
        return { status: 200, json: issueTokens(owner) };
      }
      case 'GET /api/v2/product/get_item_list':
      case 'GET /api/v2/product/get_item_base_info':
      case 'GET /api/v2/product/get_item_extra_info': {
        const held = access.get(token);
        if (!held || held.shopId !== shopId || held.expiresAt <= now().getTime())
          return fail(403, 'error_auth', 'Invalid access_token.');
        const second = Math.floor(Date.now() / 1000);
        const recent = (calls.get(shopId) ?? []).filter((at) => at === second);
        if (recent.length >= perSecond) return fail(429, 'error_too_many_request', 'Too many requests.');
        calls.set(shopId, [...recent, second]);
        counts.itemCalls += 1;
        if (url.pathname.endsWith('get_item_list')) return { status: 200, json: itemListPage(shopId, q) };
        const ids = (q.get('item_id_list') ?? '').split(',').map(Number);
        const items = (options.shops[shopId] ?? []).filter((item) => ids.includes(item.itemId));
        const extra = url.pathname.endsWith('extra_info');
        return {
          status: 200,
          json: {
            error: '',
            message: '',
            response: {
              item_list: items.map((item) =>
                extra
                  ? { item_id: item.itemId, sale: item.sale }
                  : {
                      item_id: item.itemId,
                      item_name: item.name,
                      item_status: item.status,
                      price_info: [{ current_price: item.price, original_price: item.originalPrice ?? item.price }],
                      stock_info_v2: { summary_info: { total_available_stock: item.stock } },
                    },
              ),
            },
          },
        };
      }
      default:
        return fail(404, 'error_not_found', 'Wrong path.');
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
        answer = { status: 400, json: { error: 'error_param', message: 'Bad request.' } };
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
    /** Changes an item's record, as the seller or the platform would. */
    setItem(shopId: string, itemId: number, change: Partial<SimulatedShopeeItem>) {
      const item = options.shops[shopId]?.find((candidate) => candidate.itemId === itemId);
      if (item) Object.assign(item, change);
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
export type ShopeeOpenPlatform = Awaited<ReturnType<typeof startShopeeOpenPlatform>>;
