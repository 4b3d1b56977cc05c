import { Random } from '../random.ts';
import type { ListingTruth } from '../truth.ts';
import {
  advanceShopeeShops,
  generateShopeeShops,
  type ShopeeShop,
  type ShopeeShopItem,
} from '../world/shopee-shops.ts';
import type { World } from '../world/types.ts';
import { type SimulatedShopeeItem, startShopeeOpenPlatform } from './shopee.ts';

export interface ShopeeWorldOptions {
  seed: number;
  partnerId: number;
  partnerKey: string;
  /** The platform's clock: the demo's simulated time, so that access tokens expire between runs. */
  now: () => Date;
}

const asPlatformItem = (item: ShopeeShopItem): SimulatedShopeeItem => ({
  itemId: Number(item.itemId),
  name: item.title,
  status: item.status,
  price: item.price,
  // A restocked item holds a few dozen; an item out of stock none.
  stock: item.inStock ? 20 + (Number(item.itemId) % 40) : 0,
  sale: item.sold,
});

/**
 * The world's producers' Shopee shops and Shopee's open platform over them: their items change
 * day by day like every listing (sales, stock, deleted, hidden, banned, under review), the
 * platform answers from that record, and `truth` says what is really so of each item. Buyer pages
 * on its host answer as Shopee's do to plain HTTP (blocked).
 */
export async function startShopeeWorld(world: World, options: ShopeeWorldOptions) {
  // Its own stream: the marketplaces' listings are what the seed always gave.
  const random = new Random(options.seed * 7_919 + 30);
  const shops: ShopeeShop[] = generateShopeeShops(random, world);
  const record: Record<string, SimulatedShopeeItem[]> = {};
  const publish = () => {
    for (const shop of shops) record[shop.shopId] = shop.items.map(asPlatformItem);
  };
  publish();
  const platform = await startShopeeOpenPlatform({
    partnerId: options.partnerId,
    partnerKey: options.partnerKey,
    shops: record,
    now: options.now,
    // The demo reads a shop's items side by side with no pause: a limit per wall-clock second would
    // refuse some on a fast machine and not on a slow one, and the figures would vary. Pacing is
    // tested against the platform's limit on its own (test/seller-shopee.test.ts).
    callsPerSecond: 10_000,
  });
  let day = world.day;
  const urlOf = (shop: ShopeeShop, item: ShopeeShopItem) =>
    `${platform.url}/${item.slug}-i.${shop.shopId}.${item.itemId}`;
  return {
    platform,
    shops: shops as readonly ShopeeShop[],
    urlOf,
    /** Brings the shops to the world's day. */
    catchUp() {
      while (day < world.day) {
        day += 1;
        advanceShopeeShops(random, shops, day);
      }
      publish();
    },
    /** What is really so of every item on sale by now, as the marketplaces' listings' truth. */
    truth(): ListingTruth[] {
      return shops.flatMap((shop) =>
        shop.items.map((item) => ({
          marketplace: 'shopee' as const,
          itemId: item.itemId,
          url: urlOf(shop, item),
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
            return [product?.nationalId ?? '', product?.localCode ?? '', urlOf(shop, item)];
          }),
      );
    },
    close: () => platform.close(),
  };
}
export type ShopeeWorld = Awaited<ReturnType<typeof startShopeeWorld>>;
