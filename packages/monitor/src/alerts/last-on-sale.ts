import { sql } from 'drizzle-orm';
import type { Database } from '../store/open-store.ts';
import { queryRows } from '../store/query-rows.ts';

/** The last time a listing read on sale, and what it showed then: the "before" of a removal. */
export interface OnSaleReading {
  checkedAt: Date;
  title: string | null;
  price: number | null;
  sold: number | null;
  soldApproximate: boolean;
  stock: string | null;
}

export async function lastOnSale(db: Database, listingId: number): Promise<OnSaleReading | null> {
  const [row] = await queryRows<{
    checked_at: string;
    title: string | null;
    price: number | null;
    sold_value: number | null;
    sold_approximate: boolean | null;
    stock: string | null;
  }>(
    db,
    sql`select checked_at::text, data->>'title' as title, (data->>'price')::bigint as price, sold_value, sold_approximate, stock
        from observations where listing_id = ${listingId} and verdict = 'active'
        order by checked_at desc limit 1`,
  );
  if (!row) return null;
  return {
    checkedAt: new Date(row.checked_at),
    title: row.title,
    price: row.price === null ? null : Number(row.price),
    sold: row.sold_value,
    soldApproximate: row.sold_approximate === true,
    stock: row.stock,
  };
}

/** A listing's latest reading, whatever it said and whichever run it belongs to. */
export async function latestReading(db: Database, listingId: number): Promise<{ at: Date; verdict: string } | null> {
  const [row] = await queryRows<{ checked_at: string; verdict: string }>(
    db,
    sql`select checked_at::text, verdict from observations where listing_id = ${listingId}
        order by checked_at desc limit 1`,
  );
  return row ? { at: new Date(row.checked_at), verdict: row.verdict } : null;
}
