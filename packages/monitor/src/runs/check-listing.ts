import type { AdapterContext, MarketplaceAdapter, Observation } from '@ocop-monitor/adapters';
import type { ObservationRecorder } from './record-observation.ts';

export interface ListingToCheck {
  id: number;
  marketplace: string;
  itemId: string;
  shopId: string | null;
  url: string;
}

/**
 * One check of one listing in one run: the unit the in-process engine loops over and a BullMQ
 * job runs. Returns the observation it handed to the recorder.
 */
export async function checkListing(
  recorder: ObservationRecorder,
  listing: ListingToCheck,
  adapter: MarketplaceAdapter,
  ctx: AdapterContext,
): Promise<Observation> {
  const ref = { marketplace: listing.marketplace, itemId: listing.itemId, shopId: listing.shopId, url: listing.url };
  const observation = await adapter.check(ref, ctx);
  await recorder.add(listing.id, observation);
  return observation;
}
