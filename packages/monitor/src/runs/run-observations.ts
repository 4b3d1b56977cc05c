import { sql } from 'drizzle-orm';
import type { Database } from '../store/open-store.ts';
import { queryRows } from '../store/query-rows.ts';

/** What one check of a run saw, by listing URL. */
export interface RunObservation {
  url: string;
  verdict: 'active' | 'delisted' | 'unknown';
  reason: string;
  soldValue: number | null;
  soldApproximate: boolean | null;
  stock: string | null;
  /**
   * A `delisted` verdict that counts toward confirming a delisting: its marketplace was neither
   * quarantined nor held as a mass disappearance in that run (or a reviewer accepted the hold).
   */
  countsAsDelistedEvidence: boolean;
}

/** The observations of the run of `runDate`, after its finalisation; empty when there is no such run. */
export async function runObservations(db: Database, runDate: string): Promise<Map<string, RunObservation>> {
  const rows = await queryRows<{
    url: string;
    verdict: RunObservation['verdict'];
    reason: string;
    sold_value: number | null;
    sold_approximate: boolean | null;
    stock: string | null;
    counts: boolean;
  }>(
    db,
    sql`select l.url, o.verdict, o.reason, o.sold_value, o.sold_approximate, o.stock,
               (o.verdict = 'delisted' and coalesce(h.quarantined, false) = false
                and (coalesce(h.held, false) = false or h.released_at is not null)) as counts
        from runs r join observations o on o.run_id = r.id join listings l on l.id = o.listing_id
        left join marketplace_health h on h.run_id = o.run_id and h.marketplace = o.marketplace
        where r.run_date = ${runDate}::date`,
  );
  return new Map(
    rows.map((row) => [
      row.url,
      {
        url: row.url,
        verdict: row.verdict,
        reason: row.reason,
        soldValue: row.sold_value,
        soldApproximate: row.sold_approximate,
        stock: row.stock,
        countsAsDelistedEvidence: row.counts,
      },
    ]),
  );
}
