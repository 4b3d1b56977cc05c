import { sql } from 'drizzle-orm';
import type { Database } from '../store/open-store.ts';
import { queryRows } from '../store/query-rows.ts';

/**
 * For each listing URL, how many `delisted` observations count as evidence (their marketplace was
 * not quarantined in that run): two of them confirm a delisting. Used to score detection.
 */
export async function delistedEvidenceByUrl(db: Database): Promise<Map<string, number>> {
  const rows = await queryRows<{ url: string; n: number }>(
    db,
    sql`select l.url, count(*)::int as n from observations o
        join listings l on l.id = o.listing_id
        left join marketplace_health h on h.run_id = o.run_id and h.marketplace = o.marketplace
        where o.verdict = 'delisted' and coalesce(h.quarantined, false) = false
        group by l.url`,
  );
  return new Map(rows.map((row) => [row.url, row.n]));
}
