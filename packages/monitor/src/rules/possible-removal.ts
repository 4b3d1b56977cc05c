import { sql } from 'drizzle-orm';
import type { Database } from '../store/open-store.ts';
import { queryRows } from '../store/query-rows.ts';
import { countedRemoval } from './counted-evidence.ts';
import type { RuleOutcome } from './types.ts';

/**
 * `listing_possibly_removed`: a suspect listing whose removal evidence comes from rules that were
 * never seen on the real marketplace (DESIGN §4: assumed rules raise a suspicion for a person,
 * never confirm alone), sighted again at least `confirmAfterMs` after the first time — the same
 * wait a seen rule needs to confirm. A reviewer
 * who confirms it makes the listing `delisted`; until then coverage keeps it. Held, not resolved,
 * while the listing is unreadable; resolved when it reads on sale again or is confirmed.
 */
export async function possibleRemovalRule(db: Database, confirmAfterMs: number): Promise<RuleOutcome> {
  const rows = await queryRows<{
    id: number;
    product_id: number;
    marketplace: string;
    url: string;
    suspect_since: string;
    seen_evidence_since: string | null;
    last_seen_at: string | null;
    evidence: Record<string, unknown> | null;
  }>(
    db,
    sql`select l.id, l.product_id, l.marketplace, l.url, l.suspect_since::text, l.seen_evidence_since::text,
               latest.checked_at::text as last_seen_at, latest.evidence
        from listings l
        left join lateral (select o.checked_at, o.evidence from observations o
                           where o.listing_id = l.id and ${countedRemoval('o')} and o.checked_at >= l.suspect_since
                           order by o.checked_at desc limit 1) latest on true
        where l.state in ('suspect', 'stale') and l.suspect_since is not null`,
  );
  const outcome: RuleOutcome = { type: 'listing_possibly_removed', raise: [], keep: new Set(), undecidable: 0 };
  for (const row of rows) {
    const subject = `listing:${row.id}`;
    // From the first seen sighting when there is one: a second seen sighting would have confirmed
    // the listing, so still being suspect that long after means the later evidence is assumed.
    const from = new Date(row.seen_evidence_since ?? row.suspect_since).getTime();
    const waited = row.last_seen_at ? new Date(row.last_seen_at).getTime() - from : 0;
    if (!row.evidence || waited < confirmAfterMs) {
      outcome.keep.add(subject);
      continue;
    }
    outcome.raise.push({
      type: 'listing_possibly_removed',
      subject,
      severity: 'warn',
      listingId: row.id,
      productId: row.product_id,
      marketplace: row.marketplace,
      evidence: {
        url: row.url,
        firstSeenDelistedAt: row.suspect_since,
        lastSeenDelistedAt: row.last_seen_at,
        removal: row.evidence,
        whatToDo:
          'Mở liên kết: nếu sàn đã gỡ sản phẩm, xác nhận (confirm) để ghi nhận gỡ bỏ và báo chủ thể; nếu sản phẩm vẫn bán, bỏ qua (dismiss). / Open the link: if the marketplace removed it, confirm (it becomes delisted and the producer is told); if it is on sale, dismiss.',
      },
    });
  }
  return outcome;
}
