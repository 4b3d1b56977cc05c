import type { AdapterContext, MarketplaceAdapter, Observation } from '@ocop-monitor/adapters';
import { sql } from 'drizzle-orm';
import type { MonitorConfig } from '../config.ts';
import type { Database } from '../store/open-store.ts';
import { queryRows } from '../store/query-rows.ts';

/**
 * A run's control of a marketplace (DESIGN §4, "Each run has two controls"): `positive` — a
 * configured product known to stay on sale (`monitor.controlUrls`); `negative` — an address no
 * product has, whose answer must be the marketplace's own kept not-found answer.
 */
export interface ControlToCheck {
  marketplace: string;
  url: string;
  kind: 'positive' | 'negative';
}

/** The configured control pages of the marketplaces this run checks. */
export function controlsToCheck(
  controlUrls: MonitorConfig['controlUrls'],
  marketplaces: readonly string[],
): ControlToCheck[] {
  return marketplaces.flatMap((marketplace) =>
    (controlUrls[marketplace] ?? []).map((url) => ({ marketplace, url, kind: 'positive' as const })),
  );
}

/**
 * Each marketplace's negative control for the run of `runDate`: an address shaped like one of its
 * listings (the oldest), with an id no product has, a new one each day.
 */
export async function negativeControlsToCheck(
  db: Database,
  adapters: ReadonlyMap<string, MarketplaceAdapter>,
  runDate: string,
): Promise<ControlToCheck[]> {
  const samples = await queryRows<{ marketplace: string; item_id: string; shop_id: string | null; url: string }>(
    db,
    sql`select distinct on (marketplace) marketplace, item_id, shop_id, url from listings order by marketplace, id`,
  );
  return samples.flatMap((sample) => {
    const adapter = adapters.get(sample.marketplace);
    const ref = adapter?.notFoundControl(
      { marketplace: sample.marketplace, itemId: sample.item_id, shopId: sample.shop_id, url: sample.url },
      runDate,
    );
    return ref ? [{ marketplace: sample.marketplace, url: ref.url, kind: 'negative' as const }] : [];
  });
}

/** Answers that say nothing of the marketplace, only of the moment: asked again. */
const PASSING = new Set(['timeout', 'network', 'rate_limited', 'server_error', 'blocked']);
const ATTEMPTS = 4;

/**
 * Checks one control the way a listing is checked, asking up to four times, a little longer apart
 * each time (1, 2, 3 s: past a short Retry-After), while the answer is a passing failure: a control
 * that could not be read holds the whole run's removals of its marketplace, so one dropped
 * connection must not.
 */
export async function checkControl(
  control: Pick<ControlToCheck, 'url'>,
  adapter: MarketplaceAdapter,
  ctx: AdapterContext,
  pauseMs = 1_000,
): Promise<Observation | null> {
  const ref = adapter.parseRef(control.url);
  if (!ref) return null;
  let observation = await adapter.check(ref, ctx);
  for (let attempt = 1; attempt < ATTEMPTS; attempt += 1) {
    if (observation.verdict !== 'unknown' || !PASSING.has(observation.reason)) break;
    await new Promise((resolve) => setTimeout(resolve, pauseMs * attempt));
    observation = await adapter.check(ref, ctx);
  }
  return observation;
}

/** Stores a control's verdict for the run (a retried check replaces it). */
export async function recordControl(
  db: Database,
  runId: number,
  control: ControlToCheck,
  observation: Observation,
): Promise<void> {
  await db.execute(sql`
    insert into run_controls (run_id, marketplace, url, kind, verdict, reason, matched_rule, answer, checked_at)
    values (${runId}, ${control.marketplace}, ${control.url}, ${control.kind}, ${observation.verdict},
            ${observation.reason}, ${observation.evidence.matchedRule}, ${observation.evidence.answer ?? null},
            ${observation.checkedAt}::timestamptz)
    on conflict (run_id, url) do update set verdict = excluded.verdict, reason = excluded.reason,
      matched_rule = excluded.matched_rule, answer = excluded.answer, checked_at = excluded.checked_at`);
}
