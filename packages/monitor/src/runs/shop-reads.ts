import { sql } from 'drizzle-orm';
import type { Database } from '../store/open-store.ts';
import { queryRows } from '../store/query-rows.ts';
import { runShopReads } from '../store/schema.ts';
import type { ShopRead } from './check-shop.ts';

/**
 * Stores what reading shops cost in a run. Reading a shop again in the same run (a retried job, a
 * resumed run) adds its pages — the marketplace served them twice — and keeps the latest coverage.
 */
export async function recordShopReads(db: Database, runId: number, reads: readonly ShopRead[]): Promise<void> {
  if (reads.length === 0) return;
  await db
    .insert(runShopReads)
    .values(reads.map((read) => ({ runId, ...read })))
    .onConflictDoUpdate({
      target: [runShopReads.runId, runShopReads.marketplace, runShopReads.shopUrl],
      set: {
        listings: sql`excluded.listings`,
        fromCards: sql`excluded.from_cards`,
        shopPages: sql`${runShopReads.shopPages} + excluded.shop_pages`,
        listingPages: sql`${runShopReads.listingPages} + excluded.listing_pages`,
        problem: sql`excluded.problem`,
      },
    });
}

/** Requests per listing, over a run or over its large shops. */
export interface RequestShare {
  listings: number;
  requests: number;
  requestsPerListing: number;
}

/** What a run asked of the marketplaces (pages asked for; the HTTP client's own retries aside). */
export interface RunRequests extends RequestShare {
  /** Shops read from their shop pages, and the listings their cards stood in for. */
  shops: number;
  fromCards: number;
  /** Shops with at least `LARGE_SHOP` monitored listings: where batching pays most. */
  largeShops: RequestShare & { shops: number };
}

export const LARGE_SHOP = 10;

/** Requests per listing, to two decimals (0 for no listing). */
export const requestShare = (requests: number, listings: number): RequestShare => ({
  listings,
  requests,
  requestsPerListing: listings ? Math.round((requests / listings) * 100) / 100 : 0,
});

type TotalColumn =
  | 'listings'
  | 'listing_pages'
  | 'shop_pages'
  | 'shops'
  | 'from_cards'
  | 'large_shops'
  | 'large_listings'
  | 'large_requests';

/** Every listing page fetched is an observation not read from a card; shop pages are counted apart. */
export async function runRequests(db: Database, runId: number): Promise<RunRequests> {
  const [row] = await queryRows<Record<TotalColumn, number>>(
    db,
    sql`
    select (select count(*)::int from observations where run_id = ${runId}) as listings,
           (select count(*)::int from observations where run_id = ${runId}
              and coalesce(evidence->>'matchedRule', '') not like '%.shop-card') as listing_pages,
           coalesce(sum(shop_pages), 0)::int as shop_pages,
           count(*)::int as shops,
           coalesce(sum(from_cards), 0)::int as from_cards,
           count(*) filter (where listings >= ${LARGE_SHOP})::int as large_shops,
           coalesce(sum(listings) filter (where listings >= ${LARGE_SHOP}), 0)::int as large_listings,
           coalesce(sum(shop_pages + listing_pages) filter (where listings >= ${LARGE_SHOP}), 0)::int as large_requests
    from run_shop_reads where run_id = ${runId}`,
  );
  if (!row) throw new Error('run_shop_reads totals returned no row');
  return {
    ...requestShare(row.listing_pages + row.shop_pages, row.listings),
    shops: row.shops,
    fromCards: row.from_cards,
    largeShops: { shops: row.large_shops, ...requestShare(row.large_requests, row.large_listings) },
  };
}
