import type { AdapterContext } from '../../contract.ts';
import { OcopError } from '../../errors.ts';
import type { DelistedReason, Observation, UnknownReason } from '../../observation.ts';
import { SellerAuthError, type SellerItemRef, type SellerSource, type SellerTokens } from '../contract.ts';
import { cleanCode, sellerReading, shopPacer } from '../reading.ts';
import { tokenCallAnswer } from '../token-call.ts';
import { itemBaseAnswerSchema, itemExtraAnswerSchema, tokenAnswerSchema } from './answers.ts';
import { listShopeeItems } from './list-items.ts';
import { shopeeSignature } from './sign.ts';

export interface ShopeeSellerOptions {
  partnerId: number;
  /** The partner key (from `NAME` or `NAME_FILE` in the monitor's environment): signs every call. */
  partnerKey: string;
  /** `https://partner.shopeemobile.com` live; the sandbox's open platform in tests and the demo. */
  baseUrl?: string;
  /** Least time between two calls for one shop (the platform paces each shop). */
  minIntervalMs?: number;
  /** Where buyers open the shop's items (`https://shopee.vn` unless given): the address of a listed item. */
  itemPageBaseUrl?: string;
}

// Shopee keeps a refresh token 30 days; each refresh gives a new one (open.shopee.com, "Authorization").
const REFRESH_LIFETIME_MS = 30 * 24 * 3_600_000;
const PATHS = {
  authorize: '/api/v2/shop/auth_partner',
  token: '/api/v2/auth/token/get',
  refresh: '/api/v2/auth/access_token/get',
  baseInfo: '/api/v2/product/get_item_base_info',
  extraInfo: '/api/v2/product/get_item_extra_info',
} as const;

/** What each item status of the seller's record means for the listing (`authoritative`). */
// A Map, not an object: a status word such as "constructor" must find nothing.
const REMOVED = new Map<string, { reason: DelistedReason; says: string }>([
  ['UNLIST', { reason: 'seller_hidden', says: 'người bán đã ẩn sản phẩm / the seller hid the item' }],
  ['SELLER_DELETE', { reason: 'marketplace_state', says: 'người bán đã xoá / the seller deleted the item' }],
  ['BANNED', { reason: 'marketplace_state', says: 'Shopee đã khoá sản phẩm / Shopee banned the item' }],
  ['SHOPEE_DELETE', { reason: 'marketplace_state', says: 'Shopee đã xoá sản phẩm / Shopee deleted the item' }],
]);
// Shopee's access token lives 4 hours: a longer life in an answer is not believed.
const MAX_ACCESS_SECONDS = 4 * 3600;

/** A platform error code, as an unknown reason: nothing the platform refuses is about the item. */
function problemOf(error: string, status: number): UnknownReason {
  if (status === 429 || /too_many|rate|busy/iu.test(error)) return 'rate_limited';
  if (status >= 500 || /server|inner|system/iu.test(error)) return 'server_error';
  if (/auth|token|sign|permission|partner|shop/iu.test(error) || status === 401 || status === 403) return 'blocked';
  return 'unexpected';
}

/**
 * Shopee Open Platform v2 as a seller source: the authorisation link, code → tokens, tokens
 * refreshed (the refresh token renewed each time), and an item's record read through the polite
 * client — get_item_base_info for status, price and stock, get_item_extra_info for its sales —
 * as an Observation with provenance `authoritative`. Calls are signed and paced per shop.
 */
export function createShopeeSellerSource(options: ShopeeSellerOptions): SellerSource {
  const base = new URL(options.baseUrl ?? 'https://partner.shopeemobile.com');
  // The API paths are signed as the platform documents them: a base address is a host, nothing more.
  if ((base.pathname !== '/' && base.pathname !== '') || base.search || base.hash)
    throw new OcopError('INVALID_OPTIONS', `the Shopee base address is a host only, not ${base.href}`);
  const pace = shopPacer(options.minIntervalMs ?? 1_000);
  const timestampOf = (now: Date) => Math.floor(now.getTime() / 1000);
  const signed = (path: string, now: Date, shop?: { accessToken: string; shopId: string }) => {
    const timestamp = timestampOf(now);
    const url = new URL(path, base);
    url.searchParams.set('partner_id', String(options.partnerId));
    url.searchParams.set('timestamp', String(timestamp));
    if (shop) {
      url.searchParams.set('access_token', shop.accessToken);
      url.searchParams.set('shop_id', shop.shopId);
    }
    url.searchParams.set(
      'sign',
      shopeeSignature({ partnerId: options.partnerId, partnerKey: options.partnerKey, path, timestamp, ...shop }),
    );
    return url;
  };

  async function tokenCall(path: string, body: Record<string, unknown>, shopId: string, now: Date) {
    let answer: ReturnType<typeof tokenAnswerSchema.parse>;
    try {
      const { body: answerBody } = await tokenCallAnswer('Shopee', signed(path, now), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...body, shop_id: Number(shopId), partner_id: options.partnerId }),
      });
      answer = tokenAnswerSchema.parse(answerBody);
    } catch (error) {
      if (error instanceof SellerAuthError) throw error;
      throw new SellerAuthError(
        `Shopee's token answer is not readable (${(error as Error).name})`,
        'platform_error',
        false,
      );
    }
    if (answer.error || !answer.access_token || !answer.refresh_token || !answer.expire_in)
      throw new SellerAuthError(
        `Shopee refused the token call: ${(answer.error || 'no token').replace(/[^\w.-]/gu, '').slice(0, 60)}`,
        /auth|token|code|param/iu.test(answer.error) ? 'token_invalid' : 'platform_error',
        /auth|token|code|param/iu.test(answer.error),
      );
    return {
      shopId,
      accessToken: answer.access_token,
      accessExpiresAt: new Date(now.getTime() + Math.min(answer.expire_in, MAX_ACCESS_SECONDS) * 1000).toISOString(),
      refreshToken: answer.refresh_token,
      refreshExpiresAt: new Date(now.getTime() + REFRESH_LIFETIME_MS).toISOString(),
    } satisfies SellerTokens;
  }

  async function readItem(ref: SellerItemRef, tokens: SellerTokens, ctx: AdapterContext): Promise<Observation> {
    const reading = sellerReading('shopee-seller', ref, ctx);
    const { now, unknown } = reading;
    if (new Date(tokens.accessExpiresAt) <= now) return unknown('blocked', 'token-expired');
    const shop = { accessToken: tokens.accessToken, shopId: tokens.shopId };
    const call = async (path: string) => {
      await pace(tokens.shopId);
      const url = signed(path, now, shop);
      url.searchParams.set('item_id_list', ref.itemId);
      return ctx.http.get(url.href, {
        headers: { accept: 'application/json' },
        ...(ctx.signal ? { signal: ctx.signal } : {}),
      });
    };
    let baseAnswer: ReturnType<typeof itemBaseAnswerSchema.parse>;
    let extraAnswer: ReturnType<typeof itemExtraAnswerSchema.parse> | null = null;
    let status = 0;
    try {
      const response = await call(PATHS.baseInfo);
      status = response.status;
      // Only the platform's own 200 at the address asked is its record: a redirect or an error status is not.
      if (response.redirects.length > 0 || new URL(response.finalUrl).pathname !== PATHS.baseInfo)
        return unknown('unexpected', 'redirected', { httpStatus: status, finalUrl: response.finalUrl });
      if (status !== 200) {
        // The platform's error code names the rule, where the answer gives one; the item is never read.
        let code = '';
        try {
          const error = (JSON.parse(response.body) as { error?: unknown }).error;
          code = typeof error === 'string' ? error.replace(/[^\w.-]/gu, '').slice(0, 60) : '';
        } catch {
          code = '';
        }
        return unknown(problemOf(code, status), code ? `error.${code}` : `http.${status}`, { httpStatus: status });
      }
      baseAnswer = itemBaseAnswerSchema.parse(JSON.parse(response.body));
    } catch (error) {
      const name = (error as Error).name;
      if (status === 0) return unknown(name === 'TimeoutError' ? 'timeout' : 'network', 'transport');
      return unknown(problemOf('', status), 'answer-unreadable', { httpStatus: status });
    }
    if (baseAnswer.error) {
      // The platform's words go into a rule name and a log: cleaned and cut, as the other sources do.
      const code = cleanCode(baseAnswer.error) || 'unreadable';
      return unknown(problemOf(code, status), `error.${code}`, {
        httpStatus: status,
        detail: baseAnswer.message.slice(0, 200) || null,
      });
    }
    const items = baseAnswer.response?.item_list.filter((candidate) => String(candidate.item_id) === ref.itemId) ?? [];
    const [item] = items;
    // An item the shop's record does not list is not a removal: another shop's item, or a lag.
    if (!item) return unknown('unexpected', 'item-missing', { httpStatus: status });
    if (items.some((other) => other.item_status !== item.item_status))
      return unknown('unexpected', 'item-contradicts', { httpStatus: status });
    const removed = REMOVED.get(item.item_status);
    if (removed)
      return reading.delisted(removed.reason, `item.${item.item_status}`, { httpStatus: status, detail: removed.says });
    if (item.item_status !== 'NORMAL')
      return unknown('unexpected', `item.${cleanCode(item.item_status) || 'unreadable'}`, {
        httpStatus: status,
        detail: 'đang được duyệt / under review',
      });
    try {
      const response = await call(PATHS.extraInfo);
      const parsed = itemExtraAnswerSchema.parse(JSON.parse(response.body));
      extraAnswer = parsed.error ? null : parsed;
    } catch {
      extraAnswer = null; // the sales stay unknown; the item's state is already read
    }
    const sale = extraAnswer?.response?.item_list.find((candidate) => String(candidate.item_id) === ref.itemId)?.sale;
    const price = item.price_info?.[0];
    const stock = item.stock_info_v2?.summary_info?.total_available_stock;
    return reading.active(
      {
        title: item.item_name?.trim() || `Shopee ${ref.itemId}`,
        price: price && price.current_price > 0 ? Math.round(price.current_price) : null,
        listPrice:
          price?.original_price && price.original_price > price.current_price ? Math.round(price.original_price) : null,
        sold: sale === undefined ? null : { value: sale, approximate: false, raw: `sale=${sale}` },
        stock: stock === undefined ? 'unknown' : stock > 0 ? 'in_stock' : 'out_of_stock',
        isOcop: null,
        ocopStars: null,
        shop: { id: tokens.shopId, name: null },
      },
      'item.NORMAL',
      { httpStatus: status },
    );
  }

  return {
    id: 'shopee-seller',
    marketplace: 'shopee',
    displayName: 'Shopee Open Platform',
    // get_item_extra_info gives `sale`; Lazada's and TikTok Shop's records have no number sold.
    reads: { sales: true },
    hosts: [base.host],
    authorizationUrl({ redirect, now = new Date() }) {
      const url = signed(PATHS.authorize, now);
      url.searchParams.set('redirect', redirect);
      return url.href;
    },
    exchangeCode: ({ code, shopId, now = new Date() }) => tokenCall(PATHS.token, { code }, shopId, now),
    refreshTokens: (tokens, now = new Date()) => {
      if (new Date(tokens.refreshExpiresAt) <= now)
        return Promise.reject(
          new SellerAuthError('the refresh token has expired: the shop must consent again', 'token_expired', true),
        );
      return tokenCall(PATHS.refresh, { refresh_token: tokens.refreshToken }, tokens.shopId, now);
    },
    readItem,
    listItems(tokens, ctx) {
      const now = ctx.now?.() ?? new Date();
      const shop = { accessToken: tokens.accessToken, shopId: tokens.shopId };
      const pages = new URL(options.itemPageBaseUrl ?? 'https://shopee.vn');
      return listShopeeItems(
        async (path, params) => {
          await pace(tokens.shopId);
          const url = signed(path, now, shop);
          for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
          const response = await ctx.http.get(url.href, {
            headers: { accept: 'application/json' },
            ...(ctx.signal ? { signal: ctx.signal } : {}),
          });
          return response.redirects.length > 0 ? { status: 0, body: '' } : response;
        },
        (itemId) => new URL(`/product/${tokens.shopId}/${itemId}`, pages).href,
      );
    },
  };
}
