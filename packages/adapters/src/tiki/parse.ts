import { z } from 'zod';
import type { PageReading } from '../check-page.ts';
import type { Stock } from '../observation.ts';
import { toNfc } from '../text/normalize.ts';
import { parseSoldCount } from '../text/sold-count.ts';

const offerId = z.union([z.string(), z.number()]).transform(String);

/** The fields of `GET /api/v2/products/{id}` the verdict needs (MARKETPLACES.md, seen 2021 and 2025). */
const tikiProductSchema = z.looseObject({
  id: z.number().int(),
  name: z.string().min(1),
  price: z.number().nonnegative(),
  list_price: z.number().nonnegative().nullish(),
  inventory_status: z.string().nullish(),
  quantity_sold: z.object({ value: z.number().int().nonnegative().nullish(), text: z.string().nullish() }).nullish(),
  stock_item: z.object({ qty: z.number().nullish() }).nullish(),
  current_seller: z
    .looseObject({
      id: z.number().int(),
      store_id: z.number().int().nullish(),
      name: z.string().nullish(),
      // Seen 2025: the seller's offer id, the listing's `spid`.
      product_id: offerId.nullish(),
    })
    .nullish(),
  // Sizes or colours: each its own offer id (`id`), stock and price (seen 2021 and 2025).
  configurable_products: z
    .array(
      z.looseObject({
        id: offerId,
        inventory_status: z.string().nullish(),
        price: z.number().nonnegative().nullish(),
      }),
    )
    .nullish(),
  // Other sellers' offers of the same product (an empty list in the 2025 capture; the shape is likely).
  other_sellers: z
    .array(z.looseObject({ product_id: offerId.nullish(), price: z.number().nonnegative().nullish() }))
    .nullish(),
});
type TikiProduct = z.infer<typeof tikiProductSchema>;

/**
 * Tiki's own removal states; any other inventory_status means the product is still listed.
 * Likely, never seen (only `available` was captured): the rule is assumed.
 */
const REMOVED_STATUSES = new Set(['discontinued']);

const stockOfStatus = (status: string | null | undefined): Stock =>
  status === 'available' ? 'in_stock' : status === 'out_of_stock' ? 'out_of_stock' : 'unknown';

/** On sale when any size is, out of stock only when every size is (a product sold in several sizes). */
function stockOf(product: TikiProduct): Stock {
  const sizes = (product.configurable_products ?? []).map((size) => stockOfStatus(size.inventory_status));
  if (sizes.includes('in_stock')) return 'in_stock';
  if (sizes.length > 0 && sizes.every((stock) => stock === 'out_of_stock')) return 'out_of_stock';
  const stock = stockOfStatus(product.inventory_status);
  // "available" beside a quantity of 0 contradicts itself: neither is taken.
  return stock === 'in_stock' && product.stock_item?.qty === 0 ? 'unknown' : stock;
}

/** A price of 0 is no price ("Liên hệ"): never read as 0 ₫. */
const priceOrNull = (price: number | null | undefined) => (price ? Math.round(price) : null);

/**
 * Where the listing's own seller offer (`spid`) is in the answer: the offer shown, one of its sizes,
 * or another seller's list. Null when the answer shows none of it: our offer is gone, whatever
 * else is on sale. A listing without spid (an old reference) is the product's own answer.
 */
function ownOffer(product: TikiProduct, spid: string | null): { price: number | null; stock: Stock } | null {
  // A product in sizes is on sale while any size is (DESIGN §4, offers): its stock is the product's.
  if (spid === null || String(product.current_seller?.product_id ?? '') === spid)
    return { price: priceOrNull(product.price), stock: stockOf(product) };
  const size = product.configurable_products?.find((offer) => String(offer.id) === spid);
  if (size) return { price: priceOrNull(size.price ?? product.price), stock: stockOf(product) };
  const other = product.other_sellers?.find((offer) => offer.product_id === spid);
  return other ? { price: priceOrNull(other.price), stock: 'unknown' } : null;
}

/** Reads a Tiki product API answer for listing `itemId`, seller offer `spid`. */
export function readTikiProduct(body: string, itemId: string, spid: string | null = null): PageReading {
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
  const offer = ownOffer(product, spid);
  if (!offer) {
    // MARKETPLACES.md (seen 2025): the answer shows another seller's offer; ours is not on sale there.
    const shown = product.current_seller?.product_id ?? 'none';
    return {
      verdict: 'delisted',
      reason: 'marketplace_state',
      rule: 'tiki.seller-offer-gone',
      provenance: 'assumed',
      detail: `the answer shows offer ${shown} of ${product.current_seller?.name ?? 'another seller'}, not the listing's offer ${spid}`,
    };
  }
  const sold = product.quantity_sold;
  const soldText = sold?.text ?? null;
  return {
    verdict: 'active',
    rule: 'tiki.api',
    data: {
      title: toNfc(product.name).trim(),
      price: offer.price,
      listPrice: priceOrNull(product.list_price),
      // `value` is exact; `text` is the rounded label ("Đã bán 1k+") shown to buyers.
      sold:
        typeof sold?.value === 'number'
          ? { value: sold.value, approximate: false, raw: soldText ?? String(sold.value) }
          : soldText
            ? parseSoldCount(soldText)
            : null,
      stock: offer.stock,
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
