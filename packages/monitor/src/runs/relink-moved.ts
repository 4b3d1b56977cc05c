import { sql } from 'drizzle-orm';
import type { Database } from '../store/open-store.ts';
import { queryRows } from '../store/query-rows.ts';

/**
 * Listings the marketplace moved for good in this run (a permanent redirect of a renamed slug-only
 * address to the same product, on sale there): each learns its new address and id and keeps its
 * history (the same listing row, its observations and alerts). A new id already linked to another
 * listing is left alone: two listings never share one product page. Returns how many moved.
 */
export async function relinkMovedListings(db: Database, runId: number): Promise<number> {
  const moved = await queryRows<{ id: number }>(
    db,
    sql`update listings l set url = o.evidence->'movedTo'->>'url', item_id = o.evidence->'movedTo'->>'itemId',
               updated_at = now()
        from observations o
        where o.run_id = ${runId} and o.listing_id = l.id and o.verdict = 'active' and o.evidence ? 'movedTo'
          and (l.last_checked_at is null or l.last_checked_at <= o.checked_at)
          and not exists (select 1 from listings x where x.marketplace = l.marketplace
                            and x.item_id = o.evidence->'movedTo'->>'itemId' and x.id <> l.id)
        returning l.id`,
  );
  return moved.length;
}
