import { z } from 'zod';
import type { PageReading } from '../check-page.ts';
import { toNfc } from '../text/normalize.ts';
import { parseSoldCount } from '../text/sold-count.ts';

/** The fields of `GET /api/v2/products/{id}` the verdict needs (MARKETPLACES.md, seen). */
const tikiProductSchema = z.looseObject({
  id: z.number().int(),
  name: z.string().min(1),
  price: z.number().nonnegative(),
  list_price: z.number().nonnegative().nullish(),
  inventory_status: z.string().nullish(),
  quantity_sold: z.object({ value: z.number().int().nonnegative().nullish(), text: z.string().nullish() }).nullish(),
  stock_item: z.object({ qty: z.number().nullish() }).nullish(),
  current_seller: z
    .object({ id: z.number().int(), store_id: z.number().int().nullish(), name: z.string().nullish() })
    .nullish(),
});

/**
 * Tiki's own removal states; any other inventory_status means the product is still listed.
 * Likely, never seen (only `available` was captured): the rule is assumed.
 */
const REMOVED_STATUSES = new Set(['discontinued']);

/** Reads a Tiki product API answer (status 200). */
export function readTikiProduct(body: string, itemId: string): PageReading {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { verdict: 'unknown', reason: 'parse_failed', rule: 'tiki.not-json' };
  }
  const parsed = tikiProductSchema.safeParse(json);
  if (!parsed.success) {
    return { verdict: 'unknown', reason: 'parse_failed', rule: 'tiki.schema', detail: parsed.error.message };
  }
  const product = parsed.data;
  if (String(product.id) !== itemId) {
    return { verdict: 'unknown', reason: 'unexpected', rule: 'tiki.other-product', detail: `answer is ${product.id}` };
  }
  const status = product.inventory_status ?? null;
  if (status && REMOVED_STATUSES.has(status)) {
    return {
      verdict: 'delisted',
      reason: 'marketplace_state',
      rule: `tiki.inventory_status=${status}`,
      provenance: 'assumed',
    };
  }
  const sold = product.quantity_sold;
  const soldText = sold?.text ?? null;
  return {
    verdict: 'active',
    rule: 'tiki.api',
    data: {
      title: toNfc(product.name).trim(),
      price: Math.round(product.price),
      listPrice: product.list_price ? Math.round(product.list_price) : null,
      // `value` is exact; `text` is the rounded label ("Đã bán 1k+") shown to buyers.
      sold:
        typeof sold?.value === 'number'
          ? { value: sold.value, approximate: false, raw: soldText ?? String(sold.value) }
          : soldText
            ? parseSoldCount(soldText)
            : null,
      stock: status === 'available' ? 'in_stock' : status === 'out_of_stock' ? 'out_of_stock' : 'unknown',
      isOcop: null,
      ocopStars: null,
      shop: product.current_seller
        ? {
            id: String(product.current_seller.store_id ?? product.current_seller.id),
            name: product.current_seller.name ?? null,
          }
        : null,
    },
  };
}
