import type { Random } from '../random.ts';
import { QUANTITY } from './listing-factory.ts';
import type { RemovalReason, World } from './types.ts';
import { slugify } from './vietnamese.ts';

/** The marketplaces whose open platforms the sandbox simulates. */
export type SellerMarketplace = 'shopee' | 'lazada' | 'tiktok';

/**
 * What the seller's record says of an item, in neutral words: each platform writes its own
 * (Shopee NORMAL, UNLIST, REVIEWING, BANNED, SELLER_DELETE; Lazada Active, InActive, Pending QC,
 * Suspended, Deleted; TikTok Shop ACTIVATE, SELLER_DEACTIVATED, PENDING, PLATFORM_DEACTIVATED, DELETED).
 */
export type SellerItemState = 'on_sale' | 'hidden' | 'under_review' | 'banned' | 'deleted';

/** One item of a producer's shop on an open-platform marketplace, as its seller's record keeps it. */
export interface SimulatedShopItem {
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
  state: SellerItemState;
  /** Last day of a review spell, after which the item is on sale again. */
  reviewUntilDay: number | null;
  removedOnDay: number | null;
  removalReason: RemovalReason | null;
  /** Whether the province's registry links this item to its product (else: a proposal to make). */
  knownToProvince: boolean;
}

export interface SimulatedShop {
  marketplace: SellerMarketplace;
  shopId: string;
  producerId: string;
  shopName: string;
  /** Whether the producer authorises the department's application on the marketplace's open platform. */
  consents: boolean;
  items: SimulatedShopItem[];
}

// Removals by the seller or the platform, and how each shows in the seller's record.
const REMOVALS: ReadonlyArray<readonly [SellerItemState, number]> = [
  ['deleted', 35],
  ['hidden', 40],
  ['banned', 25],
];

/** How each marketplace numbers its shops and items (shapes as the platforms give them), and how many producers sell there. */
const NUMBERING: Record<
  SellerMarketplace,
  { share: number; shopId: (producer: number) => string; itemId: (producer: number, index: number) => string }
> = {
  shopee: {
    share: 0.35,
    shopId: (n) => String(180_000_000 + n * 13),
    itemId: (n, i) => String(24_000_000_000 + n * 101 + i),
  },
  // Lazada: a seller id of 9 digits, item ids of 10.
  lazada: {
    share: 0.25,
    shopId: (n) => String(200_000_000 + n * 13),
    itemId: (n, i) => String(2_400_000_000 + n * 101 + i),
  },
  // TikTok Shop: ids of 19 digits, beyond a JavaScript number's exact range: written as text.
  tiktok: {
    share: 0.2,
    shopId: (n) => `7494${String(n * 13).padStart(15, '0')}`,
    itemId: (n, i) => `1731${String(n * 101 + i).padStart(15, '0')}`,
  },
};

/**
 * Some producers sell on the marketplace too, one shop each; a share of them consent to its open
 * platform. Drawn from a random stream of its own, so the rest of the world is what the seed always gave.
 */
export function generateSellerShops(random: Random, world: World, marketplace: SellerMarketplace): SimulatedShop[] {
  const numbering = NUMBERING[marketplace];
  const shops: SimulatedShop[] = [];
  for (const producer of world.producers) {
    const products = world.products.filter((product) => product.producerId === producer.id);
    if (products.length === 0 || !random.chance(numbering.share)) continue;
    const number = Number.parseInt(producer.id.replace(/\D/gu, ''), 10);
    const items = products.map((product, index): SimulatedShopItem => {
      const never = random.chance(0.3);
      const rate = never ? 0 : random.chance(0.5) ? 0.02 + random.float() * 0.08 : 0.3 + random.float() * 1.5;
      const age = random.int(10, 400);
      const sold = rate === 0 ? 0 : Math.max(1, Math.round(rate * age));
      const title = QUANTITY.test(product.name) ? product.name : `${product.name} chính hãng`;
      const inStock = random.chance(0.92);
      return {
        itemId: numbering.itemId(number, index),
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
        state: 'on_sale',
        reviewUntilDay: null,
        removedOnDay: null,
        removalReason: null,
        // The first item is in the registry; a later one now and then not yet (a proposal to make).
        knownToProvince: index === 0 || random.chance(0.6),
      };
    });
    shops.push({
      marketplace,
      shopId: numbering.shopId(number),
      producerId: producer.id,
      shopName: producer.name,
      consents: random.chance(0.6),
      items,
    });
  }
  return shops;
}

function advanceItem(random: Random, item: SimulatedShopItem, day: number): void {
  if (item.removedOnDay !== null) return;
  if (item.state === 'under_review' && item.reviewUntilDay !== null && day > item.reviewUntilDay) {
    item.state = 'on_sale';
    item.reviewUntilDay = null;
  }
  if (item.state === 'on_sale' && item.inStock && item.salesRate > 0) {
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
    item.state = random.weighted(REMOVALS);
    item.removedOnDay = day;
    item.removalReason = item.state === 'banned' ? 'policy' : 'seller';
    item.reviewUntilDay = null;
  } else if (item.state === 'on_sale' && random.chance(0.01)) {
    // The platform reviews an edited item for a day or two: not on sale to buyers, not removed either.
    item.state = 'under_review';
    item.reviewUntilDay = day + random.int(0, 1);
  }
}

/** One simulated day of every shop: sales, stock, removals and reviews. */
export function advanceSellerShops(random: Random, shops: readonly SimulatedShop[], day: number): void {
  for (const shop of shops) for (const item of shop.items) advanceItem(random, item, day);
}
