import { sql } from 'drizzle-orm';
import type { Database } from '../store/open-store.ts';
import { queryRows } from '../store/query-rows.ts';
import type { RuleOutcome } from './types.ts';

/**
 * `out_of_stock`: active, and seen out of stock in every check of the last `days`. A check in that
 * window that could not read the stock (blocked, timed out) might have hidden a restock, so the
 * rule then keeps what it had rather than raise a new alert on a guess.
 */
export async function outOfStockRule(db: Database, runId: number, runAt: Date, days: number): Promise<RuleOutcome> {
  const since = new Date(runAt.getTime() - days * 86_400_000).toISOString();
  const rows = await queryRows<{
    listing_id: number;
    product_id: number;
    marketplace: string;
    url: string;
    stock: string | null;
    verdict: string | null;
    in_stock_lately: boolean;
    blind_lately: boolean;
    watched_long_enough: boolean;
  }>(
    db,
    sql`select l.id as listing_id, l.product_id, l.marketplace, l.url, cur.stock, cur.verdict,
               exists (select 1 from observations o where o.listing_id = l.id and o.stock = 'in_stock' and o.checked_at > ${since}::timestamptz) as in_stock_lately,
               exists (select 1 from observations o where o.listing_id = l.id and o.checked_at > ${since}::timestamptz
                         and (o.verdict <> 'active' or o.stock is null or o.stock = 'unknown')) as blind_lately,
               exists (select 1 from observations o where o.listing_id = l.id and o.verdict = 'active' and o.checked_at <= ${since}::timestamptz) as watched_long_enough
        from listings l left join observations cur on cur.run_id = ${runId} and cur.listing_id = l.id
        where l.state = 'active'`,
  );
  const outcome: RuleOutcome = { type: 'out_of_stock', raise: [], keep: new Set(), undecidable: 0 };
  for (const row of rows) {
    const subject = `listing:${row.listing_id}`;
    if (row.verdict !== 'active' || row.stock === 'unknown') {
      outcome.keep.add(subject);
      continue;
    }
    if (row.stock !== 'out_of_stock' || row.in_stock_lately) continue;
    if (row.blind_lately) {
      outcome.undecidable += 1;
      outcome.keep.add(subject);
      continue;
    }
    if (row.watched_long_enough) {
      outcome.raise.push({
        type: 'out_of_stock',
        subject,
        severity: 'warn',
        listingId: row.listing_id,
        productId: row.product_id,
        marketplace: row.marketplace,
        evidence: { url: row.url, outOfStockForMoreThanDays: days },
      });
    }
  }
  return outcome;
}
