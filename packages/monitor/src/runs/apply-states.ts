import { sql } from 'drizzle-orm';
import { isStale, type ListingState, nextListingState } from '../listings/listing-state.ts';
import type { Database } from '../store/open-store.ts';
import { queryRows } from '../store/query-rows.ts';

interface Row {
  listing_id: number;
  state: ListingState;
  suspect_since: string | null;
  seen_evidence_since: string | null;
  last_conclusive_at: string | null;
  observation_id: number;
  verdict: 'active' | 'delisted' | 'unknown';
  checked_at: string;
  provenance: 'seen' | 'assumed' | 'authoritative' | null;
  marketplace: string;
}

const CHUNK = 1_000;

const at = (text: string | null) => (text ? new Date(text) : null);

/**
 * Advances every listing checked in the run, then marks long-inconclusive ones stale. A listing
 * already moved by a newer observation (an older run resumed after a newer one finished) is left
 * as the newer one put it: old news never overwrites a newer state.
 */
export async function applyStates(
  db: Database,
  runId: number,
  runAt: Date,
  /** `quarantined`: marketplaces whose delisted evidence does not count this run (quarantine, held). */
  options: { confirmAfterMs: number; staleAfterMs: number; quarantined: ReadonlySet<string> },
): Promise<Record<string, number>> {
  const rows = await queryRows<Row>(
    db,
    sql`select l.id as listing_id, l.state, l.suspect_since::text, l.seen_evidence_since::text,
               l.last_conclusive_at::text, o.id as observation_id, o.verdict, o.checked_at::text,
               o.evidence->>'provenance' as provenance, o.marketplace
        from observations o join listings l on l.id = o.listing_id
        where o.run_id = ${runId} and (l.last_checked_at is null or l.last_checked_at <= o.checked_at)
        order by l.id`,
  );
  const transitions: Record<string, number> = {};
  const updates: Array<[number, string, string, string | null, string | null, number, string, string | null]> = [];
  for (const row of rows) {
    const checkedAt = new Date(row.checked_at);
    const current = {
      state: row.state,
      suspectSince: at(row.suspect_since),
      seenEvidenceSince: at(row.seen_evidence_since),
    };
    const next = nextListingState(
      current,
      { verdict: row.verdict, checkedAt, provenance: row.provenance },
      {
        confirmAfterMs: options.confirmAfterMs,
        quarantined: options.quarantined.has(row.marketplace),
      },
    );
    const conclusive =
      row.verdict !== 'unknown' && !(row.verdict === 'delisted' && options.quarantined.has(row.marketplace));
    let state = next.state;
    const lastConclusive = conclusive ? checkedAt : row.last_conclusive_at ? new Date(row.last_conclusive_at) : null;
    if (isStale(state, lastConclusive, runAt, options.staleAfterMs)) state = 'stale';
    if (state !== row.state) {
      const key = `${row.state}→${state}`;
      transitions[key] = (transitions[key] ?? 0) + 1;
    }
    updates.push([
      row.listing_id,
      state,
      state !== row.state ? checkedAt.toISOString() : '',
      next.suspectSince?.toISOString() ?? null,
      next.seenEvidenceSince?.toISOString() ?? null,
      row.observation_id,
      checkedAt.toISOString(),
      conclusive ? checkedAt.toISOString() : null,
    ]);
  }
  for (let i = 0; i < updates.length; i += CHUNK) {
    const values = sql.join(
      updates
        .slice(i, i + CHUNK)
        .map(
          ([id, state, since, suspect, seenSince, observation, checked, conclusive]) =>
            sql`(${id}::bigint, ${state}::text, ${since}::text, ${suspect}::timestamptz, ${seenSince}::timestamptz, ${observation}::bigint, ${checked}::timestamptz, ${conclusive}::timestamptz)`,
        ),
      sql`, `,
    );
    await db.execute(sql`
      update listings l set
        state = v.state,
        state_since = case when v.since = '' then l.state_since else v.since::timestamptz end,
        suspect_since = v.suspect,
        seen_evidence_since = v.seen_since,
        last_observation_id = v.observation,
        last_checked_at = v.checked,
        last_conclusive_at = coalesce(v.conclusive, l.last_conclusive_at),
        -- the shop its page links to: how tomorrow's run batches it (kept when a check did not say)
        shop_url = coalesce((select o.data->'shop'->>'url' from observations o where o.id = v.observation), l.shop_url),
        updated_at = now()
      from (values ${values}) as v(id, state, since, suspect, seen_since, observation, checked, conclusive)
      where l.id = v.id`);
  }
  return transitions;
}
