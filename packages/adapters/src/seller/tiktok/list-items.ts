import { SellerAuthError, type SellerProblem, type SellerShopItem } from '../contract.ts';
import { cleanCode } from '../reading.ts';
import { boundedCall } from '../token-call.ts';
import { wholeListOrRefuse } from '../whole-list.ts';
import { tiktokErrorOf, tiktokProductSearchAnswerSchema } from './answers.ts';

/**
 * One signed, paced `POST /product/202309/products/search` of the shop (the page token absent on
 * the first page): status, body and whether it was redirected.
 */
export type TiktokSearch = (pageToken: string | undefined) => Promise<{
  status: number;
  body: string;
  redirected: boolean;
}>;

// Search Products gives at most 100 products a page (partner.tiktokshop.com, Product API 202309,
// Search Products: `page_size` ≤ 100).
export const TIKTOK_SEARCH_PAGE_SIZE = 100;
// A shop of OCOP products has tens of products: past this many pages the answer is not believed.
const MAX_PAGES = 20;

/** The longest one page may take, answer read whole. */
const PAGE_DEADLINE_MS = 30_000;
/** The largest page read: 100 products with their SKUs are well under this. */
const PAGE_MAX_BYTES = 8 * 1024 * 1024;

/**
 * One POST of a JSON body and its answer as text (`boundedCall`: a deadline, a cap on the answer's
 * size); a redirect is not followed (it is a refusal).
 */
export async function postSearch(
  url: URL,
  body: string,
  headers: Record<string, string>,
  signal?: AbortSignal,
): Promise<{ status: number; body: string; redirected: boolean }> {
  const { status, text } = await boundedCall(
    'TikTok Shop',
    'the product search',
    url,
    { method: 'POST', headers: { accept: 'application/json', ...headers }, body },
    { deadlineMs: PAGE_DEADLINE_MS, maxBytes: PAGE_MAX_BYTES },
    signal,
  );
  return { status, body: text, redirected: status >= 300 && status < 400 };
}

/** A refusal's problem: the pace, the token (105xxx) or the app and its signature (106xxx), else the platform's. */
function problemOf(status: number, code: string, message: string): SellerProblem {
  if (status === 429 || /limit|frequen|too many/iu.test(message)) return 'rate_limited';
  if (status === 401 || status === 403 || /^10[56]\d{3}$/u.test(code) || /token|sign|auth|permission/iu.test(message))
    return 'token_invalid';
  return 'platform_error';
}

/**
 * Every product of the shop's record (`status: ALL`: live, deactivated and deleted alike, so that a
 * listing whose product is hidden is still known to be this shop's), page by page with the page
 * token the platform gives. `onSale` is true for `ACTIVATE` products with a title only: the others
 * bind listings but are never proposed. A refusal throws `SellerAuthError`, never an empty shop.
 */
export async function listTiktokItems(
  search: TiktokSearch,
  itemUrl: (itemId: string) => string,
): Promise<SellerShopItem[]> {
  const items = new Map<string, SellerShopItem>();
  const seen = new Set<string>();
  let pageToken: string | undefined;
  let listed = false;
  let received = 0;
  let total: number | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const response = await search(pageToken);
    if (response.status !== 200 || response.redirected) {
      const { code, message } = tiktokErrorOf(response.body);
      throw new SellerAuthError(
        `TikTok Shop did not list the shop's products (${response.redirected ? 'redirected' : `HTTP ${response.status}`}${code ? `, ${code}` : ''})`,
        response.redirected ? 'platform_error' : problemOf(response.status, code, message),
        false,
      );
    }
    let parsed: ReturnType<typeof tiktokProductSearchAnswerSchema.parse>;
    try {
      parsed = tiktokProductSearchAnswerSchema.parse(JSON.parse(response.body));
    } catch (error) {
      throw new SellerAuthError(
        `TikTok Shop's product list is not readable (${(error as Error).name})`,
        'platform_error',
        false,
      );
    }
    if (parsed.code !== 0 || !parsed.data) {
      const code = parsed.code === 0 ? 'no-data' : cleanCode(parsed.code) || 'unreadable';
      throw new SellerAuthError(
        `TikTok Shop refused /product/202309/products/search: ${code}`,
        parsed.code === 0 ? 'platform_error' : problemOf(response.status, code, parsed.message),
        false,
      );
    }
    const products = parsed.data.products ?? [];
    listed ||= parsed.data.products !== undefined;
    received += products.length;
    total = parsed.data.total_count ?? total;
    for (const product of products) {
      // An id that is not TikTok's (digits) names no listing: left out.
      if (product.id === null) continue;
      const title = product.title?.trim() ?? '';
      items.set(product.id, {
        itemId: product.id,
        title,
        url: itemUrl(product.id),
        // Without a title it cannot be matched to a product: bound to a listing, never proposed.
        onSale: product.status === 'ACTIVATE' && title !== '',
      });
    }
    const next = parsed.data.next_page_token ?? '';
    // The last page has no next token; a token given twice would go round for ever.
    if (next === '' || seen.has(next) || products.length === 0) break;
    seen.add(next);
    pageToken = next;
  }
  wholeListOrRefuse('TikTok Shop', { listed, received, total });
  return [...items.values()];
}
