import { sql } from 'drizzle-orm';
import type { Database } from '../store/open-store.ts';
import { queryRows } from '../store/query-rows.ts';
import { countedRemoval } from './counted-evidence.ts';
import type { RuleOutcome } from './types.ts';

/**
 * `listing_delisted`: the listing's state became `delisted` (two seen sightings, or a reviewer's
 * confirmation of a possible removal). Its evidence is the removal itself — the sighting that
 * confirmed it and the first one — never a later check (a 429 the next day proves nothing).
 */
export async function listingDelistedRule(db: Database): Promise<RuleOutcome> {
  const rows = await queryRows<{
    id: number;
    product_id: number;
    marketplace: string;
    url: string;
    suspect_since: string;
    state_since: string;
    removal: unknown;
    removal_reason: string | null;
    first_sighting: unknown;
  }>(
    db,
    sql`select l.id, l.product_id, l.marketplace, l.url, l.suspect_since::text, l.state_since::text,
               removal.evidence as removal, removal.reason as removal_reason, first.evidence as first_sighting
        from listings l
        left join lateral (select o.evidence, o.reason from observations o
                           where o.listing_id = l.id and ${countedRemoval('o')} and o.checked_at <= l.state_since
                           order by o.checked_at desc limit 1) removal on true
        left join lateral (select o.evidence from observations o
                           where o.listing_id = l.id and o.verdict = 'delisted' and o.checked_at = l.suspect_since
                           limit 1) first on true
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
        removal: row.removal,
        // `seller_hidden`: the producer hid it themself — staff see it, the producer is not messaged.
        removalReason: row.removal_reason,
        firstSighting: row.first_sighting,
      },
    })),
  };
}
