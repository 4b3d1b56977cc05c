import {
  type Database,
  findRun,
  ObservationRecorder,
  observeListing,
  type Store,
  vietnamDay,
} from '@ocop-monitor/monitor';
import type { Queue } from 'bullmq';
import { listingsOfJob } from './queue/job-subjects.ts';
import type { CheckQueueData } from './queue/jobs.ts';
import type { Runtime } from './runtime.ts';

/**
 * What came of a clerk's "check again now": checked here, checked here without a conclusive answer
 * (blocked, timed out: the day's reading stays), handed to the queue, not checked because the day's
 * run has not started, or nothing to check.
 */
export type ListingCheckOutcome = 'checked' | 'unclear' | 'queued' | 'not-started' | 'no-listing';

/**
 * The run a reading asked for now belongs to: today's (Vietnam time), once the scheduled run has
 * opened it. A press never opens the day's run: a run opened at 00:10 by a press would be dated by
 * the press, and the scheduled run would resume it and skip that listing. Before the day's run
 * starts there is nothing to add a reading to, and the clerk is told so ('not-started'). A reading
 * taken after the day's run finished replaces that day's reading of the listing (unless it is
 * `unknown`); states change only when a run finishes, so one reading never raises nor closes an
 * alert on its own.
 */
const runOfToday = (db: Database, now: Date) => findRun(db, vietnamDay(now));

/**
 * "Kiểm tra lại ngay" for one listing (the dashboard's button). With the queue (`start`), a `check`
 * job on the listing's marketplace queue, the same job a run fans out (its worker reads the address
 * from the store, keeps the marketplace's pace and records the reading); without it (`serve`), the
 * check is made here, through the same adapter and polite client as `check`.
 */
export function createListingCheck(
  runtime: Runtime,
  store: Store,
  options: { checkQueues?: ReadonlyMap<string, Queue<CheckQueueData>> | undefined; now?: () => Date } = {},
): (listingId: number) => Promise<ListingCheckOutcome> {
  const now = options.now ?? (() => new Date());
  return async (listingId) => {
    const [listing] = await listingsOfJob(store.db, [listingId]);
    if (!listing) return 'no-listing';
    const queue = options.checkQueues?.get(listing.marketplace);
    if (queue) {
      const run = await runOfToday(store.db, now());
      if (!run) return 'not-started';
      // A job id of its own: a second press later is a second check, not a duplicate dropped.
      await queue.add(
        'check',
        { runId: run.id, listingId },
        { jobId: `now-${run.id}-${listingId}-${Date.now()}`, removeOnComplete: 100, removeOnFail: 100 },
      );
      return 'queued';
    }
    const adapter = runtime.checkingAdapters(store.db).find((a) => a.id === listing.marketplace);
    if (!adapter) return 'no-listing';
    const run = await runOfToday(store.db, now());
    if (!run) return 'not-started';
    const logger = runtime.logger.child({ listing: listingId, asked: 'dashboard' });
    const observation = await observeListing(listing, adapter, { http: runtime.http, logger, now });
    const recorder = new ObservationRecorder(store.db, run.id);
    await recorder.add(listingId, observation);
    await recorder.flush();
    return observation.verdict === 'unknown' ? 'unclear' : 'checked';
  };
}

/**
 * When the scheduler next runs the daily checks: `queue.dailyHour` o'clock in Vietnam time, today
 * if that hour is still ahead, else tomorrow (Vietnam has no daylight saving: +07:00 all year).
 */
export function nextScheduledCheck(dailyHour: number): (now: Date) => Date {
  return (now) => {
    const today = vietnamDay(now);
    const at = new Date(`${today}T${String(dailyHour).padStart(2, '0')}:00:00+07:00`);
    return at > now ? at : new Date(at.getTime() + 86_400_000);
  };
}
