import { sql } from 'drizzle-orm';
import type { Database } from '../store/open-store.ts';
import { queryRows } from '../store/query-rows.ts';
import { formatDate } from '../words/vietnamese-format.ts';
import { marketplaceName } from '../words/words.ts';

export interface CoverageGroup {
  key: string;
  label: string;
  denominator: number;
  covered: number;
  percent: number;
}

export interface CoverageReport {
  date: string;
  /** Printed with every figure: which products count, and what counts as covered. */
  denominatorRule: string;
  numeratorRule: string;
  target: number;
  denominator: number;
  covered: number;
  percent: number;
  byMarketplace: CoverageGroup[];
  byCommune: CoverageGroup[];
  byGroup: CoverageGroup[];
  byStars: CoverageGroup[];
  byProducer: CoverageGroup[];
  /** Products to onboard: valid on the date, with no fresh active listing. */
  gap: Array<{
    productId: number;
    nationalId: string | null;
    localCode: string | null;
    /** The OCOP certificate's number: the code a clerk can look up when the registry gives no other. */
    certificateNumber: string | null;
    name: string;
    producer: string;
    communeCode: string | null;
    communeName: string | null;
    listings: string[];
  }>;
  /** Listings seen delisted once and waiting for confirmation (still counted as covered until confirmed). */
  unconfirmed: Array<{ listingId: number; marketplace: string; url: string; suspectSince: string | null }>;
  /** Listings without a conclusive check for too long (not counted as covered). */
  stale: Array<{ listingId: number; marketplace: string; url: string; lastConclusiveAt: string | null }>;
}

/** A commune by its name where the registry gave one (with the code, which people quote too). */
const communeLabel = (p: { commune_code: string | null; commune_name: string | null }) =>
  p.commune_name ? `${p.commune_name} (${p.commune_code ?? '—'})` : (p.commune_code ?? '(chưa ghi xã / none)');

interface ProductRow {
  product_id: number;
  national_id: string | null;
  local_code: string | null;
  certificate_number: string | null;
  name: string;
  product_group: string;
  stars: number;
  commune_code: string | null;
  commune_name: string | null;
  producer_id: number;
  producer_name: string;
  covered: boolean;
  /** Counted marketplaces with a fresh listing (a name may repeat). */
  covering: string[];
  /** `marketplace:state` of each listing; only for products not covered (the gap shows them). */
  listings: string[];
}

interface DoubtRow {
  listing_id: number;
  marketplace: string;
  url: string;
  state: string;
  suspect_since: string | null;
  last_conclusive_at: string | null;
}

const percent = (covered: number, denominator: number) =>
  denominator === 0 ? 0 : Math.round((covered / denominator) * 1000) / 10;

function tally(entries: Array<{ key: string; label: string; covered: boolean }>): CoverageGroup[] {
  const groups = new Map<string, CoverageGroup>();
  for (const { key, label, covered } of entries) {
    const group = groups.get(key) ?? { key, label, denominator: 0, covered: 0, percent: 0 };
    group.denominator += 1;
    if (covered) group.covered += 1;
    groups.set(key, group);
  }
  return [...groups.values()]
    .map((group) => ({ ...group, percent: percent(group.covered, group.denominator) }))
    .sort((a, b) => a.percent - b.percent || a.key.localeCompare(b.key));
}

export interface CoverageOptions {
  date: string;
  asOf: Date;
  freshnessHours: number;
  countedMarketplaces: readonly string[];
  /** id → display name (the configured adapters'); built-in names otherwise. */
  marketplaceNames?: Readonly<Record<string, string>>;
}

/** The moment before which a check is too old to count, and the SQL condition on counted marketplaces. */
export function coverageWindow(options: CoverageOptions) {
  const freshSince = new Date(options.asOf.getTime() - options.freshnessHours * 3_600_000).toISOString();
  const counted = options.countedMarketplaces.length
    ? sql`l.marketplace in (${sql.join(
        options.countedMarketplaces.map((m) => sql`${m}`),
        sql`, `,
      )})`
    : sql`false`;
  return { freshSince, counted };
}

/**
 * DESIGN §7 as of `date`: denominator = registry products valid that day; numerator = those with
 * a listing in state `active` (or `suspect`, until confirmed) on a counted marketplace whose last conclusive check is within the
 * freshness window of `asOf`.
 */
export async function computeCoverage(db: Database, options: CoverageOptions): Promise<CoverageReport> {
  const { freshSince, counted } = coverageWindow(options);
  const validOnDate = sql`p.status = 'active' and p.certified_date <= ${options.date}::date and p.expiry_date >= ${options.date}::date`;
  // A suspect listing still counts until its delisting is confirmed (DESIGN §4: coverage never drops
  // on one observation); its delisted sighting was conclusive, so freshness is judged as before.
  const covering = sql`l.state in ('active', 'suspect') and l.last_conclusive_at >= ${freshSince}::timestamptz`;
  // One row per product, aggregated in the database: 60,000 listings never cross the wire. Listings
  // are summed up per product before the join (a hash, not a sort of wide product rows), a product's
  // marketplaces may repeat (only tested for membership), and the listings' states are built and
  // sent only for the products to onboard, the one place they are shown: ~30% less time at province scale.
  const products = await queryRows<ProductRow>(
    db,
    sql`with per_product as (
          select l.product_id,
                 bool_or(${covering}) as covered,
                 array_agg(l.marketplace) filter (where ${covering}) as covering,
                 -- A product not covered has no covering listing: these are all of its listings.
                 array_agg(l.marketplace || ':' || l.state) filter (where not coalesce(${covering}, false)) as listings
          from listings l
          where l.state <> 'retired' and ${counted}
          group by l.product_id)
        select p.id as product_id, p.national_id, p.local_code, p.certificate_number, p.name, p.product_group, p.stars, p.commune_code, p.commune_name,
               p.producer_id, pr.name as producer_name,
               coalesce(pp.covered, false) as covered,
               coalesce(pp.covering, '{}') as covering,
               case when coalesce(pp.covered, false) then '{}' else coalesce(pp.listings, '{}') end as listings
        from products p
        join producers pr on pr.id = p.producer_id
        left join per_product pp on pp.product_id = p.id
        where ${validOnDate}
        order by p.id`,
  );
  const inDoubt = await queryRows<DoubtRow>(
    db,
    sql`select l.id as listing_id, l.marketplace, l.url, l.state, l.suspect_since::text, l.last_conclusive_at::text
        from listings l join products p on p.id = l.product_id
        where ${validOnDate} and ${counted}
          and (l.state in ('suspect', 'stale') or (l.state = 'active' and (l.last_conclusive_at is null or l.last_conclusive_at < ${freshSince}::timestamptz)))
        order by l.id`,
  );
  const covered = products.filter((p) => p.covered).length;
  const byMarketplace = options.countedMarketplaces.map((marketplace) => {
    const count = products.filter((p) => p.covering.includes(marketplace)).length;
    return {
      key: marketplace,
      label: options.marketplaceNames?.[marketplace] ?? marketplaceName(marketplace),
      denominator: products.length,
      covered: count,
      percent: percent(count, products.length),
    };
  });
  return {
    date: options.date,
    // The rule in words a clerk reads (no state or marketplace codes): shown on Coverage, in exports and snapshots.
    denominatorRule: `Mẫu số: sản phẩm OCOP còn hiệu lực ngày ${formatDate(options.date)} (đã công nhận, chưa hết hạn, không bị thu hồi)`,
    numeratorRule: `Tử số: sản phẩm có ít nhất một tin đăng đang bán (hoặc nghi bị gỡ nhưng chưa được xác nhận) trên ${byMarketplace.map((m) => m.label).join(', ') || 'các sàn được tính'}, với một lần kiểm tra có kết luận trong ${options.freshnessHours} giờ qua`,
    target: 100,
    denominator: products.length,
    covered,
    percent: percent(covered, products.length),
    byMarketplace,
    byCommune: tally(
      products.map((p) => ({ key: p.commune_code ?? '(none)', label: communeLabel(p), covered: p.covered })),
    ),
    byGroup: tally(products.map((p) => ({ key: p.product_group, label: p.product_group, covered: p.covered }))),
    byStars: tally(products.map((p) => ({ key: String(p.stars), label: `${p.stars}★`, covered: p.covered }))),
    byProducer: tally(
      products.map((p) => ({ key: String(p.producer_id), label: p.producer_name, covered: p.covered })),
    ),
    gap: products
      .filter((p) => !p.covered)
      .map((p) => ({
        productId: p.product_id,
        nationalId: p.national_id,
        localCode: p.local_code,
        certificateNumber: p.certificate_number,
        name: p.name,
        producer: p.producer_name,
        communeCode: p.commune_code,
        communeName: p.commune_name,
        listings: p.listings,
      })),
    unconfirmed: inDoubt
      .filter((l) => l.state === 'suspect')
      .map((l) => ({ listingId: l.listing_id, marketplace: l.marketplace, url: l.url, suspectSince: l.suspect_since })),
    stale: inDoubt
      .filter((l) => l.state !== 'suspect')
      .map((l) => ({
        listingId: l.listing_id,
        marketplace: l.marketplace,
        url: l.url,
        lastConclusiveAt: l.last_conclusive_at,
      })),
  };
}
