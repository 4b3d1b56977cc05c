import { sql } from 'drizzle-orm';
import type { Database } from '../store/open-store.ts';
import { queryRows } from '../store/query-rows.ts';
import type { RuleOutcome } from './types.ts';

/** `listing_delisted`: the listing's state became `delisted` (two observations, confirmed). */
export async function listingDelistedRule(db: Database): Promise<RuleOutcome> {
  const rows = await queryRows<{
    id: number;
    product_id: number;
    marketplace: string;
    url: string;
    suspect_since: string;
    state_since: string;
    evidence: unknown;
  }>(
    db,
    sql`select l.id, l.product_id, l.marketplace, l.url, l.suspect_since::text, l.state_since::text, o.evidence
        from listings l left join observations o on o.id = l.last_observation_id
        where l.state = 'delisted'`,
  );
  return {
    type: 'listing_delisted',
    undecidable: 0,
    keep: new Set(),
    raise: rows.map((row) => ({
      type: 'listing_delisted',
      subject: `listing:${row.id}`,
      severity: 'critical',
      listingId: row.id,
      productId: row.product_id,
      marketplace: row.marketplace,
      evidence: {
        url: row.url,
        firstSeenDelistedAt: row.suspect_since,
        confirmedAt: row.state_since,
        lastObservation: row.evidence,
      },
    })),
  };
}
