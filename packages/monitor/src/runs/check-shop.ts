import {
  type AdapterContext,
  type HttpClient,
  type ListingCard,
  type MarketplaceAdapter,
  type Observation,
  observationSchema,
  type ShopRef,
} from '@ocop-monitor/adapters';
import { type ListingToCheck, observeListing } from './check-listing.ts';
import { eachConcurrently } from './each-concurrently.ts';

/** A shop whose monitored listings one unit of the run checks from its shop pages. */
export interface ShopToCheck {
  marketplace: string;
  shop: ShopRef;
  listings: ListingToCheck[];
}

/** What reading a shop cost and covered; stored per run (`run_shop_reads`). */
export interface ShopRead {
  marketplace: string;
  shopUrl: string;
  listings: number;
  fromCards: number;
  shopPages: number;
  listingPages: number;
  problem: string | null;
}

export interface ShopCheck {
  observations: Array<{ listingId: number; observation: Observation }>;
  read: ShopRead;
}

/** Counts the pages an adapter asks for through `http`. */
function countingHttp(http: HttpClient): { http: HttpClient; count: () => number } {
  let requests = 0;
  return {
    http: {
      get(url, options) {
        requests += 1;
        return http.get(url, options);
      },
    },
    count: () => requests,
  };
}

/**
 * A card stands in for the listing's own page only when it tells what the rules read of a page
 * (DESIGN §4–§5): stock, and the exact sold count where the marketplace counts sales. A card can
 * only say `active`: a listing is never called delisted from a shop page.
 */
export function observationFromCard(
  card: ListingCard,
  listing: ListingToCheck,
  shop: ShopRef,
  adapter: MarketplaceAdapter,
  checkedAt: Date,
): Observation | null {
  if (card.stock !== 'in_stock' && card.stock !== 'out_of_stock') return null;
  const countsSales = adapter.capabilities.soldCount !== 'none';
  if (countsSales && (card.sold === null || card.sold.approximate)) return null;
  const parsed = observationSchema.safeParse({
    marketplace: listing.marketplace,
    itemId: listing.itemId,
    url: listing.url,
    checkedAt: checkedAt.toISOString(),
    verdict: 'active',
    reason: 'listed',
    data: {
      title: card.title,
      price: card.price,
      listPrice: card.listPrice,
      sold: countsSales ? card.sold : null,
      stock: card.stock,
      isOcop: card.isOcop,
      ocopStars: card.ocopStars,
      shop: { id: shop.shopId, name: card.shopName ?? null, url: shop.url },
    },
    evidence: {
      httpStatus: 200,
      finalUrl: shop.url,
      redirects: [],
      matchedRule: `${listing.marketplace}.shop-card`,
      bodySha256: null,
      bytes: 0,
      durationMs: 0,
      retryAfterSeconds: null,
      detail: `read from its card on the shop page ${shop.url}`,
      excerpt: null,
    },
  });
  // A card the schema refuses (no title, a price out of range) says too little: fetch the page.
  return parsed.success ? parsed.data : null;
}

const PAGE_FETCHES_IN_FLIGHT = 4;
const SHOP_READ_ATTEMPTS = 2;

/**
 * One shop of the daily run: its shop pages first (the adapter's `listShop`), then the own page
 * of every listing whose card is missing — to confirm a disappearance or see a move — or says too
 * little. A shop page that fails (blocked, 5xx, a redesign without cards) only means more page
 * fetches: the verdicts are then exactly those of listing-by-listing checks.
 */
export async function checkShop(
  unit: ShopToCheck,
  adapter: MarketplaceAdapter,
  ctx: AdapterContext & { now: () => Date },
): Promise<ShopCheck> {
  const counter = countingHttp(ctx.http);
  const counted = { ...ctx, http: counter.http };
  const wanted = new Map(unit.listings.map((listing) => [listing.itemId, listing]));
  const observations: ShopCheck['observations'] = [];
  let problem: string | null = null;
  // A shop page that failed once (a reset, a 5xx, a challenge) is read once more before each of
  // its listings costs a page of its own; the polite client spaces and pauses these as any request.
  for (let attempt = 1; attempt <= SHOP_READ_ATTEMPTS && wanted.size > 0; attempt += 1) {
    try {
      if (!adapter.listShop) throw new Error(`${adapter.id} cannot list shops`);
      for await (const card of adapter.listShop(unit.shop, counted)) {
        const listing = wanted.get(card.ref.itemId);
        const observation = listing && observationFromCard(card, listing, unit.shop, adapter, ctx.now());
        if (!listing || !observation) continue;
        observations.push({ listingId: listing.id, observation });
        wanted.delete(card.ref.itemId);
        if (wanted.size === 0) break; // every monitored listing seen: later pages are not needed
      }
      problem = null;
      break;
    } catch (error) {
      problem = error instanceof Error ? error.message : String(error);
      ctx.logger?.warn({ shop: unit.shop.url, attempt, problem }, 'shop page not read');
    }
  }
  const shopPages = counter.count();
  const rest = [...wanted.values()];
  await eachConcurrently(rest, PAGE_FETCHES_IN_FLIGHT, async (listing) => {
    observations.push({ listingId: listing.id, observation: await observeListing(listing, adapter, counted) });
  });
  return {
    observations,
    read: {
      marketplace: unit.marketplace,
      shopUrl: unit.shop.url,
      listings: unit.listings.length,
      fromCards: unit.listings.length - rest.length,
      shopPages,
      listingPages: counter.count() - shopPages,
      problem,
    },
  };
}
