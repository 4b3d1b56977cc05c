import type { SellerItemState, SimulatedShopItem } from '../world/seller-shops.ts';
import type { World } from '../world/types.ts';
import { sellerShopsOf } from './seller-world.ts';
import { type SimulatedShopeeItem, startShopeeOpenPlatform } from './shopee.ts';

export interface ShopeeWorldOptions {
  seed: number;
  partnerId: number;
  partnerKey: string;
  /** The platform's clock: the demo's simulated time, so that access tokens expire between runs. */
  now: () => Date;
}

/** Shopee's words for each state (get_item_base_info `item_status`). */
const STATUS: Record<SellerItemState, string> = {
  on_sale: 'NORMAL',
  hidden: 'UNLIST',
  under_review: 'REVIEWING',
  banned: 'BANNED',
  deleted: 'SELLER_DELETE',
};

const asPlatformItem = (item: SimulatedShopItem): SimulatedShopeeItem => ({
  itemId: Number(item.itemId),
  name: item.title,
  status: STATUS[item.state],
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
  const record: Record<string, SimulatedShopeeItem[]> = {};
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
  const shops = sellerShopsOf(world, {
    marketplace: 'shopee',
    seed: options.seed,
    urlOf: (shop, item) => `${platform.url}/${item.slug}-i.${shop.shopId}.${item.itemId}`,
    publish: (all) => {
      for (const shop of all) record[shop.shopId] = shop.items.map(asPlatformItem);
    },
  });
  return { ...shops, platform, close: () => platform.close() };
}
export type ShopeeWorld = Awaited<ReturnType<typeof startShopeeWorld>>;
