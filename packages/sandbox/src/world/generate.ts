import type { WorldOptions } from '../options.ts';
import type { Random } from '../random.ts';
import { createListing } from './listing-factory.ts';
import type { Commune, Listing, MarketplaceKind, Producer, ProducerType, Product, World } from './types.ts';
import { FAMILY_NAMES, GIVEN_NAMES, PLACE_NAMES, PRODUCER_PREFIX, PRODUCT_GROUPS } from './vietnamese.ts';

const PRODUCER_TYPES: ReadonlyArray<readonly [ProducerType, number]> = [
  ['cooperative', 40],
  ['firm', 30],
  ['household', 25],
  ['cooperative_group', 5],
];
const STARS: ReadonlyArray<readonly [3 | 4 | 5, number]> = [
  [3, 75],
  [4, 23],
  [5, 2],
];
/** Where OCOP products of a province tend to be listed (DESIGN §1: post office, Viettel Post, floor). */
const MARKETPLACE_WEIGHTS: ReadonlyArray<readonly [MarketplaceKind, number]> = [
  ['postmart', 35],
  ['voso', 30],
  ['floor', 25],
  ['tiki', 10],
];

const NAMED_QUANTITIES = ['500g', '1kg', '250ml', '500ml'];
const QUANTIFIED_GROUPS = new Set(['Thực phẩm', 'Đồ uống', 'Thảo dược']);

const addDays = (isoDate: string, days: number) => {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
};

function generateCommunes(random: Random, count: number): Commune[] {
  return Array.from({ length: count }, (_, index) => {
    const place = PLACE_NAMES[index % PLACE_NAMES.length] ?? 'Trung Tâm';
    const suffix = index >= PLACE_NAMES.length ? ` ${Math.floor(index / PLACE_NAMES.length) + 1}` : '';
    return {
      code: String(19_000 + index * 7 + random.int(0, 6)),
      name: `${random.chance(0.3) ? 'Phường' : 'Xã'} ${place}${suffix}`,
    };
  });
}

function generateProducer(random: Random, index: number, communes: readonly Commune[]): Producer {
  const type = random.weighted(PRODUCER_TYPES);
  const commune = random.pick(communes);
  const person = `${random.pick(FAMILY_NAMES)} ${random.pick(GIVEN_NAMES)}`;
  const place = commune.name.replace(/^(Xã|Phường) /u, '');
  return {
    id: `NSX${String(index + 1).padStart(5, '0')}`,
    name: `${PRODUCER_PREFIX[type]} ${type === 'household' ? person : `${random.pick(['Nông sản', 'Đặc sản', 'Sản xuất', 'Dịch vụ'])} ${place}`}`,
    type,
    taxCode: type === 'household' && random.chance(0.5) ? null : String(3_200_000_000 + index * 13),
    contactPerson: person,
    phone: `+849${String(10_000_000 + random.int(0, 89_999_999)).slice(0, 8)}`,
    email: random.chance(0.6) ? `lienhe${index + 1}@example.vn` : null,
    communeCode: commune.code,
  };
}

function generateProduct(
  random: Random,
  index: number,
  world: Pick<World, 'startDate' | 'provinceName'>,
  producer: Producer,
): Product {
  const group = random.pick(PRODUCT_GROUPS);
  const stars = random.weighted(STARS);
  // Certificates are valid 36 months: most were issued in the last 35, a few are already expired.
  const ageMonths = random.chance(0.04) ? random.int(37, 44) : random.int(1, 35);
  const certifiedDate = addDays(world.startDate, -Math.round(ageMonths * 30.4) - random.int(0, 20));
  const item = random.pick(group.items);
  return {
    id: `SP${String(index + 1).padStart(6, '0')}`,
    nationalId: String(100_000 + index * 3 + random.int(0, 2)),
    localCode: `OCOP-${world.startDate.slice(0, 4)}-${String(index + 1).padStart(4, '0')}`,
    // One food, drink or herb product in six carries its net quantity in its registered name, as many do.
    name: `${item} ${producer.name.split(' ').slice(-2).join(' ')}${index % 6 === 3 && QUANTIFIED_GROUPS.has(group.name) ? ` ${NAMED_QUANTITIES[Math.floor(index / 6) % NAMED_QUANTITIES.length]}` : ''}`,
    group: group.name,
    stars,
    producerId: producer.id,
    decisionNumber: `${random.int(100, 3999)}/QĐ-${stars === 5 ? 'BNNMT' : 'UBND'}`,
    decisionDate: certifiedDate,
    issuingAuthority: stars === 5 ? 'Bộ Nông nghiệp và Môi trường' : `UBND tỉnh ${world.provinceName}`,
    certificateNumber: random.chance(0.8)
      ? `GCN-${certifiedDate.slice(0, 4)}-${String(index + 1).padStart(4, '0')}`
      : null,
    certifiedDate,
    expiryDate: addDays(certifiedDate, 36 * 30 + 15),
    communeCode: producer.communeCode,
  };
}

/**
 * Two households of one province may share an owner's name; the registry tells them apart by
 * where they are ("Hộ kinh doanh Nguyễn Văn Hùng Cam Lộ"), so a search can too. No random draw.
 */
function distinguishSameProducers(producers: Producer[], communes: readonly Commune[]): void {
  const places = new Map(communes.map((c) => [c.code, c.name.replace(/^(Xã|Phường) /u, '')]));
  const taken = new Set<string>();
  for (const producer of producers) {
    let name = producer.name;
    // Its commune's place first, else the first place its name does not already hold.
    const order = [producer.communeCode, ...communes.map((c) => c.code)]
      .map((code) => places.get(code) ?? '')
      .filter((place) => place && !producer.name.includes(place));
    for (let k = 0; taken.has(name) && k < order.length; k += 1) name = `${producer.name} ${order[k]}`;
    producer.name = name;
    taken.add(name);
  }
}

const VARIANTS = ['đặc biệt', 'thượng hạng', 'truyền thống', 'cao cấp', 'gia truyền'];

/**
 * A producer registers each product under its own name: when the draw gave one producer the same
 * item twice, the later ones are told apart as a real registry would ("… thượng hạng"). No random
 * draw is made here, so the world is otherwise what the seed always gave.
 */
function distinguishSameNames(products: Product[]): void {
  const seen = new Map<string, number>();
  for (const product of products) {
    const key = `${product.producerId}|${product.name}`;
    const count = seen.get(key) ?? 0;
    seen.set(key, count + 1);
    if (count === 0) continue;
    const quantity = / \d+(g|kg|ml|l)$/u.exec(product.name)?.[0] ?? '';
    const base = quantity ? product.name.slice(0, -quantity.length) : product.name;
    product.name = `${base} ${VARIANTS[(count - 1) % VARIANTS.length]}${quantity}`;
  }
}

/** A deterministic province from the seed: producers, OCOP products and their listings. */
export function generateWorld(random: Random, options: WorldOptions): World {
  const world: World = {
    seed: options.seed,
    provinceCode: '45',
    provinceName: 'Quảng Trị',
    startDate: options.startDate,
    day: 0,
    communes: generateCommunes(random, Math.max(8, Math.min(120, Math.ceil(options.products / 25)))),
    producers: [],
    products: [],
    listings: [],
  };
  const producerCount = Math.max(1, Math.round(options.products / options.productsPerProducer));
  world.producers = Array.from({ length: producerCount }, (_, i) => generateProducer(random, i, world.communes));
  distinguishSameProducers(world.producers, world.communes);
  world.products = Array.from({ length: options.products }, (_, i) =>
    generateProduct(random, i, world, world.producers[i % producerCount] as Producer),
  );
  distinguishSameNames(world.products);
  const counters = new Map<MarketplaceKind, number>();
  const uncovered = 0.17; // about one product in six is on no marketplace: the province's gap list
  // Listed products have 1 + Binomial(3, p) listings, one per marketplace, averaging listingsPerProduct.
  const p = Math.min(1, Math.max(0, (options.listingsPerProduct / (1 - uncovered) - 1) / 3));
  const producers = new Map(world.producers.map((producer) => [producer.id, producer]));
  for (const product of world.products) {
    if (random.chance(uncovered)) continue;
    const wanted = 1 + [0, 1, 2].filter(() => random.chance(p)).length;
    const marketplaces = new Set<MarketplaceKind>();
    while (marketplaces.size < wanted) marketplaces.add(random.weighted(MARKETPLACE_WEIGHTS));
    for (const marketplace of marketplaces) {
      const serial = (counters.get(marketplace) ?? 0) + 1;
      counters.set(marketplace, serial);
      const producer = producers.get(product.producerId);
      const listing: Listing = createListing(random, { product, producer, marketplace, serial, day: 0, options });
      world.listings.push(listing);
    }
  }
  return world;
}
