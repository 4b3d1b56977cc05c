import { Random } from '../random.ts';
import { QUANTITY } from './listing-factory.ts';
import type { Listing, MarketplaceKind, World } from './types.ts';
import { slugify } from './vietnamese.ts';

/** Not an OCOP product of the registry: what a look-alike listing points at. */
const DECOY_PRODUCT = 'decoy';
const OTHER_QUANTITY: Record<string, string> = { '500g': '1kg', '1kg': '500g', '250ml': '500ml', '500ml': '250ml' };
const SEARCHABLE: readonly MarketplaceKind[] = ['voso', 'tiki'];
const OTHER_PROVINCES = ['Quảng Bình', 'Huế', 'Nghệ An', 'Hà Tĩnh', 'Đà Nẵng'];
const ITEM_BASE: Record<string, number> = { voso: 950_000, tiki: 190_000_000 };

/**
 * Listings that look like a registry product and are not it, as marketplace search answers are full
 * of them: the same product name sold by a shop that is not the producer (a reseller elsewhere), and
 * for a product whose registered name states its quantity, the same name in another quantity. They are on sale, never
 * change, and are not the province's: discovery must not propose them.
 */
export function generateDecoys(world: Readonly<World>): Listing[] {
  // A stream of its own: the marketplaces' world draws exactly what it drew before decoys existed.
  const random = new Random(world.seed * 104_729 + 7);
  const producers = new Map(world.producers.map((p) => [p.id, p]));
  const decoys: Listing[] = [];
  const add = (marketplace: MarketplaceKind, title: string, shopId: string, shopName: string, price: number) => {
    const serial = decoys.length + 1;
    decoys.push({
      marketplace,
      itemId: String((ITEM_BASE[marketplace] ?? 900_000) + serial * 7),
      shopId,
      shopName,
      slug: slugify(title),
      productId: DECOY_PRODUCT,
      title,
      decomposedTitle: false,
      price,
      listPrice: null,
      listedOnDay: -30,
      salesRate: 0,
      stopsSellingOnDay: null,
      sold: random.int(0, 40),
      lastSaleDay: null,
      inStock: true,
      outOfStockSinceDay: null,
      removedOnDay: null,
      removalReason: null,
      removalMode: null,
      knownToProvince: false,
    });
  };
  world.products.forEach((product, index) => {
    if (index % 4 !== 0) return;
    const marketplace = SEARCHABLE[index % 8 === 0 ? 0 : 1] as MarketplaceKind;
    const quantity = QUANTITY.exec(product.name)?.[0]?.trim();
    const base = quantity ? product.name.slice(0, -quantity.length - 1) : product.name;
    const price = 50_000 + random.int(0, 40) * 5_000;
    // The same name sold by a shop that is not the producer: a reseller in another province.
    const reseller = `Cửa hàng đặc sản ${random.pick(OTHER_PROVINCES)}`;
    add(marketplace, product.name, `8${String(index).padStart(5, '0')}`, reseller, price);
    // The same producer's product in another quantity: another OCOP product, or none.
    const producer = producers.get(product.producerId);
    if (quantity && OTHER_QUANTITY[quantity] && producer)
      add(
        marketplace,
        `${base} ${OTHER_QUANTITY[quantity]}`,
        `8${producer.id.replace(/\D/gu, '')}`,
        producer.name,
        price,
      );
  });
  return decoys;
}
