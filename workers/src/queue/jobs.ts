/**
 * What travels in Redis: ids only. A worker reads a listing's address, its marketplace and the
 * run's clock from the store (`job-subjects.ts`), never from the job: whoever can write to Redis
 * cannot send a worker to an address of their choosing, nor date its checks.
 */
export interface CheckJobData {
  runId: number;
  listingId: number;
  /** How many times this check paused its queue for a block or a 429. */
  pauses?: number;
}

/** One shop read from its shop pages (shop-page batching): its listings' checks in one job. */
export interface ShopJobData {
  runId: number;
  /** The shop's listings; the shop's address is read from theirs in the store. */
  listingIds: number[];
  pauses?: number;
}

/**
 * One control of a marketplace, checked for the run: a configured page on sale (`positive`, the
 * `index`-th of `monitor.controlUrls[marketplace]` in the worker's own configuration) or an address
 * no product has (`negative`, derived by the adapter from a listing in the store and the run's date).
 */
export interface ControlJobData {
  runId: number;
  marketplace: string;
  kind: 'positive' | 'negative';
  index?: number;
  pauses?: number;
}

/** A check queue carries `check` jobs (one listing), `check-shop` jobs (one shop) and `check-control` jobs. */
export type CheckQueueData = CheckJobData | ShopJobData | ControlJobData;

export interface RunJobData {
  runDate: string;
  runAtMs: number;
  /**
   * The demo's simulated clock, recorded with the run when it opens (its `engine` then says so);
   * the checks read it from the store.
   */
  clockMs?: number;
  step?: 'fan-out' | 'finalise';
}
