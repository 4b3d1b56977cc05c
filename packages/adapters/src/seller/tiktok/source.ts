import type { AdapterContext } from '../../contract.ts';
import { OcopError } from '../../errors.ts';
import type { HttpResponse } from '../../http/types.ts';
import type { DelistedReason, Observation, UnknownReason } from '../../observation.ts';
import { SellerAuthError, type SellerItemRef, type SellerSource, type SellerTokens } from '../contract.ts';
import { cleanCode, sellerReading, shopPacer } from '../reading.ts';
import { tokenCallAnswer } from '../token-call.ts';
import {
  tiktokErrorOf,
  tiktokProductAnswerSchema,
  tiktokShopsAnswerSchema,
  tiktokTokenAnswerSchema,
} from './answers.ts';
import { listTiktokItems, postSearch, TIKTOK_SEARCH_PAGE_SIZE } from './list-items.ts';
import { tiktokSignature } from './sign.ts';

export interface TiktokSellerOptions {
  appKey: string;
  /** The app secret (from `OCOP_TIKTOK_APP_SECRET` or `_FILE`): signs every call, sent on token calls. */
  appSecret: string;
  /** The app's service id: the authorisation link names it. */
  serviceId: string;
  /** The Open API host: `https://open-api.tiktokglobalshop.com`. */
  baseUrl?: string;
  /** The token host: `https://auth.tiktok-shops.com`. */
  authBaseUrl?: string;
  /** The authorisation page's host outside the US: `https://services.tiktokshop.com`. */
  servicesUrl?: string;
  /** Least time between two calls for one shop. */
  minIntervalMs?: number;
  /** Where buyers open the products (the TikTok Shop page adapter's base address): `https://shop.tiktok.com`. */
  itemPageBaseUrl?: string;
}

const PATHS = {
  authorize: '/open/authorize',
  token: '/api/v2/token/get',
  refresh: '/api/v2/token/refresh',
  shops: '/authorization/202309/shops',
  product: (id: string) => `/product/202309/products/${id}`,
  search: '/product/202309/products/search',
} as const;
// Search Products' body: every product, whatever its status (deactivated and deleted ones too).
const SEARCH_BODY = JSON.stringify({ status: 'ALL' });

// The access token lasts 7 days ("Authorization overview"); the refresh token as long as the
// seller's authorisation, a year at most here.
const MAX_ACCESS_MS = 7 * 24 * 3_600_000;
const MAX_REFRESH_MS = 366 * 24 * 3_600_000;

/** What each product status of the seller's record means for the listing (`authoritative`). */
// A Map, not an object: a status word such as "constructor" must find nothing.
const REMOVED = new Map<string, { reason: DelistedReason; says: string }>([
  ['SELLER_DEACTIVATED', { reason: 'seller_hidden', says: 'người bán đã tắt sản phẩm / the seller deactivated it' }],
  [
    'PLATFORM_DEACTIVATED',
    { reason: 'marketplace_state', says: 'TikTok Shop đã tắt sản phẩm / TikTok Shop deactivated it' },
  ],
  ['FREEZE', { reason: 'marketplace_state', says: 'TikTok Shop đã đóng băng sản phẩm / TikTok Shop froze it' }],
  ['DELETED', { reason: 'marketplace_state', says: 'sản phẩm đã bị xoá / the product was deleted' }],
]);
/** Not a removal: not on sale now, but nothing says the listing was taken down. */
const NOT_DECIDED = new Map<string, string>([
  ['PENDING', 'đang chờ TikTok Shop duyệt / under audit'],
  ['DRAFT', 'bản nháp, chưa đăng / a draft, never published'],
  // A failed audit of an edit may leave the earlier version on sale: the record does not say which.
  ['FAILED', 'TikTok Shop không duyệt / the audit failed'],
]);

/** An error answer as an unknown reason: nothing the platform refuses is about the product. */
function problemOf(code: string, status: number, message: string): UnknownReason {
  if (status === 429 || /limit|frequen|too many/iu.test(message)) return 'rate_limited';
  if (status >= 500 || /internal|system|timeout|busy/iu.test(message)) return 'server_error';
  // 105xxx: the access token; 106xxx: the app, its signature and its scopes.
  if (status === 401 || status === 403 || /^10[56]\d{3}$/u.test(code) || /token|sign|auth|permission/iu.test(message))
    return 'blocked';
  return 'unexpected';
}

/**
 * TikTok Shop Partner API (version 202309) as a seller source: the service's authorisation link,
 * code → tokens (the shop checked among those the seller authorised), tokens refreshed, and a
 * product's record read through the polite client with the shop's cipher, as an Observation with
 * provenance `authoritative`. The product record gives no sales count: sales stay unknown.
 */
export function createTiktokSellerSource(options: TiktokSellerOptions): SellerSource {
  const hostOnly = (value: string, what: string) => {
    const url = new URL(value);
    // The API paths are signed as the platform documents them: a base address is a host, nothing more.
    if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash)
      throw new OcopError('INVALID_OPTIONS', `the TikTok Shop ${what} address is a host only, not ${url.href}`);
    return url;
  };
  const api = hostOnly(options.baseUrl ?? 'https://open-api.tiktokglobalshop.com', 'API');
  const auth = hostOnly(options.authBaseUrl ?? 'https://auth.tiktok-shops.com', 'token');
  const services = hostOnly(options.servicesUrl ?? 'https://services.tiktokshop.com', 'authorisation');
  const pace = shopPacer(options.minIntervalMs ?? 1_000);
  /** shop id → its cipher, learned from the authorised shops (it does not change for a shop). */
  const ciphers = new Map<string, string>();

  const signedUrl = (path: string, now: Date, extra: Record<string, string> = {}, body?: string) => {
    const params: Record<string, string> = {
      app_key: options.appKey,
      timestamp: String(Math.floor(now.getTime() / 1000)),
      ...extra,
    };
    params.sign = tiktokSignature({ appSecret: options.appSecret, path, params, ...(body ? { body } : {}) });
    const url = new URL(path, api);
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
    return url;
  };

  async function tokenCall(path: string, extra: Record<string, string>, shopId: string, now: Date) {
    const url = new URL(path, auth);
    url.searchParams.set('app_key', options.appKey);
    url.searchParams.set('app_secret', options.appSecret);
    for (const [name, value] of Object.entries(extra)) url.searchParams.set(name, value);
    let status = 0;
    let answer: ReturnType<typeof tiktokTokenAnswerSchema.parse>;
    try {
      const response = await tokenCallAnswer('TikTok Shop', url, { method: 'GET' });
      status = response.status;
      answer = tiktokTokenAnswerSchema.parse(response.body);
    } catch (error) {
      if (error instanceof SellerAuthError) throw error;
      throw new SellerAuthError(
        `TikTok Shop's token answer is not readable (${(error as Error).name})`,
        'platform_error',
        false,
      );
    }
    if (answer.code !== 0 || !answer.data) {
      const problem = problemOf(String(answer.code), status, answer.message);
      // A spent or expired code or refresh token, a withdrawn authorisation: the seller consents
      // again. A wrong app key or secret, the platform's pace or failure end no consent.
      const consent =
        problem !== 'rate_limited' &&
        problem !== 'server_error' &&
        /auth[_ ]?code|refresh[_ ]?token|revoked|deauthori[sz]ed/iu.test(answer.message);
      throw new SellerAuthError(
        `TikTok Shop refused the token call: ${cleanCode(answer.code)}`,
        problem === 'rate_limited' ? 'rate_limited' : consent ? 'token_invalid' : 'platform_error',
        consent,
      );
    }
    const data = answer.data;
    // Expiries are Unix times; one further off than the platform ever gives is not believed.
    const until = (seconds: number, most: number) =>
      new Date(Math.min(seconds * 1000, now.getTime() + most)).toISOString();
    const tokens: SellerTokens = {
      shopId,
      accessToken: data.access_token,
      accessExpiresAt: until(data.access_token_expire_in, MAX_ACCESS_MS),
      refreshToken: data.refresh_token,
      refreshExpiresAt: until(data.refresh_token_expire_in, MAX_REFRESH_MS),
    };
    // The shop that consented must be the shop invited: its cipher comes with it.
    const shops = await authorisedShops(tokens, now, null);
    // An invitation for a shop not known yet ('') takes the shop the seller authorised, when only one.
    const shop = shopId ? shops?.find((one) => one.id === shopId) : shops?.length === 1 ? shops[0] : undefined;
    // An empty list says nothing of the shop (the platform's omission): only a list naming other
    // shops is the seller's refusal.
    const refused = shops !== null && shops.length > 0;
    if (!shop)
      throw new SellerAuthError(
        `the TikTok Shop seller who consented has not authorised shop ${shopId.replace(/\D/gu, '').slice(0, 20)}`,
        refused ? 'token_invalid' : 'platform_error',
        refused,
      );
    ciphers.set(shop.id, shop.cipher);
    return { ...tokens, shopId: shop.id };
  }

  /** The shops the tokens are for (null when the platform did not say). */
  async function authorisedShops(tokens: SellerTokens, now: Date, ctx: AdapterContext | null) {
    // Paced as the shop's other calls: the platform counts this one too.
    await pace(tokens.shopId);
    const url = signedUrl(PATHS.shops, now);
    const headers = { 'x-tts-access-token': tokens.accessToken, 'content-type': 'application/json' };
    try {
      let body: unknown;
      if (ctx) {
        const response = await ctx.http.get(url.href, { headers, ...(ctx.signal ? { signal: ctx.signal } : {}) });
        if (response.status !== 200 || response.redirects.length > 0) return null;
        body = JSON.parse(response.body);
      } else {
        // During the consent's code exchange: bounded as the token call itself (deadline, size cap).
        const response = await tokenCallAnswer('TikTok Shop', url, { method: 'GET', headers });
        if (response.status !== 200) return null;
        body = response.body;
      }
      const answer = tiktokShopsAnswerSchema.parse(body);
      return answer.code === 0 && answer.data ? answer.data.shops : null;
    } catch {
      return null;
    }
  }

  async function readItem(ref: SellerItemRef, tokens: SellerTokens, ctx: AdapterContext): Promise<Observation> {
    const reading = sellerReading('tiktok-seller', ref, ctx);
    const { now, unknown } = reading;
    if (new Date(tokens.accessExpiresAt) <= now) return unknown('blocked', 'token-expired');
    if (!/^\d{1,25}$/u.test(ref.itemId)) return unknown('unexpected', 'item-id');
    let cipher = ciphers.get(tokens.shopId);
    if (!cipher) {
      cipher = (await authorisedShops(tokens, now, ctx))?.find((shop) => shop.id === tokens.shopId)?.cipher;
      if (!cipher) return unknown('blocked', 'shop-cipher');
      ciphers.set(tokens.shopId, cipher);
    }
    await pace(tokens.shopId);
    const path = PATHS.product(ref.itemId);
    const url = signedUrl(path, now, { shop_cipher: cipher });
    let status = 0;
    let response: HttpResponse;
    let answer: ReturnType<typeof tiktokProductAnswerSchema.parse>;
    try {
      response = await ctx.http.get(url.href, {
        headers: { 'x-tts-access-token': tokens.accessToken, 'content-type': 'application/json' },
        ...(ctx.signal ? { signal: ctx.signal } : {}),
      });
      status = response.status;
      // Only the platform's own 200 at the address asked is its record: a redirect or an error status is not.
      if (response.redirects.length > 0 || new URL(response.finalUrl).pathname !== path)
        return unknown('unexpected', 'redirected', { httpStatus: status, finalUrl: response.finalUrl });
      if (status !== 200) {
        const { code, message } = tiktokErrorOf(response.body);
        return unknown(problemOf(code, status, message), code ? `error.${code}` : `http.${status}`, {
          httpStatus: status,
        });
      }
      answer = tiktokProductAnswerSchema.parse(JSON.parse(response.body));
    } catch (error) {
      const name = (error as Error).name;
      if (status === 0) return unknown(name === 'TimeoutError' ? 'timeout' : 'network', 'transport');
      return unknown('parse_failed', 'answer-unreadable', { httpStatus: status });
    }
    if (answer.code !== 0) {
      // A cipher of another shop, or one the seller withdrew: asked again next time.
      if (/cipher|shop/iu.test(answer.message)) ciphers.delete(tokens.shopId);
      return unknown(
        problemOf(String(answer.code), status, answer.message),
        `error.${cleanCode(answer.code) || 'unreadable'}`,
        {
          httpStatus: status,
          detail: answer.message.slice(0, 200) || null,
        },
      );
    }
    const product = answer.data;
    if (!product || product.id !== ref.itemId) return unknown('unexpected', 'item-missing', { httpStatus: status });
    const removed = REMOVED.get(product.status);
    if (removed)
      return reading.delisted(removed.reason, `item.${product.status}`, { httpStatus: status, detail: removed.says });
    if (product.status !== 'ACTIVATE')
      return unknown('unexpected', `item.${cleanCode(product.status)}`, {
        httpStatus: status,
        detail: NOT_DECIDED.get(product.status) ?? null,
      });
    const units = product.skus.flatMap((sku) => sku.inventory ?? []).map((entry) => entry.quantity);
    const stock = units.length === 0 ? null : units.reduce((sum, quantity) => sum + Math.max(0, quantity), 0);
    const price = product.skus[0]?.price;
    const amount = price?.sale_price ?? price?.tax_exclusive_price;
    return reading.active(
      {
        title: product.title?.trim() || `TikTok Shop ${ref.itemId}`,
        price: amount && amount > 0 && (price?.currency ?? 'VND') === 'VND' ? Math.round(amount) : null,
        listPrice: null,
        // The product record gives no sales count: the seller's exact sales stay unknown.
        sold: null,
        stock: stock === null ? 'unknown' : stock > 0 ? 'in_stock' : 'out_of_stock',
        isOcop: null,
        ocopStars: null,
        shop: { id: tokens.shopId, name: null },
      },
      'item.ACTIVATE',
      { httpStatus: status },
    );
  }

  return {
    id: 'tiktok-seller',
    marketplace: 'tiktok',
    displayName: 'TikTok Shop Partner API',
    hosts: [...new Set([api.host, auth.host])],
    authorizationUrl({ redirect }) {
      // The platform sends the seller back to the redirect address registered with the app, not to
      // one named here: the monitor's single-use state travels as the platform's own `state`.
      const url = new URL(PATHS.authorize, services);
      url.searchParams.set('service_id', options.serviceId);
      const state = new URL(redirect).searchParams.get('state');
      if (state) url.searchParams.set('state', state);
      return url.href;
    },
    exchangeCode: ({ code, shopId, now = new Date() }) =>
      tokenCall(PATHS.token, { auth_code: code, grant_type: 'authorized_code' }, shopId, now),
    refreshTokens: (tokens, now = new Date()) => {
      if (new Date(tokens.refreshExpiresAt) <= now)
        return Promise.reject(
          new SellerAuthError('the refresh token has expired: the shop must consent again', 'token_expired', true),
        );
      return tokenCall(
        PATHS.refresh,
        { refresh_token: tokens.refreshToken, grant_type: 'refresh_token' },
        tokens.shopId,
        now,
      );
    },
    readItem,
    async listItems(tokens, ctx) {
      const now = ctx.now?.() ?? new Date();
      if (new Date(tokens.accessExpiresAt) <= now)
        throw new SellerAuthError('the access token has expired: refreshed before listing', 'token_expired', false);
      let cipher = ciphers.get(tokens.shopId);
      if (!cipher) {
        const shops = await authorisedShops(tokens, now, ctx);
        cipher = shops?.find((shop) => shop.id === tokens.shopId)?.cipher;
        // Without the shop's cipher nothing of it can be asked: a refusal, never an empty shop.
        if (!cipher)
          throw new SellerAuthError(
            `TikTok Shop gave no cipher for shop ${tokens.shopId.replace(/\D/gu, '').slice(0, 20)}`,
            shops === null ? 'platform_error' : 'token_invalid',
            false,
          );
        ciphers.set(tokens.shopId, cipher);
      }
      const shopCipher = cipher;
      const pages = new URL(options.itemPageBaseUrl ?? 'https://shop.tiktok.com');
      return listTiktokItems(
        async (pageToken) => {
          await pace(tokens.shopId);
          const url = signedUrl(
            PATHS.search,
            ctx.now?.() ?? new Date(),
            {
              shop_cipher: shopCipher,
              page_size: String(TIKTOK_SEARCH_PAGE_SIZE),
              ...(pageToken ? { page_token: pageToken } : {}),
            },
            SEARCH_BODY,
          );
          // The adapters' HTTP client reads (GET) only: this one POST goes to the configured API host
          // itself, with a deadline and a size cap, and follows no redirect.
          const answer = await postSearch(
            url,
            SEARCH_BODY,
            { 'x-tts-access-token': tokens.accessToken, 'content-type': 'application/json' },
            ctx.signal,
          );
          // A cipher of another shop, or one the seller withdrew: asked again next time.
          try {
            const { code, message } = JSON.parse(answer.body) as { code?: unknown; message?: unknown };
            if (code !== 0 && typeof message === 'string' && /cipher|shop/iu.test(message))
              ciphers.delete(tokens.shopId);
          } catch {
            // Unreadable: the list refuses it.
          }
          return answer;
        },
        // The buyer's address the TikTok Shop page adapter reads: `/view/product/<id>`.
        (itemId) => new URL(`/view/product/${itemId}`, pages).href,
      );
    },
  };
}
