import type { WorldOptions } from '../options.ts';
import type { Random } from '../random.ts';
import type { Listing, MarketplaceKind, Producer, Product } from './types.ts';
import { PRODUCT_GROUPS, slugify } from './vietnamese.ts';

const ITEM_ID_BASE: Record<MarketplaceKind, number> = {
  voso: 700_000,
  postmart: 20_000,
  floor: 1_000,
  tiki: 180_000_000,
};
const SHOP_ID_BASE: Record<MarketplaceKind, number> = { voso: 3_000, postmart: 3_000, floor: 10, tiki: 290_000 };
const PACK_SIZES = ['', ' hộp 500g', ' chai 500ml', ' túi 1kg', ' hũ 250g', ' combo 2'];
/** A net quantity at the end of a name: "… 500g", "… 1kg", "… 250ml". */
export const QUANTITY = /\s\d+(g|kg|ml|l)$/u;

/** Mean sales a day: many OCOP listings sell rarely, some never (DESIGN §1). */
function salesRate(random: Random): number {
  const kind = random.weighted([
    ['never', 22],
    ['rare', 38],
    ['moderate', 33],
    ['popular', 7],
  ] as const);
  if (kind === 'never') return 0;
  if (kind === 'rare') return 0.01 + random.float() * 0.07;
  if (kind === 'moderate') return 0.15 + random.float() * 1.05;
  return 2 + random.float() * 13;
}

export interface NewListing {
  product: Product;
  producer: Producer | undefined;
  marketplace: MarketplaceKind;
  serial: number;
  /** The day it appears; 0 for the listings that exist when the world is made. */
  day: number;
  options: WorldOptions;
}

/** One listing of a product on a marketplace, with a sales history consistent with the policy. */
export function createListing(
  random: Random,
  { product, producer, marketplace, serial, day, options }: NewListing,
): Listing {
  const group = PRODUCT_GROUPS.find((candidate) => candidate.name === product.group) ?? PRODUCT_GROUPS[0];
  const [low, high] = group?.priceRange ?? [50_000, 500_000];
  const price = Math.round((low + random.float() * (high - low)) / 1_000) * 1_000;
  const rate = salesRate(random);
  const policyDays = options.delistAfterDaysWithoutSales[marketplace];
  // Existing listings are still on sale at day 0, so their last sale is within the policy window.
  const age = day > 0 ? 0 : rate === 0 ? random.int(0, policyDays - 5) : random.int(5, 500);
  const sold = day > 0 || rate === 0 ? 0 : Math.round(rate * age * (0.5 + random.float()));
  const lastSaleDay = sold > 0 ? -random.int(0, Math.min(age, policyDays - 5, Math.ceil(3 / rate))) : null;
  const producerNumber = Number.parseInt(product.producerId.replace(/\D/gu, ''), 10);
  // A name that already states its quantity is listed as it is (the pack is still drawn: same world).
  const pack = random.pick(PACK_SIZES);
  const title = QUANTITY.test(product.name) ? product.name : `${product.name}${pack}`;
  const listing: Listing = {
    marketplace,
    itemId: String(ITEM_ID_BASE[marketplace] + serial * 7),
    shopId: String(SHOP_ID_BASE[marketplace] + producerNumber),
    shopName: producer?.name ?? 'Gian hàng OCOP',
    slug: slugify(title),
    productId: product.id,
    title,
    decomposedTitle: random.chance(0.1),
    price,
    listPrice: random.chance(0.4) ? Math.round((price * 1.2) / 1_000) * 1_000 : null,
    listedOnDay: day > 0 ? day : -age,
    salesRate: rate,
    stopsSellingOnDay: rate > 0 && random.chance(0.12) ? random.int(5, 80) : null,
    sold,
    lastSaleDay: lastSaleDay === null ? null : Math.max(lastSaleDay, -age),
    inStock: random.chance(0.92),
    outOfStockSinceDay: null,
    removedOnDay: null,
    removalReason: null,
    removalMode: null,
    knownToProvince: day > 0 ? random.chance(0.4) : random.chance(0.95),
  };
  if (!listing.inStock) listing.outOfStockSinceDay = day;
  return listing;
}
