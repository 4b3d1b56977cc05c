import type { AdapterContext, MarketplaceAdapter, Observation } from '@ocop-monitor/adapters';
import { sql } from 'drizzle-orm';
import type { MonitorConfig } from '../config.ts';
import type { Database } from '../store/open-store.ts';

/** A configured control page: a product of `marketplace` known to stay on sale (`monitor.controlUrls`). */
export interface ControlToCheck {
  marketplace: string;
  url: string;
}

/** The control pages of the marketplaces this run checks. */
export function controlsToCheck(
  controlUrls: MonitorConfig['controlUrls'],
  marketplaces: readonly string[],
): ControlToCheck[] {
  return marketplaces.flatMap((marketplace) => (controlUrls[marketplace] ?? []).map((url) => ({ marketplace, url })));
}

/**
 * Checks one control page the way a listing is checked. A control that reads on sale tells the run
 * that the marketplace shows products today, so its removals may count even when none of the
 * province's own listings there read on sale (DESIGN §4, "Each run has a control").
 */
export async function checkControl(
  control: ControlToCheck,
  adapter: MarketplaceAdapter,
  ctx: AdapterContext,
): Promise<Observation | null> {
  const ref = adapter.parseRef(control.url);
  return ref ? adapter.check(ref, ctx) : null;
}

/** Stores a control's verdict for the run (a retried check replaces it). */
export async function recordControl(
  db: Database,
  runId: number,
  control: ControlToCheck,
  observation: Observation,
): Promise<void> {
  await db.execute(sql`
    insert into run_controls (run_id, marketplace, url, verdict, reason, matched_rule, checked_at)
    values (${runId}, ${control.marketplace}, ${control.url}, ${observation.verdict}, ${observation.reason},
            ${observation.evidence.matchedRule}, ${observation.checkedAt}::timestamptz)
    on conflict (run_id, url) do update set verdict = excluded.verdict, reason = excluded.reason,
      matched_rule = excluded.matched_rule, checked_at = excluded.checked_at`);
}
