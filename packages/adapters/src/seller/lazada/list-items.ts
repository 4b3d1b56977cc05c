import { SellerAuthError, type SellerShopItem } from '../contract.ts';
import { wholeListOrRefuse } from '../whole-list.ts';
import { lazadaProductsAnswerSchema } from './answers.ts';

/** A signed, paced GET of one platform path with these parameters: status, body and whether it was redirected. */
export type LazadaGet = (
  apiPath: string,
  params: Record<string, string>,
) => Promise<{ status: number; body: string; redirected: boolean }>;

// `/products/get` gives at most 50 items a page (open.lazada.com, GetProducts: `limit` ≤ 50).
const PAGE_SIZE = 50;
// A shop of OCOP products has tens of items: past this many pages the answer is not believed.
const MAX_PAGES = 20;

/**
 * Every item of the seller's record (`filter=all`: live, deactivated and deleted alike, so that a
 * listing whose item is hidden is still known to be this shop's), page by page. `onSale` is true
 * for `Active` items only: the others bind listings but are never proposed.
 */
export async function listLazadaItems(get: LazadaGet, itemUrl: (itemId: string) => string): Promise<SellerShopItem[]> {
  const items = new Map<string, SellerShopItem>();
  let received = 0;
  let listed = false;
  let total: number | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const response = await get('/products/get', {
      filter: 'all',
      offset: String(page * PAGE_SIZE),
      limit: String(PAGE_SIZE),
    });
    let parsed: ReturnType<typeof lazadaProductsAnswerSchema.parse>;
    try {
      if (response.status !== 200 || response.redirected) throw new Error(`HTTP ${response.status}`);
      parsed = lazadaProductsAnswerSchema.parse(JSON.parse(response.body));
    } catch (error) {
      throw new SellerAuthError(
        `Lazada did not list the seller's items (${(error as Error).message.slice(0, 80)})`,
        response.status === 429 ? 'rate_limited' : 'platform_error',
        false,
      );
    }
    if (parsed.code !== '0' || !parsed.data) {
      const code = parsed.code.replace(/[^\w.-]/gu, '').slice(0, 60);
      const auth = /token|sign|access/iu.test(code);
      throw new SellerAuthError(
        `Lazada refused /products/get: ${code}`,
        auth ? 'token_invalid' : code === 'ApiCallLimit' ? 'rate_limited' : 'platform_error',
        false,
      );
    }
    const products = parsed.data.products ?? [];
    received += products.length;
    total = parsed.data.total_products ?? total;
    for (const product of products) {
      const title = product.attributes?.name?.trim() ?? '';
      items.set(product.item_id, {
        itemId: product.item_id,
        title,
        url: itemUrl(product.item_id),
        // Without a name it cannot be matched to a product: bound to a listing, never proposed.
        onSale: product.status === 'Active' && title !== '',
      });
    }
    listed ||= parsed.data.products !== undefined;
    // A full page without a total: the next page tells whether there is more.
    if (products.length < PAGE_SIZE || (total !== undefined && received >= total)) break;
  }
  wholeListOrRefuse('Lazada', { listed, received, total });
  return [...items.values()];
}
