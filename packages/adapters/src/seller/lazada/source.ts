import type { AdapterContext } from '../../contract.ts';
import { OcopError } from '../../errors.ts';
import type { DelistedReason, Observation, UnknownReason } from '../../observation.ts';
import { SellerAuthError, type SellerItemRef, type SellerSource, type SellerTokens } from '../contract.ts';
import { cleanCode, sellerReading, shopPacer } from '../reading.ts';
import { tokenCallAnswer } from '../token-call.ts';
import { lazadaItemAnswerSchema, lazadaTokenAnswerSchema } from './answers.ts';
import { listLazadaItems } from './list-items.ts';
import { lazadaSignature } from './sign.ts';

export interface LazadaSellerOptions {
  appKey: string;
  /** The app secret (from `OCOP_LAZADA_APP_SECRET` or `_FILE` in the monitor's environment): signs every call. */
  appSecret: string;
  /** The API gateway, `/rest` included: `https://api.lazada.vn/rest` for Vietnam's shops. */
  baseUrl?: string;
  /** The authorisation host: `https://auth.lazada.com` (the consent page and the token calls). */
  authBaseUrl?: string;
  /** Least time between two calls for one seller (the platform paces each seller's calls). */
  minIntervalMs?: number;
  /** Where buyers open the items (the Lazada page adapter's base address): `https://www.lazada.vn`. */
  itemPageBaseUrl?: string;
}

const ITEM_PATH = '/product/item/get';
// A live app's tokens last 10 and 50 days (open.lazada.com, "Seller authorization introduction");
// a Service Market subscription binds the access token to the subscription, up to a year: a longer
// life in an answer is not believed.
const MAX_ACCESS_SECONDS = 366 * 24 * 3600;
const MAX_REFRESH_SECONDS = 366 * 24 * 3600;

/** What each item status of the seller's record means for the listing (`authoritative`). */
// A Map, not an object: a status word such as "constructor" must find nothing.
const REMOVED = new Map<string, { reason: DelistedReason; says: string }>([
  ['InActive', { reason: 'seller_hidden', says: 'người bán đã tắt sản phẩm / the seller deactivated the item' }],
  ['Deleted', { reason: 'marketplace_state', says: 'sản phẩm đã bị xoá / the item was deleted' }],
  ['Suspended', { reason: 'marketplace_state', says: 'Lazada đã đình chỉ sản phẩm / Lazada suspended the item' }],
]);
/** Not a removal: the item is not on sale, but its listing may come back as it was. */
const NOT_DECIDED = new Map<string, string>([
  ['Pending QC', 'đang chờ Lazada duyệt / waiting for quality control'],
  // A rejected edit may leave the earlier version on sale: the record does not say which.
  ['Rejected', 'Lazada từ chối duyệt / quality control rejected it'],
]);

/** Lazada's error codes (open.lazada.com, "Common error codes"): each an unknown, never a removal. */
const ERRORS = new Map<string, UnknownReason>([
  ['IllegalAccessToken', 'blocked'],
  ['IllegalRefreshToken', 'blocked'],
  ['MissingAccessToken', 'blocked'],
  ['IncompleteSignature', 'blocked'],
  ['InvalidSignature', 'blocked'],
  ['AccessDenied', 'blocked'],
  ['AppWhiteListLimit', 'blocked'],
  ['ApiCallLimit', 'rate_limited'],
  ['901', 'rate_limited'], // "Limit service request speed in server side temporarily"
  ['6', 'server_error'], // "Unexpected internal error"
  // The item is not this seller's (another shop's, or another country's site): nothing about it.
  ['207', 'unexpected'],
  ['EDIT_ITEM_NOT_BELONG_SELLER', 'unexpected'],
  ['AppCallLimit', 'rate_limited'],
  ['ServiceTimeout', 'timeout'],
  ['InternalError', 'server_error'],
  ['ServiceUnavailable', 'server_error'],
]);
const errorReason = (code: string, type?: string): UnknownReason =>
  ERRORS.get(code) ?? (type === 'ISP' || type === 'SYSTEM' ? 'server_error' : 'unexpected');

/** `/product/item/get`'s own answer for an item id with no item (open.lazada.com, GetProductItem). */
const NOT_FOUND = { code: '208', message: /^E208: Item not exist$/u };

/**
 * The token calls' refusals that are the seller's to fix — a spent or expired code or refresh token,
 * a subscription's token that cannot be refreshed (AUTH_TYPE_UNSUPPORTED): the seller consents
 * again. A wrong app key or secret, a missing parameter, the platform's pace or failure are the
 * department's or the platform's, and end no consent.
 */
const CONSENT_AGAIN = new Set(['InvalidCode', 'IllegalRefreshToken', 'IllegalAccessToken', 'AUTH_TYPE_UNSUPPORTED']);

/** `yyyy-mm-dd` (the date of a special price) as the first or last instant of that day in Vietnam. */
function dayBound(date: string | undefined, end: boolean): number | null {
  const day = /^(\d{4}-\d{2}-\d{2})/u.exec(date ?? '')?.[1];
  return day ? Date.parse(`${day}T${end ? '23:59:59' : '00:00:00'}+07:00`) : null;
}

/**
 * Lazada Open Platform as a seller source: the authorisation link, code → tokens, tokens refreshed,
 * and an item's record (`/product/item/get`) read through the polite client as an Observation with
 * provenance `authoritative`. Calls are signed and paced per seller. `item/get` gives no exact sales:
 * they stay unknown (`sold: null`).
 */
export function createLazadaSellerSource(options: LazadaSellerOptions): SellerSource {
  const api = new URL(options.baseUrl ?? 'https://api.lazada.vn/rest');
  const auth = new URL(options.authBaseUrl ?? 'https://auth.lazada.com');
  // The API path is signed without the gateway's `/rest`: the gateway is that and nothing more.
  if (api.pathname.replace(/\/$/u, '') !== '/rest' || api.search || api.hash)
    throw new OcopError('INVALID_OPTIONS', `the Lazada API address ends in /rest and nothing else, not ${api.href}`);
  if ((auth.pathname !== '/' && auth.pathname !== '') || auth.search || auth.hash)
    throw new OcopError('INVALID_OPTIONS', `the Lazada authorisation address is a host only, not ${auth.href}`);
  const pace = shopPacer(options.minIntervalMs ?? 1_000);
  const address = (gateway: URL, apiPath: string) => new URL(`${gateway.origin}/rest${apiPath}`);

  const signedParams = (apiPath: string, now: Date, extra: Record<string, string>) => {
    const params: Record<string, string> = {
      app_key: options.appKey,
      timestamp: String(now.getTime()),
      sign_method: 'sha256',
      ...extra,
    };
    params.sign = lazadaSignature({ appSecret: options.appSecret, apiPath, params });
    return params;
  };

  async function tokenCall(
    apiPath: string,
    extra: Record<string, string>,
    shopId: string,
    now: Date,
    refreshing = false,
  ) {
    let answer: ReturnType<typeof lazadaTokenAnswerSchema.parse>;
    try {
      const { body } = await tokenCallAnswer('Lazada', address(auth, apiPath), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8' },
        body: new URLSearchParams(signedParams(apiPath, now, extra)).toString(),
      });
      answer = lazadaTokenAnswerSchema.parse(body);
    } catch (error) {
      if (error instanceof SellerAuthError) throw error;
      throw new SellerAuthError(
        `Lazada's token answer is not readable (${(error as Error).name})`,
        'platform_error',
        false,
      );
    }
    const { access_token, refresh_token, expires_in, refresh_expires_in } = answer;
    if (answer.code !== '0' || !access_token || !refresh_token || !expires_in || !refresh_expires_in) {
      // A success without its tokens is the platform's fault, not the seller's.
      const code = answer.code === '0' ? 'incomplete' : cleanCode(answer.code);
      const consent = CONSENT_AGAIN.has(code);
      throw new SellerAuthError(
        `Lazada refused the token call: ${code}`,
        errorReason(code) === 'rate_limited' ? 'rate_limited' : consent ? 'token_invalid' : 'platform_error',
        consent,
      );
    }
    // The seller who consented is Vietnam's seller of the account: another shop's consent is not this shop's.
    const sellers = answer.country_user_info ?? answer.country_user_info_list ?? [];
    const named = sellers.find((entry) => entry.country.toLowerCase() === 'vn')?.seller_id;
    // A refresh answer that leaves out the seller: the platform's omission, the tokens stay the shop's.
    const seller = named ?? (refreshing && sellers.length === 0 ? shopId : undefined);
    if (!seller && !refreshing && sellers.length === 0)
      throw new SellerAuthError("Lazada's token answer names no seller", 'platform_error', false);
    if (!seller || (shopId && seller !== shopId))
      throw new SellerAuthError(
        `the Lazada account that consented is not seller ${shopId.replace(/\D/gu, '').slice(0, 20)} in Vietnam`,
        'token_invalid',
        true,
      );
    return {
      shopId: seller,
      accessToken: access_token,
      accessExpiresAt: new Date(now.getTime() + Math.min(expires_in, MAX_ACCESS_SECONDS) * 1000).toISOString(),
      refreshToken: refresh_token,
      refreshExpiresAt: new Date(
        now.getTime() + Math.min(refresh_expires_in, MAX_REFRESH_SECONDS) * 1000,
      ).toISOString(),
    } satisfies SellerTokens;
  }

  async function readItem(ref: SellerItemRef, tokens: SellerTokens, ctx: AdapterContext): Promise<Observation> {
    const reading = sellerReading('lazada-seller', ref, ctx);
    const { now, unknown } = reading;
    if (new Date(tokens.accessExpiresAt) <= now) return unknown('blocked', 'token-expired');
    if (!/^\d{1,20}$/u.test(ref.itemId)) return unknown('unexpected', 'item-id');
    await pace(tokens.shopId);
    const url = address(api, ITEM_PATH);
    const params = signedParams(ITEM_PATH, now, { access_token: tokens.accessToken, item_id: ref.itemId });
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
    let status = 0;
    let answer: ReturnType<typeof lazadaItemAnswerSchema.parse>;
    try {
      const response = await ctx.http.get(url.href, {
        headers: { accept: 'application/json' },
        ...(ctx.signal ? { signal: ctx.signal } : {}),
      });
      status = response.status;
      // Only the platform's own 200 at the address asked is its record: a redirect or an error status is not.
      if (response.redirects.length > 0 || new URL(response.finalUrl).pathname !== url.pathname)
        return unknown('unexpected', 'redirected', { httpStatus: status, finalUrl: response.finalUrl });
      if (status !== 200) {
        let code = '';
        try {
          code = cleanCode((JSON.parse(response.body) as { code?: unknown }).code);
        } catch {
          code = '';
        }
        const reason: UnknownReason =
          status === 429 ? 'rate_limited' : status >= 500 ? 'server_error' : errorReason(code);
        return unknown(reason, code ? `error.${code}` : `http.${status}`, { httpStatus: status });
      }
      answer = lazadaItemAnswerSchema.parse(JSON.parse(response.body));
    } catch (error) {
      const name = (error as Error).name;
      if (status === 0) return unknown(name === 'TimeoutError' ? 'timeout' : 'network', 'transport');
      return unknown('parse_failed', 'answer-unreadable', { httpStatus: status });
    }
    if (answer.code !== '0') {
      const code = cleanCode(answer.code);
      // Lazada's documented answer for an item id it has no item for ("E208: Item not exist"): a
      // removal, but `assumed` — never seen in a captured real answer, and a wrong id in the
      // registry answers the same — so it makes the listing suspect for a person, never confirms.
      if (code === NOT_FOUND.code && NOT_FOUND.message.test(answer.message ?? ''))
        return reading.delisted('not_found', 'error.208', {
          httpStatus: status,
          detail: 'Lazada: không có sản phẩm này / E208 item not exist',
          provenance: 'assumed',
        });
      return unknown(errorReason(code, answer.type), `error.${code}`, {
        httpStatus: status,
        detail: answer.message?.slice(0, 200) || null,
      });
    }
    const item = answer.data;
    if (!item || (item.item_id ?? item.itemId) !== ref.itemId)
      return unknown('unexpected', 'item-missing', { httpStatus: status });
    const removed = REMOVED.get(item.status);
    if (removed)
      return reading.delisted(removed.reason, `item.${item.status}`, { httpStatus: status, detail: removed.says });
    const undecided = NOT_DECIDED.get(item.status);
    if (undecided !== undefined || item.status !== 'Active')
      return unknown('unexpected', `item.${cleanCode(item.status.replaceAll(' ', '_'))}`, {
        httpStatus: status,
        detail: undecided ?? null,
      });
    const live = item.skus.filter((sku) => sku.Status === 'active');
    // An active item with no active variant contradicts itself: not read as either.
    if (live.length === 0) return unknown('unexpected', 'skus-none-active', { httpStatus: status });
    const stock = live.reduce<number | null>((sum, sku) => {
      const units = sku.Available ?? sku.quantity;
      return sum === null || units === undefined ? null : sum + Math.max(0, units);
    }, 0);
    const [first] = live;
    const regular = first?.price && first.price > 0 ? first.price : null;
    const from = dayBound(first?.special_from_date, false);
    const to = dayBound(first?.special_to_date, true);
    const special =
      first?.special_price && regular && first.special_price < regular && from !== null && to !== null
        ? from <= now.getTime() && now.getTime() <= to
          ? first.special_price
          : null
        : null;
    return reading.active(
      {
        title: item.attributes?.name?.trim() || `Lazada ${ref.itemId}`,
        price: special !== null ? Math.round(special) : regular !== null ? Math.round(regular) : null,
        listPrice: special !== null && regular !== null ? Math.round(regular) : null,
        // item/get gives no sales count: the seller's exact sales stay unknown, never guessed.
        sold: null,
        stock: stock === null ? 'unknown' : stock > 0 ? 'in_stock' : 'out_of_stock',
        isOcop: null,
        ocopStars: null,
        shop: { id: tokens.shopId, name: null },
      },
      'item.Active',
      { httpStatus: status },
    );
  }

  return {
    id: 'lazada-seller',
    marketplace: 'lazada',
    displayName: 'Lazada Open Platform',
    hosts: [...new Set([api.host, auth.host])],
    authorizationUrl({ redirect }) {
      // Lazada sends the seller back only to the app's registered callback, matched exactly: the
      // monitor's single-use state travels as Lazada's own `state`, which comes back with the code.
      const back = new URL(redirect);
      const state = back.searchParams.get('state');
      back.searchParams.delete('state');
      const url = new URL('/oauth/authorize', auth);
      url.searchParams.set('response_type', 'code');
      url.searchParams.set('force_auth', 'true');
      url.searchParams.set('redirect_uri', back.href);
      url.searchParams.set('client_id', options.appKey);
      if (state) url.searchParams.set('state', state);
      return url.href;
    },
    exchangeCode: ({ code, shopId, now = new Date() }) => tokenCall('/auth/token/create', { code }, shopId, now),
    refreshTokens: (tokens, now = new Date()) => {
      if (new Date(tokens.refreshExpiresAt) <= now)
        return Promise.reject(
          new SellerAuthError('the refresh token has expired: the seller must consent again', 'token_expired', true),
        );
      return tokenCall('/auth/token/refresh', { refresh_token: tokens.refreshToken }, tokens.shopId, now, true);
    },
    readItem,
    listItems: (tokens, ctx) => {
      const pages = new URL(options.itemPageBaseUrl ?? 'https://www.lazada.vn');
      return listLazadaItems(
        async (apiPath, extra) => {
          await pace(tokens.shopId);
          const url = address(api, apiPath);
          const now = ctx.now?.() ?? new Date();
          for (const [name, value] of Object.entries(
            signedParams(apiPath, now, { ...extra, access_token: tokens.accessToken }),
          ))
            url.searchParams.set(name, value);
          const response = await ctx.http.get(url.href, {
            headers: { accept: 'application/json' },
            ...(ctx.signal ? { signal: ctx.signal } : {}),
          });
          return { status: response.status, body: response.body, redirected: response.redirects.length > 0 };
        },
        // The buyer's address the Lazada page adapter reads: `/products/<slug>-i<id>.html`, the slug may be empty.
        (itemId) => new URL(`/products/-i${itemId}.html`, pages).href,
      );
    },
  };
}
