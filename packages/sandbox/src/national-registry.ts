import { Random } from './random.ts';
import type { Producer, Product, World } from './world/types.ts';

/**
 * The national OCOP system's public API as the sandbox serves it (MARKETPLACES.md, last section):
 * the province's products and, as decoys, other provinces' ones, with changes over the days —
 * new certifications, stars changed, re-certifications, revocations and removals.
 */

/** The API's `type` filter and the registry's product groups (QĐ 148/2023). */
export const NATIONAL_TYPES = {
  food: 'Thực phẩm',
  drink: 'Đồ uống',
  herbs: 'Thảo dược',
  cloth: 'Vải và may mặc',
  keepsake: 'Lưu niệm - Nội thất - Trang trí',
  travel: 'Dịch vụ du lịch cộng đồng và điểm du lịch',
} as const;
type NationalType = keyof typeof NATIONAL_TYPES;

export interface NationalRecord {
  id: string;
  name: string;
  type: NationalType;
  ocop_star: number;
  ocop_certificate_number: string;
  issued_on: string;
  expiry_date: string;
  manufacturer: { name: string; representative: string; address: string; phone_number: string; email: string | null };
  /**
   * Not in the 2021 capture: the sandbox marks a revoked certificate with `is_active: false`
   * (a live API may say it otherwise; the sync reads it only when present).
   */
  is_active: boolean;
}

export type NationalChangeKind = 'new' | 'stars_changed' | 'recertified' | 'revoked' | 'removed';

/** What the sandbox changes, on which day: the truth a sync's events are checked against. */
export interface NationalChange {
  day: number;
  id: string;
  kind: NationalChangeKind;
}

const OTHER_PROVINCES = ['Quảng Bình', 'Thừa Thiên Huế', 'Nghệ An', 'Hà Tĩnh', 'Đà Nẵng'];
const typeOf = (group: string): NationalType =>
  (Object.entries(NATIONAL_TYPES).find(([, name]) => name === group)?.[0] as NationalType | undefined) ?? 'food';
const addDays = (isoDate: string, days: number) => {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
};

function recordOf(product: Product, producer: Producer | undefined, address: string): NationalRecord {
  return {
    id: product.nationalId,
    name: product.name,
    type: typeOf(product.group),
    ocop_star: product.stars,
    ocop_certificate_number: product.certificateNumber ?? '',
    issued_on: product.certifiedDate,
    expiry_date: product.expiryDate,
    manufacturer: {
      name: producer?.name ?? '',
      representative: producer?.contactPerson ?? '',
      address,
      phone_number: producer?.phone ?? '',
      email: producer?.email ?? null,
    },
    is_active: true,
  };
}

export class NationalRegistry {
  readonly changes: NationalChange[] = [];
  readonly #base: NationalRecord[];
  readonly #world: Readonly<World>;

  constructor(world: Readonly<World>) {
    this.#world = world;
    // A stream of its own: the registry never changes what the marketplaces' world draws.
    const random = new Random(world.seed * 7_919 + 13);
    const producers = new Map(world.producers.map((p) => [p.id, p]));
    const communes = new Map(world.communes.map((c) => [c.code, c.name]));
    const own = world.products.map((product) =>
      recordOf(
        product,
        producers.get(product.producerId),
        `${communes.get(product.communeCode) ?? ''}, tỉnh ${world.provinceName}`,
      ),
    );
    const others = world.products.slice(0, Math.ceil(world.products.length / 2)).map((product, i) => ({
      ...recordOf(product, producers.get(product.producerId), `Thôn ${i + 1}, tỉnh ${random.pick(OTHER_PROVINCES)}`),
      id: String(500_000 + i),
      name: `${product.name.split(' ').slice(0, 2).join(' ')} ${random.pick(OTHER_PROVINCES)}`,
    }));
    const fresh = Array.from({ length: Math.max(2, Math.round(world.products.length / 50)) }, (_, i) => {
      const template = random.pick(world.products);
      const day = random.int(1, 25);
      this.changes.push({ day, id: String(900_000 + i), kind: 'new' });
      return {
        ...recordOf(template, producers.get(template.producerId), `Xã Mới, tỉnh ${world.provinceName}`),
        id: String(900_000 + i),
        name: `Sản phẩm mới ${i + 1} ${template.name}`,
        issued_on: addDays(world.startDate, day),
        expiry_date: addDays(world.startDate, day + 36 * 30 + 15),
      };
    });
    // A few of the province's products change, each once, on a day of the first four weeks.
    const kinds: NationalChangeKind[] = ['stars_changed', 'recertified', 'revoked', 'removed'];
    const changing = Math.max(kinds.length, Math.round(world.products.length / 25));
    const picked = new Set<string>();
    for (let i = 0; i < changing && picked.size < own.length; i += 1) {
      const record = random.pick(own);
      if (picked.has(record.id)) continue;
      picked.add(record.id);
      this.changes.push({ day: random.int(1, 25), id: record.id, kind: kinds[i % kinds.length] as NationalChangeKind });
    }
    this.#base = [...own, ...others, ...fresh];
  }

  /** The records the API shows on the world's current day (removed ones gone, new ones there). */
  records(): NationalRecord[] {
    const day = this.#world.day;
    const due = new Map<string, NationalChange>();
    for (const change of this.changes) if (change.day <= day) due.set(change.id, change);
    const notYet = new Set(this.changes.filter((c) => c.kind === 'new' && c.day > day).map((c) => c.id));
    const shown: NationalRecord[] = [];
    for (const record of this.#base) {
      if (notYet.has(record.id)) continue;
      const change = due.get(record.id);
      if (change?.kind === 'removed') continue;
      if (change?.kind === 'stars_changed')
        shown.push({ ...record, ocop_star: record.ocop_star === 5 ? 4 : record.ocop_star + 1 });
      else if (change?.kind === 'revoked') shown.push({ ...record, is_active: false });
      else if (change?.kind === 'recertified') {
        const issued = addDays(this.#world.startDate, change.day);
        shown.push({
          ...record,
          issued_on: issued,
          expiry_date: addDays(issued, 36 * 30 + 15),
          ocop_certificate_number: `GCN-${issued.slice(0, 4)}-L2-${record.id}`,
        });
      } else shown.push(record);
    }
    return shown;
  }
}
