import type { Random } from '../random.ts';
import { QUANTITY } from './listing-factory.ts';
import type { RemovalReason, World } from './types.ts';
import { slugify } from './vietnamese.ts';

/** Item statuses of Shopee's seller record (get_item_base_info `item_status`) the world uses. */
export type ShopeeItemStatus = 'NORMAL' | 'UNLIST' | 'REVIEWING' | 'BANNED' | 'SELLER_DELETE';

/** One item of a producer's Shopee shop, as its seller's record keeps it. */
export interface ShopeeShopItem {
  itemId: string;
  productId: string;
  title: string;
  slug: string;
  price: number;
  listedOnDay: number;
  salesRate: number;
  sold: number;
  lastSaleDay: number | null;
  inStock: boolean;
  outOfStockSinceDay: number | null;
  status: ShopeeItemStatus;
  /** Last day of a review spell (REVIEWING), after which the item is NORMAL again. */
  reviewUntilDay: number | null;
  removedOnDay: number | null;
  removalReason: RemovalReason | null;
  /** Whether the province's registry links this item to its product (else: a proposal to make). */
  knownToProvince: boolean;
}

export interface ShopeeShop {
  shopId: string;
  producerId: string;
  shopName: string;
  /** Whether the producer authorises the department's application on Shopee's open platform. */
  consents: boolean;
  items: ShopeeShopItem[];
}

// Removals by the seller or the platform, and how each shows in the seller's record.
const REMOVALS: ReadonlyArray<readonly [ShopeeItemStatus, number]> = [
  ['SELLER_DELETE', 35],
  ['UNLIST', 40],
  ['BANNED', 25],
];

/**
 * Some producers sell on Shopee too, one shop each; a share of them consent to the open platform.
 * Drawn from a random stream of its own, so the rest of the world is what the seed always gave.
 */
export function generateShopeeShops(random: Random, world: World): ShopeeShop[] {
  const shops: ShopeeShop[] = [];
  for (const producer of world.producers) {
    const products = world.products.filter((product) => product.producerId === producer.id);
    if (products.length === 0 || !random.chance(0.35)) continue;
    const number = Number.parseInt(producer.id.replace(/\D/gu, ''), 10);
    const shopId = String(180_000_000 + number * 13);
    const items = products.map((product, index): ShopeeShopItem => {
      const never = random.chance(0.3);
      const rate = never ? 0 : random.chance(0.5) ? 0.02 + random.float() * 0.08 : 0.3 + random.float() * 1.5;
      const age = random.int(10, 400);
      const sold = rate === 0 ? 0 : Math.max(1, Math.round(rate * age));
      const title = QUANTITY.test(product.name) ? product.name : `${product.name} chính hãng`;
      const inStock = random.chance(0.92);
      return {
        itemId: String(24_000_000_000 + number * 101 + index),
        productId: product.id,
        title,
        slug: slugify(title),
        price: Math.round((40_000 + random.float() * 400_000) / 1_000) * 1_000,
        listedOnDay: -age,
        salesRate: rate,
        sold,
        lastSaleDay: sold > 0 ? -random.int(0, Math.min(age, Math.ceil(3 / rate))) : null,
        inStock,
        outOfStockSinceDay: inStock ? null : 0,
        status: 'NORMAL',
        reviewUntilDay: null,
        removedOnDay: null,
        removalReason: null,
        // The first item is in the registry; a later one now and then not yet (a proposal to make).
        knownToProvince: index === 0 || random.chance(0.6),
      };
    });
    shops.push({ shopId, producerId: producer.id, shopName: producer.name, consents: random.chance(0.6), items });
  }
  return shops;
}

function advanceItem(random: Random, item: ShopeeShopItem, day: number): void {
  if (item.removedOnDay !== null) return;
  if (item.status === 'REVIEWING' && item.reviewUntilDay !== null && day > item.reviewUntilDay) {
    item.status = 'NORMAL';
    item.reviewUntilDay = null;
  }
  if (item.status === 'NORMAL' && item.inStock && item.salesRate > 0) {
    const sales = random.poisson(item.salesRate);
    if (sales > 0) {
      item.sold += sales;
      item.lastSaleDay = day;
    }
  }
  const wasInStock = item.inStock;
  item.inStock = wasInStock ? !random.chance(0.012) : random.chance(0.2);
  if (item.inStock) item.outOfStockSinceDay = null;
  else if (wasInStock) item.outOfStockSinceDay = day;
  if (random.chance(0.008)) {
    item.status = random.weighted(REMOVALS);
    item.removedOnDay = day;
    item.removalReason = item.status === 'BANNED' ? 'policy' : 'seller';
    item.reviewUntilDay = null;
  } else if (item.status === 'NORMAL' && random.chance(0.01)) {
    // Shopee reviews an edited item for a day or two: not on sale to buyers, not removed either.
    item.status = 'REVIEWING';
    item.reviewUntilDay = day + random.int(0, 1);
  }
}

/** One simulated day of every shop: sales, stock, removals and reviews. */
export function advanceShopeeShops(random: Random, shops: readonly ShopeeShop[], day: number): void {
  for (const shop of shops) for (const item of shop.items) advanceItem(random, item, day);
}
