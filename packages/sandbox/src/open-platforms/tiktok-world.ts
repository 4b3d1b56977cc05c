import type { SellerItemState, SimulatedShopItem } from '../world/seller-shops.ts';
import type { World } from '../world/types.ts';
import { sellerShopsOf } from './seller-world.ts';
import { type SimulatedTiktokProduct, startTiktokOpenPlatform } from './tiktok.ts';

export interface TiktokWorldOptions {
  seed: number;
  appKey: string;
  appSecret: string;
  serviceId: string;
  /** The redirect address registered with the app: every consent goes back there. */
  redirectUrl: string;
  /** The platform's clock: the demo's simulated time, so that tokens age between runs. */
  now: () => Date;
}

/** TikTok Shop's words for each state (Get Product `status`). */
const STATUS: Record<SellerItemState, string> = {
  on_sale: 'ACTIVATE',
  hidden: 'SELLER_DEACTIVATED',
  under_review: 'PENDING',
  banned: 'PLATFORM_DEACTIVATED',
  deleted: 'DELETED',
};

const asPlatformProduct = (item: SimulatedShopItem): SimulatedTiktokProduct => ({
  productId: item.itemId,
  title: item.title,
  status: STATUS[item.state],
  price: item.price,
  stock: [item.inStock ? 20 + (Number(item.itemId.slice(-6)) % 40) : 0],
});

/**
 * The world's producers' TikTok Shop shops and the Partner API over them, as `startShopeeWorld`
 * does for Shopee. The product record has no sales count: zero sales stays undecidable for these
 * listings. Buyer pages on its host answer "not for sale in the region" (blocked).
 */
export async function startTiktokWorld(world: World, options: TiktokWorldOptions) {
  const record: Record<string, SimulatedTiktokProduct[]> = {};
  const platform = await startTiktokOpenPlatform({
    appKey: options.appKey,
    appSecret: options.appSecret,
    serviceId: options.serviceId,
    redirectUrl: options.redirectUrl,
    shops: record,
    now: options.now,
    callsPerSecond: 10_000,
  });
  const shops = sellerShopsOf(world, {
    marketplace: 'tiktok',
    seed: options.seed,
    urlOf: (_shop, item) => `${platform.url}/view/product/${item.itemId}`,
    publish: (all) => {
      for (const shop of all) record[shop.shopId] = shop.items.map(asPlatformProduct);
    },
  });
  return { ...shops, platform, close: () => platform.close() };
}
export type TiktokWorld = Awaited<ReturnType<typeof startTiktokWorld>>;
