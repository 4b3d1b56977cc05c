import type { Logger, MarketplaceAdapter, PoliteHttpClient } from '@ocop-monitor/adapters';
import { and, eq, ne, sql } from 'drizzle-orm';
import type { MonitorConfig } from '../config.ts';
import type { Database } from '../store/open-store.ts';
import { listings, observations, runs } from '../store/schema.ts';
import { type ListingToCheck, observeListing } from './check-listing.ts';
import { type AfterAlertsHook, finalizeRun, type RunSummary } from './finalize-run.ts';
import { openRun } from './open-run.ts';
import { ObservationRecorder } from './record-observation.ts';

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

/** Listings the run must check, that have no observation in it yet (a resumed run skips them). */
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
    })
    .from(listings)
    .leftJoin(observations, and(eq(observations.listingId, listings.id), eq(observations.runId, runId)))
    .where(and(ne(listings.state, 'retired'), sql`${observations.id} is null`))
    .orderBy(listings.id);
  return rows.filter((row) => marketplaces.includes(row.marketplace));
}

/**
 * One complete daily run in this process (no Redis): a check per listing, then the finalisation.
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
  const recorder = new ObservationRecorder(db, run.id);
  let done = 0;
  let next = 0;
  const now = input.now ?? (() => new Date());
  await Promise.all(
    Array.from({ length: Math.min(config.checkConcurrency, Math.max(1, todo.length)) }, async () => {
      while (next < todo.length) {
        const listing = todo[next];
        next += 1;
        const adapter = listing && adapters.get(listing.marketplace);
        if (!listing || !adapter) continue;
        const observation = await observeListing(listing, adapter, {
          http: input.http,
          now,
          ...(input.logger ? { logger: input.logger } : {}),
        });
        await recorder.add(listing.id, observation);
        done += 1;
        input.onProgress?.(done, todo.length);
      }
    }),
  );
  await recorder.flush();
  const summary = await finalizeRun(db, run, config, [...adapters.keys()], input.afterAlerts);
  return { summary, alreadyFinalized: summary === null };
}
