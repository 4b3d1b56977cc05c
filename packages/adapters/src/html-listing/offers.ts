import type { Stock } from '../observation.ts';
import { stockOfText } from '../text/stock-words.ts';

/** One schema.org Offer of a JSON-LD Product. */
export type JsonLdOffer = Record<string, unknown>;

/** Every offer of a product: a single Offer, a list, an AggregateOffer and the offers it holds. */
export function offersOf(product: Record<string, unknown> | undefined): JsonLdOffer[] {
  const found: JsonLdOffer[] = [];
  const visit = (node: unknown, depth: number) => {
    if (depth > 3 || node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const item of node) visit(item, depth + 1);
      return;
    }
    const offer = node as JsonLdOffer;
    found.push(offer);
    if (offer.offers) visit(offer.offers, depth + 1);
  };
  visit(product?.offers, 0);
  return found;
}

/** A price of 0 is no price: "Liên hệ" pages put 0 there. */
function priceOf(offer: JsonLdOffer | undefined, field: 'price' | 'lowPrice' = 'price'): number | null {
  const price = offer?.[field];
  const value =
    typeof price === 'number' ? price : typeof price === 'string' && /^\d+(?:\.\d+)?$/u.test(price) ? Number(price) : 0;
  return value > 0 ? Math.round(value) : null;
}

/** schema.org availability, e.g. "https://schema.org/OutOfStock" → "OutOfStock". */
function availabilityOf(offer: JsonLdOffer): string | null {
  const value = offer.availability;
  return typeof value === 'string' ? (value.split('/').pop() ?? null) : null;
}

// Availabilities a buyer can order now or later (schema.org ItemAvailability).
const ORDERABLE = new Set([
  'InStock',
  'LimitedAvailability',
  'OnlineOnly',
  'InStoreOnly',
  'PreOrder',
  'PreSale',
  'BackOrder',
]);
const NOT_ORDERABLE = new Set(['OutOfStock', 'SoldOut', 'Discontinued']);

/**
 * What the offers say together: on sale when any offer or size is, out of stock only when every one
 * is, discontinued only when every one is; `null` when the offers do not say.
 */
export function offersAvailability(
  offers: readonly JsonLdOffer[],
): 'orderable' | 'out_of_stock' | 'discontinued' | null {
  const all = offers.map(availabilityOf).filter((value): value is string => value !== null);
  if (all.some((value) => ORDERABLE.has(value))) return 'orderable';
  if (all.length === 0 || !all.every((value) => NOT_ORDERABLE.has(value))) return null;
  return all.every((value) => value === 'Discontinued') ? 'discontinued' : 'out_of_stock';
}

export function stockFrom(availability: ReturnType<typeof offersAvailability>, stockText: string | null): Stock {
  if (availability === 'orderable') return 'in_stock';
  if (availability === 'out_of_stock') return 'out_of_stock';
  return stockText ? stockOfText(stockText) : 'unknown';
}

/**
 * The price a buyer of this listing pays: the offer whose address is the listing's own, else the
 * lowest price of the offers on sale, else the lowest of all (an AggregateOffer's `lowPrice`).
 */
export function offersPrice(offers: readonly JsonLdOffer[], listingPath: string | null): number | null {
  const named = listingPath
    ? offers.find(
        (offer) =>
          typeof offer.url === 'string' &&
          URL.canParse(offer.url, 'http://x') &&
          new URL(offer.url, 'http://x').pathname === listingPath,
      )
    : undefined;
  if (named && priceOf(named) !== null) return priceOf(named);
  const lowest = (list: readonly JsonLdOffer[]) => {
    const prices = list
      .flatMap((offer) => [priceOf(offer), priceOf(offer, 'lowPrice')])
      .filter((p): p is number => p !== null);
    return prices.length ? Math.min(...prices) : null;
  };
  const onSale = offers.filter((offer) => ORDERABLE.has(availabilityOf(offer) ?? ''));
  return lowest(onSale) ?? lowest(offers);
}
