import { sql } from 'drizzle-orm';
import type { Database } from '../store/open-store.ts';
import { queryRows } from '../store/query-rows.ts';

export interface SellerFigures {
  /** Shops whose consent is active now. */
  shops: number;
  /** Listings read from the seller's record (an item check) since the store began. */
  checks: number;
  /** Token refreshes of the consents still on record. */
  refreshes: number;
}

/** How much of a marketplace is read from its open platform, for the demo and the operator. */
export async function sellerFigures(db: Database, marketplace: string): Promise<SellerFigures> {
  const [consents] = await queryRows<{ shops: number; refreshes: number }>(
    db,
    sql`select count(distinct shop_id) filter (where state = 'active')::int as shops,
               coalesce(sum(refreshes), 0)::int as refreshes
        from seller_consents where marketplace = ${marketplace}`,
  );
  // A seller source's rules are named `<its id>.…` (`shopee-seller.item.NORMAL`).
  const [checks] = await queryRows<{ checks: number }>(
    db,
    sql`select count(*)::int as checks from observations o join listings l on l.id = o.listing_id
        where l.marketplace = ${marketplace} and o.evidence->>'matchedRule' like ${`${marketplace}-seller.%`}`,
  );
  return { shops: consents?.shops ?? 0, checks: checks?.checks ?? 0, refreshes: consents?.refreshes ?? 0 };
}
