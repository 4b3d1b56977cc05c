import { sql } from 'drizzle-orm';
import type { Database } from '../store/open-store.ts';
import { queryRows } from '../store/query-rows.ts';
import type { RuleOutcome } from './types.ts';

/**
 * `out_of_stock`: active, and read out of stock by each of the last `days` daily runs — one run per
 * calendar day, so a day without a run, or a run whose check could not read the stock (blocked,
 * timed out), postpones the alert (undecidable) rather than let one reading after a gap complete
 * the streak. A check in the window that read it in stock clears it. A live alert is held, not
 * resolved, while its listing is suspect or stale.
 */
export async function outOfStockRule(db: Database, runId: number, days: number): Promise<RuleOutcome> {
  const rows = await queryRows<{
    listing_id: number;
    state: string;
    product_id: number;
    marketplace: string;
    url: string;
    stock: string | null;
    verdict: string | null;
    out_of_stock_days: number;
    in_stock_lately: boolean;
    watched_long_enough: boolean;
  }>(
    db,
    sql`with run as (select run_date from runs where id = ${runId}),
        window_runs as (select r.id, r.run_date from runs r, run
                        where r.run_date > run.run_date - ${days}::int and r.run_date <= run.run_date)
        select l.id as listing_id, l.state, l.product_id, l.marketplace, l.url, cur.stock, cur.verdict,
               (select count(distinct w.run_date) from observations o join window_runs w on w.id = o.run_id
                 where o.listing_id = l.id and o.verdict = 'active' and o.stock = 'out_of_stock')::int as out_of_stock_days,
               exists (select 1 from observations o join window_runs w on w.id = o.run_id
                        where o.listing_id = l.id and o.stock = 'in_stock') as in_stock_lately,
               exists (select 1 from observations o join runs r on r.id = o.run_id, run
                        where o.listing_id = l.id and o.verdict = 'active' and r.run_date <= run.run_date - ${days}::int) as watched_long_enough
        from listings l left join observations cur on cur.run_id = ${runId} and cur.listing_id = l.id
        where l.state in ('active', 'suspect', 'stale')`,
  );
  const outcome: RuleOutcome = { type: 'out_of_stock', raise: [], keep: new Set(), undecidable: 0 };
  for (const row of rows) {
    const subject = `listing:${row.listing_id}`;
    if (row.state !== 'active' || row.verdict !== 'active' || row.stock === 'unknown') {
      outcome.keep.add(subject);
      continue;
    }
    if (row.stock !== 'out_of_stock' || row.in_stock_lately) continue;
    if (row.out_of_stock_days < days) {
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
