import type { SellerItemState, SimulatedShopItem } from '../world/seller-shops.ts';
import type { World } from '../world/types.ts';
import { type SimulatedLazadaItem, startLazadaOpenPlatform } from './lazada.ts';
import { sellerShopsOf } from './seller-world.ts';

export interface LazadaWorldOptions {
  seed: number;
  appKey: string;
  appSecret: string;
  /** The app's registered callback: every consent goes back there. */
  callbackUrl?: string;
  /** The platform's clock: the demo's simulated time, so that tokens age between runs. */
  now: () => Date;
}

/** Lazada's words for each state (GetProductItem `status`). */
const STATUS: Record<SellerItemState, string> = {
  on_sale: 'Active',
  hidden: 'InActive',
  under_review: 'Pending QC',
  banned: 'Suspended',
  deleted: 'Deleted',
};

const asPlatformItem = (item: SimulatedShopItem): SimulatedLazadaItem => ({
  itemId: Number(item.itemId),
  name: item.title,
  status: STATUS[item.state],
  // A deleted item keeps no variant; the others one, its stock a few dozen or none.
  skus:
    item.state === 'deleted'
      ? []
      : [
          {
            status: item.state === 'on_sale' ? 'active' : 'inactive',
            price: item.price,
            quantity: item.inStock ? 20 + (Number(item.itemId) % 40) : 0,
          },
        ],
});

/**
 * The world's producers' Lazada shops and Lazada's open platform over them, as `startShopeeWorld`
 * does for Shopee. Lazada's record has no sales count: zero sales stays undecidable for these
 * listings. Buyer pages on its host answer with the "punish" captcha (blocked).
 */
export async function startLazadaWorld(world: World, options: LazadaWorldOptions) {
  const record: Record<string, SimulatedLazadaItem[]> = {};
  const platform = await startLazadaOpenPlatform({
    appKey: options.appKey,
    appSecret: options.appSecret,
    sellers: record,
    now: options.now,
    ...(options.callbackUrl ? { callbackUrl: options.callbackUrl } : {}),
    callsPerSecond: 10_000,
  });
  const shops = sellerShopsOf(world, {
    marketplace: 'lazada',
    seed: options.seed,
    urlOf: (_shop, item) => `${platform.url}/products/${item.slug}-i${item.itemId}.html`,
    publish: (all) => {
      for (const shop of all) record[shop.shopId] = shop.items.map(asPlatformItem);
    },
  });
  return { ...shops, platform, close: () => platform.close() };
}
export type LazadaWorld = Awaited<ReturnType<typeof startLazadaWorld>>;
