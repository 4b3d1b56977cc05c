import type { MarketplaceAdapter } from '@ocop-monitor/adapters';
import type { MonitorConfig } from '../config.ts';
import type { ListingToCheck } from './check-listing.ts';
import type { ShopToCheck } from './check-shop.ts';

/** A run's work: shops read from their shop pages, and listings checked on their own page. */
export interface CheckPlan {
  shops: ShopToCheck[];
  listings: ListingToCheck[];
}

/**
 * Splits the listings a run must check into shop units and single checks. A listing joins its
 * shop's unit when its marketplace's cards stand in for pages, its own page named its shop, and
 * the shop has at least `minListings` listings to check (below that a shop page saves nothing).
 */
export function planChecks(
  todo: readonly ListingToCheck[],
  adapters: ReadonlyMap<string, MarketplaceAdapter>,
  batching: MonitorConfig['shopBatching'],
): CheckPlan {
  const plan: CheckPlan = { shops: [], listings: [] };
  const byShop = new Map<string, ShopToCheck>();
  for (const listing of todo) {
    const adapter = adapters.get(listing.marketplace);
    const shop =
      batching.enabled && adapter?.capabilities.cardsStandIn && listing.shopUrl
        ? (adapter.parseShopRef?.(listing.shopUrl) ?? null)
        : null;
    if (!shop) {
      plan.listings.push(listing);
      continue;
    }
    const key = `${listing.marketplace} ${shop.url}`;
    const unit = byShop.get(key) ?? { marketplace: listing.marketplace, shop, listings: [] };
    unit.listings.push(listing);
    byShop.set(key, unit);
  }
  for (const unit of byShop.values()) {
    if (unit.listings.length >= batching.minListings) plan.shops.push(unit);
    else plan.listings.push(...unit.listings);
  }
  return plan;
}
