import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../store/open-store.ts';
import { queryRows } from '../store/query-rows.ts';

export interface ReviewQueueFilter {
  /** One alert, whatever its state. */
  id?: number | undefined;
  type?: string | undefined;
  /** Any of these kinds (a tab of the queue). */
  types?: readonly string[] | undefined;
  /** Any of these states, live alerts only (a tab of the queue); overrides `state`. */
  states?: readonly string[] | undefined;
  /** "live" (the default) means not resolved; otherwise one state. */
  state?: string | undefined;
  marketplace?: string | undefined;
  /** A commune code of the registry. */
  commune?: string | undefined;
  /** Producers together (by name), newest first within each; otherwise newest first. */
  groupByProducer?: boolean | undefined;
  /** 1-based. */
  page?: number | undefined;
  pageSize?: number | undefined;
}

/** One alert as a reviewer reads it: about which product, of which producer, where. */
export interface QueuedAlert {
  id: number;
  type: string;
  state: string;
  severity: string;
  marketplace: string | null;
  listingId: number | null;
  productId: number | null;
  productName: string | null;
  producerId: number | null;
  producerName: string | null;
  /** How to reach the producer, from the registry (staff only: the page hides it from viewers). */
  producerContact: ProducerContact | null;
  communeCode: string | null;
  communeName: string | null;
  /** The listing's address (or the one the evidence names). */
  url: string | null;
  openedAt: Date;
  updatedAt: Date;
  evidence: unknown;
}

export interface ProducerContact {
  person: string | null;
  phone: string | null;
  zaloPhone: string | null;
  email: string | null;
}

export const DEFAULT_PAGE_SIZE = 50;

/**
 * The review queue: alerts with their product, producer and commune, filtered, one page at a time,
 * and how many match in all (for the pager). A province's queue can hold thousands.
 */
export async function reviewQueue(
  db: Database,
  filter: ReviewQueueFilter = {},
): Promise<{ alerts: QueuedAlert[]; total: number; page: number; pageSize: number }> {
  const conditions: SQL[] = [];
  const state = filter.state ?? 'live';
  if (filter.id !== undefined) conditions.push(sql`a.id = ${filter.id}`);
  else if (filter.states?.length)
    conditions.push(
      sql`a.resolved_at is null and a.state in (${sql.join(
        filter.states.map((s) => sql`${s}`),
        sql`, `,
      )})`,
    );
  else conditions.push(state === 'live' ? sql`a.resolved_at is null` : sql`a.state = ${state}`);
  if (filter.type) conditions.push(sql`a.type = ${filter.type}`);
  if (filter.types?.length)
    conditions.push(
      sql`a.type in (${sql.join(
        filter.types.map((type) => sql`${type}`),
        sql`, `,
      )})`,
    );
  if (filter.marketplace) conditions.push(sql`a.marketplace = ${filter.marketplace}`);
  const where = sql.join(conditions, sql` and `);
  // The product (and so the commune and producer) of an alert: its own, or its listing's.
  const productOf = sql`coalesce(a.product_id, (select l.product_id from listings l where l.id = a.listing_id))`;
  const narrowing = filter.commune
    ? sql`${where} and exists (select 1 from products p where p.id = ${productOf} and p.commune_code = ${filter.commune})`
    : where;
  const pageSize = Math.max(1, Math.min(filter.pageSize ?? DEFAULT_PAGE_SIZE, 500));
  const page = Math.max(1, filter.page ?? 1);
  // One page of alert ids is chosen first, and only those 50 are joined to their product, producer
  // and listing: a province's queue holds thousands (bench:dashboard).
  const chosen = filter.groupByProducer
    ? sql`select a.id from alerts a
          left join products p on p.id = ${productOf}
          left join producers pr on pr.id = p.producer_id
          where ${narrowing} order by pr.name nulls last, pr.id, a.updated_at desc, a.id desc
          limit ${pageSize} offset ${(page - 1) * pageSize}`
    : sql`select a.id from alerts a where ${narrowing}
          order by a.updated_at desc, a.id desc limit ${pageSize} offset ${(page - 1) * pageSize}`;
  const order = filter.groupByProducer
    ? sql`pr.name nulls last, pr.id, a.updated_at desc, a.id desc`
    : sql`a.updated_at desc, a.id desc`;
  const rows = await queryRows<{
    id: number;
    type: string;
    state: string;
    severity: string;
    marketplace: string | null;
    listing_id: number | null;
    product_id: number | null;
    product_name: string | null;
    producer_id: number | null;
    producer_name: string | null;
    contact_person: string | null;
    phone: string | null;
    zalo_phone: string | null;
    email: string | null;
    commune_code: string | null;
    commune_name: string | null;
    url: string | null;
    opened_at: string;
    updated_at: string;
    evidence: unknown;
  }>(
    db,
    sql`select a.id, a.type, a.state, a.severity, a.marketplace, a.listing_id, p.id as product_id, p.name as product_name,
               pr.id as producer_id, pr.name as producer_name,
               pr.contact_person, pr.phone, pr.zalo_phone, pr.email, p.commune_code, p.commune_name,
               coalesce(l.url, a.evidence->>'url') as url, a.opened_at::text, a.updated_at::text, a.evidence
        from alerts a
        left join listings l on l.id = a.listing_id
        left join products p on p.id = coalesce(a.product_id, l.product_id)
        left join producers pr on pr.id = p.producer_id
        where a.id in (${chosen}) order by ${order}`,
  );
  const [count] = await queryRows<{ total: number }>(
    db,
    sql`select count(*)::int as total from alerts a where ${narrowing}`,
  );
  return {
    total: count?.total ?? 0,
    page,
    pageSize,
    alerts: rows.map((r) => ({
      id: Number(r.id),
      type: r.type,
      state: r.state,
      severity: r.severity,
      marketplace: r.marketplace,
      listingId: r.listing_id === null ? null : Number(r.listing_id),
      productId: r.product_id === null ? null : Number(r.product_id),
      productName: r.product_name,
      producerId: r.producer_id === null ? null : Number(r.producer_id),
      producerName: r.producer_name,
      producerContact:
        r.producer_id === null
          ? null
          : { person: r.contact_person, phone: r.phone, zaloPhone: r.zalo_phone, email: r.email },
      communeCode: r.commune_code,
      communeName: r.commune_name,
      url: r.url,
      openedAt: new Date(r.opened_at),
      updatedAt: new Date(r.updated_at),
      evidence: r.evidence,
    })),
  };
}

/** The communes of the registry, with their names where the registry gave them: the queue's filter. */
export function registryCommunes(db: Database) {
  return queryRows<{ code: string; name: string | null }>(
    db,
    sql`select commune_code as code, max(commune_name) as name from products
        where commune_code is not null group by commune_code order by coalesce(max(commune_name), commune_code)`,
  );
}
