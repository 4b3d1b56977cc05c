import { sql } from 'drizzle-orm';
import type { Database } from '../store/open-store.ts';
import { queryRows } from '../store/query-rows.ts';

/** One tab of the review queue: the live alerts of some kinds, in some states. */
export interface QueueView {
  types?: readonly string[];
  states?: readonly string[];
}

/**
 * The queue's tabs. "decide" holds only what waits for a person: a removal or a mass disappearance
 * nobody has looked at (nothing reaches the producer until someone does). The other kinds go on by
 * themselves (a zero-sales reminder is sent after its delay) or are facts to follow up.
 */
export const QUEUE_VIEWS = {
  decide: {
    types: ['listing_delisted', 'listing_possibly_removed', 'marketplace_mass_delisting'],
    states: ['open'],
  },
  sales: { types: ['zero_sales', 'out_of_stock'] },
  uncovered: { types: ['product_uncovered'] },
  certificates: { types: ['certificate_expiring'] },
  system: { types: ['marketplace_degraded', 'run_overdue'] },
  reviewed: { states: ['confirmed', 'dismissed', 'snoozed'] },
  all: {},
} as const satisfies Record<string, QueueView>;

export type QueueViewName = keyof typeof QUEUE_VIEWS;
export const QUEUE_VIEW_NAMES = Object.keys(QUEUE_VIEWS) as QueueViewName[];

const fits = (view: QueueView, type: string, state: string) =>
  (!view.types || view.types.includes(type)) && (!view.states || view.states.includes(state));

/** How many live alerts each tab holds (Today's "waiting for you" is `decide`). */
export async function queueViewCounts(db: Database): Promise<Record<QueueViewName, number>> {
  const rows = await queryRows<{ type: string; state: string; n: number }>(
    db,
    sql`select type, state, count(*)::int as n from alerts where resolved_at is null group by type, state`,
  );
  const counts = Object.fromEntries(QUEUE_VIEW_NAMES.map((name) => [name, 0])) as Record<QueueViewName, number>;
  for (const name of QUEUE_VIEW_NAMES)
    for (const row of rows) if (fits(QUEUE_VIEWS[name], row.type, row.state)) counts[name] += Number(row.n);
  return counts;
}
