import type { WorldOptions } from '../options.ts';
import type { Random } from '../random.ts';
import { createListing } from './listing-factory.ts';
import {
  type Listing,
  MARKETPLACE_KINDS,
  type MarketplaceKind,
  type RemovalMode,
  type RemovalReason,
  type World,
} from './types.ts';

/** How each marketplace removes a listing (MARKETPLACES.md): its own mix of 404, state, message, redirect. */
const REMOVAL_MODES: Record<MarketplaceKind, ReadonlyArray<readonly [RemovalMode, number]>> = {
  voso: [
    ['http404', 40],
    ['state', 40],
    ['redirect_home', 20],
  ],
  postmart: [
    ['message', 50],
    ['http404', 30],
    ['redirect_home', 20],
  ],
  floor: [
    ['message', 60],
    ['http404', 40],
  ],
  tiki: [
    ['http404', 45],
    ['state', 35],
    ['other_seller', 20],
  ],
};

function remove(random: Random, listing: Listing, day: number, reason: RemovalReason): void {
  listing.removedOnDay = day;
  listing.removalReason = reason;
  listing.removalMode = random.weighted(REMOVAL_MODES[listing.marketplace]);
}

function simulateListing(random: Random, listing: Listing, day: number, options: WorldOptions): void {
  if (listing.removedOnDay !== null || listing.listedOnDay > day) return;
  const selling = listing.salesRate > 0 && (listing.stopsSellingOnDay === null || day < listing.stopsSellingOnDay);
  if (selling && listing.inStock) {
    const sales = random.poisson(listing.salesRate);
    if (sales > 0) {
      listing.sold += sales;
      listing.lastSaleDay = day;
    }
  }
  const wasInStock = listing.inStock;
  if (listing.inStock) listing.inStock = !random.chance(0.012);
  else listing.inStock = random.chance(0.2);
  if (listing.inStock) listing.outOfStockSinceDay = null;
  else if (wasInStock) listing.outOfStockSinceDay = day;
  const lastActivity = listing.lastSaleDay ?? listing.listedOnDay;
  if (day - lastActivity >= options.delistAfterDaysWithoutSales[listing.marketplace]) {
    remove(random, listing, day, 'no_transactions');
  } else if (random.chance(options.otherRemovalsPerDay)) {
    remove(random, listing, day, random.chance(0.5) ? 'policy' : 'seller');
  }
}

/** Producers now and then put a product on one more marketplace. */
function addListings(random: Random, world: World, day: number, options: WorldOptions): void {
  const byProduct = new Map<string, Set<MarketplaceKind>>();
  for (const listing of world.listings) {
    const set = byProduct.get(listing.productId) ?? new Set<MarketplaceKind>();
    set.add(listing.marketplace);
    byProduct.set(listing.productId, set);
  }
  const producers = new Map(world.producers.map((producer) => [producer.id, producer]));
  const serials = new Map<MarketplaceKind, number>();
  for (const kind of MARKETPLACE_KINDS) serials.set(kind, world.listings.filter((l) => l.marketplace === kind).length);
  for (const product of world.products) {
    const used = byProduct.get(product.id) ?? new Set<MarketplaceKind>();
    if (used.size >= 3 || !random.chance(0.002)) continue;
    const marketplace = random.pick(MARKETPLACE_KINDS.filter((kind) => !used.has(kind)));
    const serial = (serials.get(marketplace) ?? 0) + 1;
    serials.set(marketplace, serial);
    const producer = producers.get(product.producerId);
    world.listings.push(createListing(random, { product, producer, marketplace, serial, day, options }));
  }
}

/** One simulated day: sales, stock, producers' new listings and the marketplaces' delistings. */
export function advanceDay(random: Random, world: World, options: WorldOptions): void {
  world.day += 1;
  for (const listing of world.listings) simulateListing(random, listing, world.day, options);
  addListings(random, world, world.day, options);
}
