import { SellerAuthError, type SellerShopItem } from '../contract.ts';
import { wholeListOrRefuse } from '../whole-list.ts';
import { itemBaseAnswerSchema, itemListAnswerSchema } from './answers.ts';

/** A signed, paced GET of one platform path with these parameters: status and body. */
export type ShopeeGet = (path: string, params: Record<string, string>) => Promise<{ status: number; body: string }>;

// Shopee pages the item list by 100 and reads base info by 50 ids (open.shopee.com, "product").
const PAGE_SIZE = 100;
const INFO_BATCH = 50;
// A shop of OCOP products has tens of items: past this many pages the answer is not believed.
const MAX_PAGES = 20;

/** The platform's answer as parsed JSON, or a `SellerAuthError` naming what went wrong. */
function answerOf(response: { status: number; body: string }, path: string): unknown {
  let parsed: { error?: unknown } | null = null;
  try {
    parsed = JSON.parse(response.body) as { error?: unknown };
  } catch {
    parsed = null;
  }
  const error = typeof parsed?.error === 'string' ? parsed.error.replace(/[^\w.-]/gu, '').slice(0, 60) : '';
  if (response.status !== 200 || error || !parsed) {
    const auth = /auth|token|sign|permission/iu.test(error) || response.status === 401 || response.status === 403;
    throw new SellerAuthError(
      `Shopee refused ${path}: ${error || `HTTP ${response.status}`}`,
      auth ? 'token_invalid' : response.status === 429 ? 'rate_limited' : 'platform_error',
      false,
    );
  }
  return parsed;
}

/** An answer in the shape the platform documents, or a refusal: a malformed answer is no shop's record. */
function shaped<T>(path: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new SellerAuthError(
      `Shopee's answer to ${path} is not readable (${(error as Error).name})`,
      'platform_error',
      false,
    );
  }
}

/**
 * The shop's items on sale (`NORMAL`): get_item_list page by page for their ids, then
 * get_item_base_info for their names. Each is addressed by its buyer page, `itemUrl(itemId)`.
 */
export async function listShopeeItems(get: ShopeeGet, itemUrl: (itemId: string) => string): Promise<SellerShopItem[]> {
  const ids: string[] = [];
  let offset = 0;
  let listed = false;
  let total: number | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const path = '/api/v2/product/get_item_list';
    const raw = answerOf(
      await get(path, { offset: String(offset), page_size: String(PAGE_SIZE), item_status: 'NORMAL' }),
      path,
    );
    const response = shaped(path, () => itemListAnswerSchema.parse(raw)).response;
    listed ||= response?.item !== undefined;
    total = response?.total_count ?? total;
    for (const item of response?.item ?? []) ids.push(String(item.item_id));
    if (!response?.has_next_page || response.next_offset <= offset) break;
    offset = response.next_offset;
  }
  wholeListOrRefuse('Shopee', { listed, received: ids.length, total });
  const items: SellerShopItem[] = [];
  const unique = [...new Set(ids)];
  for (let start = 0; start < unique.length; start += INFO_BATCH) {
    const path = '/api/v2/product/get_item_base_info';
    const batch = unique.slice(start, start + INFO_BATCH);
    const raw = answerOf(await get(path, { item_id_list: batch.join(',') }), path);
    const answer = shaped(path, () => itemBaseAnswerSchema.parse(raw));
    for (const item of answer.response?.item_list ?? []) {
      const itemId = String(item.item_id);
      // Only what was asked, still on sale, with a name to match: anything else is not proposed.
      if (!batch.includes(itemId) || item.item_status !== 'NORMAL' || !item.item_name?.trim()) continue;
      items.push({ itemId, title: item.item_name.trim(), url: itemUrl(itemId) });
    }
  }
  return items;
}
