import { sql } from 'drizzle-orm';
import { listAlerts } from '../alerts/list-alerts.ts';
import type { Database } from '../store/open-store.ts';
import { queryRows } from '../store/query-rows.ts';

export interface ProductListing {
  id: number;
  marketplace: string;
  url: string;
  state: string;
  stateSince: Date;
  lastCheckedAt: Date | null;
  /**
   * The listing's latest reading, whichever run it belongs to: a reading asked for from the desk
   * ("Kiểm tra lại ngay") shows here at once, while its state changes only when its run finishes.
   */
  lastReading: { at: Date; verdict: string } | null;
}

/** One daily check of one listing, as the product page's timeline and sold-count chart draw it. */
export interface ListingCheck {
  listingId: number;
  checkedAt: Date;
  verdict: string;
  reason: string;
  soldValue: number | null;
  soldApproximate: boolean | null;
}

/** A stretch of days over which a listing's checks gave the same verdict. */
export interface VerdictSpan {
  listingId: number;
  verdict: string;
  from: Date;
  to: Date;
  checks: number;
}

export interface ProductDetail {
  product: {
    id: number;
    nationalId: string | null;
    localCode: string | null;
    name: string;
    productGroup: string;
    stars: number;
    status: string;
    expiryDate: string;
    communeCode: string | null;
    communeName: string | null;
    producer: string;
    /** How to reach the producer, from the registry (the dashboard shows it to staff only). */
    producerContact: {
      person: string | null;
      phone: string | null;
      zaloPhone: string | null;
      email: string | null;
    } | null;
  };
  listings: ProductListing[];
  /** The checks of the last `days` days, oldest first. */
  checks: ListingCheck[];
  timeline: VerdictSpan[];
  alerts: Awaited<ReturnType<typeof listAlerts>>;
}

/** Consecutive checks with one verdict become one span: a year of daily checks reads as a few lines. */
export function verdictSpans(checks: ListingCheck[]): VerdictSpan[] {
  const spans: VerdictSpan[] = [];
  const current = new Map<number, VerdictSpan>();
  for (const check of checks) {
    const open = current.get(check.listingId);
    if (open && open.verdict === check.verdict) {
      open.to = check.checkedAt;
      open.checks += 1;
      continue;
    }
    const span = {
      listingId: check.listingId,
      verdict: check.verdict,
      from: check.checkedAt,
      to: check.checkedAt,
      checks: 1,
    };
    spans.push(span);
    current.set(check.listingId, span);
  }
  return spans;
}

/** Everything the product page shows: the registry entry, its listings, their checks and its alerts. */
export async function productDetail(
  db: Database,
  productId: number,
  options: { days?: number; asOf?: Date } = {},
): Promise<ProductDetail | null> {
  const [row] = await queryRows<
    Omit<ProductDetail['product'], 'producerContact'> & {
      person: string | null;
      phone: string | null;
      zaloPhone: string | null;
      email: string | null;
    }
  >(
    db,
    sql`select p.id, p.national_id as "nationalId", p.local_code as "localCode", p.name, p.product_group as "productGroup",
               p.stars, p.status, p.expiry_date::text as "expiryDate", p.commune_code as "communeCode",
               p.commune_name as "communeName", pr.name as producer, pr.contact_person as person, pr.phone,
               pr.zalo_phone as "zaloPhone", pr.email
        from products p join producers pr on pr.id = p.producer_id where p.id = ${productId}`,
  );
  if (!row) return null;
  const { person, phone, zaloPhone, email, ...rest } = row;
  const product: ProductDetail['product'] = { ...rest, producerContact: { person, phone, zaloPhone, email } };
  const listings = (
    await queryRows<Omit<ProductListing, 'lastReading'> & { readAt: string | null; readVerdict: string | null }>(
      db,
      sql`select l.id, l.marketplace, l.url, l.state, l.state_since as "stateSince", l.last_checked_at as "lastCheckedAt",
                 r.checked_at as "readAt", r.verdict as "readVerdict"
          from listings l
          left join lateral (select checked_at, verdict from observations o where o.listing_id = l.id
                             order by checked_at desc limit 1) r on true
          where l.product_id = ${productId} order by l.marketplace, l.id`,
    )
  ).map(({ readAt, readVerdict, ...l }) => ({
    ...l,
    stateSince: new Date(l.stateSince),
    lastCheckedAt: l.lastCheckedAt && new Date(l.lastCheckedAt),
    lastReading: readAt && readVerdict ? { at: new Date(readAt), verdict: readVerdict } : null,
  }));
  const since = new Date((options.asOf ?? new Date()).getTime() - (options.days ?? 365) * 86_400_000);
  const checks = listings.length
    ? (
        await queryRows<ListingCheck>(
          db,
          sql`select listing_id as "listingId", checked_at as "checkedAt", verdict, reason, sold_value as "soldValue",
                     sold_approximate as "soldApproximate"
              from observations where listing_id in (select id from listings where product_id = ${productId})
                and checked_at >= ${since.toISOString()} order by checked_at, listing_id`,
        )
      ).map((c) => ({ ...c, listingId: Number(c.listingId), checkedAt: new Date(c.checkedAt) }))
    : [];
  return {
    product: { ...product, id: Number(product.id) },
    listings: listings.map((l) => ({ ...l, id: Number(l.id) })),
    checks,
    timeline: verdictSpans(checks),
    alerts: await listAlerts(db, { productId, limit: 200 }),
  };
}
