import { Random } from '../random.ts';
import type { ListingTruth } from '../truth.ts';
import {
  advanceSellerShops,
  generateSellerShops,
  type SellerMarketplace,
  type SimulatedShop,
  type SimulatedShopItem,
} from '../world/seller-shops.ts';
import type { World } from '../world/types.ts';

// Each marketplace's shops draw from a stream of their own (Shopee's is the one it always had).
const STREAM: Record<SellerMarketplace, number> = { shopee: 30, lazada: 31, tiktok: 32 };

/**
 * The world's producers' shops on one open-platform marketplace, day by day: `publish` writes the
 * items into the simulated platform's record after each change, `urlOf` is an item's buyer address.
 * What is really so of each item (`truth`) is scored like every listing's.
 */
export function sellerShopsOf(
  world: World,
  input: {
    marketplace: SellerMarketplace;
    seed: number;
    urlOf: (shop: SimulatedShop, item: SimulatedShopItem) => string;
    publish: (shops: readonly SimulatedShop[]) => void;
  },
) {
  const random = new Random(input.seed * 7_919 + STREAM[input.marketplace]);
  const shops = generateSellerShops(random, world, input.marketplace);
  input.publish(shops);
  let day = world.day;
  return {
    shops: shops as readonly SimulatedShop[],
    urlOf: input.urlOf,
    /** Brings the shops to the world's day. */
    catchUp() {
      while (day < world.day) {
        day += 1;
        advanceSellerShops(random, shops, day);
      }
      input.publish(shops);
    },
    /** What is really so of every item by now, as the marketplaces' listings' truth. */
    truth(): ListingTruth[] {
      return shops.flatMap((shop) =>
        shop.items.map((item) => ({
          marketplace: input.marketplace,
          itemId: item.itemId,
          url: input.urlOf(shop, item),
          productId: item.productId,
          listedOnDay: item.listedOnDay,
          onSale: item.removedOnDay === null,
          removedOnDay: item.removedOnDay,
          removalReason: item.removalReason,
          removalMode: null,
          sold: item.sold,
          lastSaleDay: item.lastSaleDay,
          inStock: item.inStock,
          outOfStockSinceDay: item.outOfStockSinceDay,
          knownToProvince: item.knownToProvince,
        })),
      );
    },
    /** Registry rows (national id, local code, address) of the items the province knows. */
    listingRows(): string[][] {
      const products = new Map(world.products.map((product) => [product.id, product]));
      return shops.flatMap((shop) =>
        shop.items
          .filter((item) => item.knownToProvince)
          .map((item) => {
            const product = products.get(item.productId);
            return [product?.nationalId ?? '', product?.localCode ?? '', input.urlOf(shop, item)];
          }),
      );
    },
  };
}
export type SellerShops = ReturnType<typeof sellerShopsOf>;
