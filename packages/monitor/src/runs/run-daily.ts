import type { Logger, MarketplaceAdapter, Observation, PoliteHttpClient } from '@ocop-monitor/adapters';
import { and, eq, ne, sql } from 'drizzle-orm';
import type { MonitorConfig } from '../config.ts';
import type { Database } from '../store/open-store.ts';
import { listings, observations, runs } from '../store/schema.ts';
import { checkControl, controlsToCheck, negativeControlsToCheck, recordControl } from './check-controls.ts';
import { type ListingToCheck, observeListing } from './check-listing.ts';
import { checkShop } from './check-shop.ts';
import { eachConcurrently } from './each-concurrently.ts';
import { type AfterAlertsHook, finalizeRun, type RunSummary } from './finalize-run.ts';
import { openRun } from './open-run.ts';
import { planChecks } from './plan-checks.ts';
import { ObservationRecorder } from './record-observation.ts';
import { recordShopReads } from './shop-reads.ts';

export interface DailyRunInput {
  db: Database;
  adapters: readonly MarketplaceAdapter[];
  http: PoliteHttpClient;
  config: MonitorConfig;
  /** The run's date (Asia/Ho_Chi_Minh). */
  runDate: string;
  /** The run's clock; checks are stamped with `now()` (the demo passes the simulated time). */
  runAt: Date;
  now?: () => Date;
  logger?: Logger;
  onProgress?: (done: number, total: number) => void;
  /** Runs in the finalisation's transaction once alerts are reconciled (the notification outbox). */
  afterAlerts?: AfterAlertsHook | undefined;
}

/**
 * Listings the run must check: those with no observation in it yet, and those whose reading in it is
 * `unknown` (blocked, timed out: a resumed run tries them again rather than keep a reading that
 * says nothing). A conclusive reading is kept: a resumed run does not read that listing twice.
 */
export async function listingsToCheck(
  db: Database,
  runId: number,
  marketplaces: readonly string[],
): Promise<ListingToCheck[]> {
  const rows = await db
    .select({
      id: listings.id,
      marketplace: listings.marketplace,
      itemId: listings.itemId,
      shopId: listings.shopId,
      url: listings.url,
      shopUrl: listings.shopUrl,
    })
    .from(listings)
    .leftJoin(observations, and(eq(observations.listingId, listings.id), eq(observations.runId, runId)))
    .where(and(ne(listings.state, 'retired'), sql`(${observations.id} is null or ${observations.verdict} = 'unknown')`))
    .orderBy(listings.id);
  return rows.filter((row) => marketplaces.includes(row.marketplace));
}

/**
 * Runs each marketplace's units in a lane of its own, `concurrency` shared out between the lanes.
 * Each host is spaced on its own, so the run ends when the busiest host is done; one shared pool
 * would let a slow marketplace's units hold every worker while the other hosts stand idle.
 */
async function runInLanes(
  units: ReadonlyArray<{ marketplace: string; run: () => Promise<void> }>,
  concurrency: number,
) {
  const lanes = new Map<string, Array<() => Promise<void>>>();
  for (const unit of units) {
    const lane = lanes.get(unit.marketplace);
    if (lane) lane.push(unit.run);
    else lanes.set(unit.marketplace, [unit.run]);
  }
  const perLane = Math.max(1, Math.ceil(concurrency / Math.max(1, lanes.size)));
  await Promise.all([...lanes.values()].map((lane) => eachConcurrently(lane, perLane, (unit) => unit())));
}

/**
 * One complete daily run in this process (no Redis): a check per listing — batched by shop where
 * the cards stand in for pages — then the finalisation.
 * Built from the same functions the BullMQ workers call. Running it again for the same date
 * resumes it, and finds a finished run finished.
 */
export async function runDaily(
  input: DailyRunInput,
): Promise<{ summary: RunSummary | null; alreadyFinalized: boolean }> {
  const { db, config } = input;
  const run = await openRun(db, input.runDate, input.runAt, 'in-process');
  if (run.finalizedAt) {
    const [stored] = await db.select({ summary: runs.summary }).from(runs).where(eq(runs.id, run.id));
    return { summary: (stored?.summary as RunSummary | null) ?? null, alreadyFinalized: true };
  }
  const adapters = new Map(input.adapters.map((adapter) => [adapter.id, adapter]));
  const todo = await listingsToCheck(db, run.id, [...adapters.keys()]);
  const plan = planChecks(todo, adapters, config.shopBatching);
  const recorder = new ObservationRecorder(db, run.id);
  const now = input.now ?? (() => new Date());
  const ctx = { http: input.http, now, ...(input.logger ? { logger: input.logger } : {}) };
  let done = 0;
  const counted = async (listingId: number, observation: Observation) => {
    await recorder.add(listingId, observation);
    done += 1;
    input.onProgress?.(done, todo.length);
  };
  const shopUnits = plan.shops.map((shop) => ({
    marketplace: shop.marketplace,
    run: async () => {
      const adapter = adapters.get(shop.marketplace);
      if (!adapter) return;
      const checked = await checkShop(shop, adapter, ctx);
      for (const { listingId, observation } of checked.observations) await counted(listingId, observation);
      await recordShopReads(db, run.id, [checked.read]);
    },
  }));
  const listingUnits = plan.listings.map((listing) => ({
    marketplace: listing.marketplace,
    run: async () => {
      const adapter = adapters.get(listing.marketplace);
      if (adapter) await counted(listing.id, await observeListing(listing, adapter, ctx));
    },
  }));
  const controls = [
    ...controlsToCheck(config.controlUrls, [...adapters.keys()]),
    ...(await negativeControlsToCheck(db, adapters, input.runDate)),
  ];
  const controlUnits = controls.map((control) => ({
    marketplace: control.marketplace,
    run: async () => {
      const adapter = adapters.get(control.marketplace);
      const observation = adapter ? await checkControl(control, adapter, ctx) : null;
      if (observation) await recordControl(db, run.id, control, observation);
    },
  }));
  // Shops first in each lane: a shop is the longest unit, so none is left for the very end.
  await runInLanes([...shopUnits, ...controlUnits, ...listingUnits], config.checkConcurrency);
  await recorder.flush();
  const summary = await finalizeRun(db, run, config, [...adapters.keys()], input.afterAlerts);
  return { summary, alreadyFinalized: summary === null };
}
