import { UnrecoverableError } from 'bullmq';
import { z } from 'zod';

/**
 * What travels in Redis: ids only. A worker reads a listing's address, its marketplace and the
 * run's clock from the store (`job-subjects.ts`), never from the job: whoever can write to Redis
 * cannot send a worker to an address of their choosing, nor date its checks. Every job is read
 * through the schemas below; a field they do not name (an address, a clock) is dropped unread.
 */
const id = z.number().int().positive();
const pauses = z.number().int().nonnegative().optional();

const checkJob = z.object({ runId: id, listingId: id, pauses });
export type CheckJobData = z.output<typeof checkJob>;

/** One shop read from its shop pages (shop-page batching): its listings' checks in one job. */
const shopJob = z.object({
  runId: id,
  /** The shop's listings; the shop's address is read from theirs in the store. */
  listingIds: z.array(id).min(1).max(10_000),
  pauses,
});
export type ShopJobData = z.output<typeof shopJob>;

/**
 * One control of a marketplace, checked for the run: a configured page on sale (`positive`, the
 * `index`-th of `monitor.controlUrls[marketplace]` in the worker's own configuration) or an address
 * no product has (`negative`, derived by the adapter from a listing in the store and the run's date).
 */
const controlJob = z.object({
  runId: id,
  marketplace: z.string().min(1).max(100),
  kind: z.enum(['positive', 'negative']),
  index: z.number().int().nonnegative().optional(),
  pauses,
});
export type ControlJobData = z.output<typeof controlJob>;

/** A check queue carries `check` jobs (one listing), `check-shop` jobs (one shop) and `check-control` jobs. */
export type CheckQueueData = CheckJobData | ShopJobData | ControlJobData;

/**
 * A day's run names its date only. Its clock is the store's: the run's row (`runs.run_at`, and the
 * demo's simulated clock recorded there by the process that opens the run, `QueueEngine.enqueueRun`).
 */
const runJob = z.object({
  runDate: z.iso.date(),
  step: z.enum(['fan-out', 'finalise']).optional(),
});
export type RunJobData = z.output<typeof runJob>;

/** A delivery of the notification outbox, on the clock of the run it follows (from the store) or the real one. */
const notifyJob = z.object({ runId: id.optional() });
export type NotifyJobData = z.output<typeof notifyJob>;

const SCHEMAS = {
  check: checkJob,
  'check-shop': shopJob,
  'check-control': controlJob,
  'daily-run': runJob,
  deadline: runJob,
  deliver: notifyJob,
} as const;

/** Fields earlier versions put in jobs, ignored now: met after an upgrade, they are said once per job. */
const RETIRED_FIELDS = ['clockMs', 'runAtMs', 'url', 'itemId', 'shop', 'listings', 'listing'] as const;

/**
 * A job's data as this version reads it. A job of another shape (an older version's, or forged) is
 * refused in words and not retried (an UnrecoverableError: BullMQ moves it to the failed set, the
 * worker goes on); fields the schema does not name are dropped, and those an older version used
 * are named to `onIgnored`, so the log says what was not taken from Redis.
 */
export function readJob<N extends keyof typeof SCHEMAS>(
  name: N,
  job: { id?: string | undefined; data: unknown },
  onIgnored?: (fields: string[]) => void,
): z.output<(typeof SCHEMAS)[N]> {
  const parsed = SCHEMAS[name].safeParse(job.data ?? {});
  if (!parsed.success) {
    const problem = parsed.error.issues
      .map((issue) => `${issue.path.join('.') || 'the data'}: ${issue.message}`)
      .join('; ');
    throw new UnrecoverableError(
      `job ${job.id ?? '?'} (${name}) is not of this version's shape and is dropped: ${problem}`,
    );
  }
  const data = job.data as Record<string, unknown>;
  const ignored = RETIRED_FIELDS.filter((field) => data && typeof data === 'object' && field in data);
  if (ignored.length > 0) onIgnored?.(ignored);
  return parsed.data as z.output<(typeof SCHEMAS)[N]>;
}
