import type { SellerMarketplace } from './world/seller-shops.ts';
import type { Listing, MarketplaceKind, RemovalMode, RemovalReason, World } from './world/types.ts';

/** What is really true of one listing: what tests and the demo measure detection against. */
export interface ListingTruth {
  /** `shopee`, `lazada`, `tiktok`: an item of a producer's shop there (open-platforms/seller-world.ts). */
  marketplace: MarketplaceKind | SellerMarketplace;
  itemId: string;
  url: string;
  productId: string;
  /** The day the seller put it on sale (negative: before day 0). */
  listedOnDay: number;
  onSale: boolean;
  removedOnDay: number | null;
  removalReason: RemovalReason | null;
  removalMode: RemovalMode | null;
  sold: number;
  lastSaleDay: number | null;
  inStock: boolean;
  /** First day of the current out-of-stock spell (null while in stock). */
  outOfStockSinceDay: number | null;
  knownToProvince: boolean;
}

export interface Truth {
  day: number;
  date: string;
  listings: ListingTruth[];
}

export type UrlOf = (listing: Listing) => string;

function dateOfDay(world: World, day = world.day): string {
  const date = new Date(`${world.startDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + day);
  return date.toISOString().slice(0, 10);
}

export function truthOf(world: World, urlOf: UrlOf): Truth {
  return {
    day: world.day,
    date: dateOfDay(world),
    listings: world.listings
      .filter((listing) => listing.listedOnDay <= world.day)
      .map((listing) => ({
        marketplace: listing.marketplace,
        itemId: listing.itemId,
        url: urlOf(listing),
        productId: listing.productId,
        listedOnDay: listing.listedOnDay,
        onSale: listing.removedOnDay === null,
        removedOnDay: listing.removedOnDay,
        removalReason: listing.removalReason,
        removalMode: listing.removalMode,
        sold: listing.sold,
        lastSaleDay: listing.lastSaleDay,
        inStock: listing.inStock,
        outOfStockSinceDay: listing.outOfStockSinceDay,
        knownToProvince: listing.knownToProvince,
      })),
  };
}
