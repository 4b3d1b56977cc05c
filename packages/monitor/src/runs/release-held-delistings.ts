import { sql } from 'drizzle-orm';
import { reconcileAlerts } from '../alerts/reconcile.ts';
import { type ListingState, type ListingStatus, nextListingState } from '../listings/listing-state.ts';
import { listingDelistedRule } from '../rules/listing-delisted.ts';
import { possibleRemovalRule } from '../rules/possible-removal.ts';
import type { Database } from '../store/open-store.ts';
import { queryRows } from '../store/query-rows.ts';

interface HeldRow {
  listing_id: number;
  state: ListingState;
  suspect_since: string | null;
  seen_evidence_since: string | null;
  checked_at: string;
  provenance: 'seen' | 'assumed' | 'authoritative' | null;
}

const at = (text: string | null) => (text ? new Date(text) : null);

/**
 * A reviewer accepted a mass disappearance (alert `alertId` of `marketplace`): the delisted
 * evidence of the runs that alert held takes effect as if it had counted in them (oldest first,
 * through the same state machine, each sighting with its provenance), and the listings it confirms
 * get their `listing_delisted` alerts now. Runs held under another alert — one a reviewer
 * dismissed — stay held. Evidence older than a listing's latest `active` observation is left out:
 * the listing was seen on sale after it.
 */
export async function releaseHeldDelistings(
  db: Database,
  marketplace: string,
  options: { alertId: number; confirmAfterMs: number; now: Date },
): Promise<{ released: number; runs: number }> {
  const heldRuns = await queryRows<{ run_id: number }>(
    db,
    sql`update marketplace_health set released_at = ${options.now.toISOString()}::timestamptz
        where marketplace = ${marketplace} and held and released_at is null and alert_id = ${options.alertId}
        returning run_id`,
  );
  if (heldRuns.length === 0) return { released: 0, runs: 0 };
  const rows = await queryRows<HeldRow>(
    db,
    sql`select l.id as listing_id, l.state, l.suspect_since::text, l.seen_evidence_since::text,
               o.checked_at::text, o.evidence->>'provenance' as provenance
        from observations o join listings l on l.id = o.listing_id
        where o.marketplace = ${marketplace} and o.verdict = 'delisted'
          and o.run_id in (${sql.join(
            heldRuns.map((r) => sql`${r.run_id}`),
            sql`, `,
          )})
          and not exists (select 1 from observations a where a.listing_id = o.listing_id
                          and a.verdict = 'active' and a.checked_at > o.checked_at)
        order by l.id, o.checked_at`,
  );
  // Per listing: its state after each held observation, when that state began, and the last evidence.
  const latest = new Map<number, ListingStatus & { at: Date; seen: Date }>();
  for (const row of rows) {
    const checkedAt = new Date(row.checked_at);
    const current = latest.get(row.listing_id) ?? {
      state: row.state,
      suspectSince: at(row.suspect_since),
      seenEvidenceSince: at(row.seen_evidence_since),
      at: checkedAt,
      seen: checkedAt,
    };
    const next = nextListingState(
      current,
      { verdict: 'delisted', checkedAt, provenance: row.provenance },
      { confirmAfterMs: options.confirmAfterMs, quarantined: false },
    );
    latest.set(row.listing_id, { ...next, at: next.state !== current.state ? checkedAt : current.at, seen: checkedAt });
  }
  for (const [id, next] of latest) {
    await db.execute(sql`
      update listings set state = ${next.state},
        state_since = case when state = ${next.state} then state_since else ${next.at.toISOString()}::timestamptz end,
        suspect_since = ${next.suspectSince?.toISOString() ?? null}::timestamptz,
        seen_evidence_since = ${next.seenEvidenceSince?.toISOString() ?? null}::timestamptz,
        last_conclusive_at = greatest(last_conclusive_at, ${next.seen.toISOString()}::timestamptz),
        updated_at = now()
      where id = ${id}`);
  }
  await reconcileAlerts(
    db,
    [await listingDelistedRule(db), await possibleRemovalRule(db, options.confirmAfterMs)],
    options.now,
  );
  return { released: latest.size, runs: heldRuns.length };
}
