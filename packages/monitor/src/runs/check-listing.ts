import type { AdapterContext, ListingRef, MarketplaceAdapter, Observation } from '@ocop-monitor/adapters';

export interface ListingToCheck {
  id: number;
  marketplace: string;
  itemId: string;
  shopId: string | null;
  url: string;
  /** The shop page its own page last linked to (shop-page batching groups by it). */
  shopUrl?: string | null;
}

function refOf(listing: Pick<ListingToCheck, 'marketplace' | 'itemId' | 'shopId' | 'url'>): ListingRef {
  return { marketplace: listing.marketplace, itemId: listing.itemId, shopId: listing.shopId, url: listing.url };
}

/**
 * One check of one listing: the unit the in-process engine loops over and a BullMQ job runs.
 * Recording is the caller's (a batch in-process; one upsert per job in a worker).
 */
export function observeListing(
  listing: ListingToCheck,
  adapter: MarketplaceAdapter,
  ctx: AdapterContext,
): Promise<Observation> {
  return adapter.check(refOf(listing), ctx);
}
