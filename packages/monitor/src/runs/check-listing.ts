import type { AdapterContext, MarketplaceAdapter, Observation } from '@ocop-monitor/adapters';
import type { Database } from '../store/open-store.ts';
import { recordObservation } from './record-observation.ts';

export interface ListingToCheck {
  id: number;
  marketplace: string;
  itemId: string;
  shopId: string | null;
  url: string;
}

/**
 * One check of one listing in one run: the unit the in-process engine loops over and a BullMQ
 * job runs. Returns the observation it recorded.
 */
export async function checkListing(
  db: Database,
  runId: number,
  listing: ListingToCheck,
  adapter: MarketplaceAdapter,
  ctx: AdapterContext,
): Promise<Observation> {
  const ref = { marketplace: listing.marketplace, itemId: listing.itemId, shopId: listing.shopId, url: listing.url };
  const observation = await adapter.check(ref, ctx);
  await recordObservation(db, runId, listing.id, observation);
  return observation;
}
