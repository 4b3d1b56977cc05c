/** What travels in Redis: ids and what a check needs, never the evidence itself. */
export interface CheckJobData {
  runId: number;
  runDate: string;
  listingId: number;
  marketplace: string;
  itemId: string;
  shopId: string | null;
  url: string;
  /** The simulated clock (demo); production checks use the real time. */
  clockMs?: number;
  /** How many times this check paused its queue for a block or a 429. */
  pauses?: number;
}

/** One shop read from its shop pages (shop-page batching): its listings' checks in one job. */
export interface ShopJobData {
  runId: number;
  runDate: string;
  marketplace: string;
  shop: { marketplace: string; shopId: string; url: string };
  listings: Array<{ listingId: number; itemId: string; shopId: string | null; url: string }>;
  clockMs?: number;
  pauses?: number;
}

/**
 * One control of a marketplace, checked for the run: a configured page on sale (`positive`,
 * `monitor.controlUrls`) or an address no product has (`negative`).
 */
export interface ControlJobData {
  runId: number;
  runDate: string;
  marketplace: string;
  url: string;
  kind: 'positive' | 'negative';
  clockMs?: number;
  pauses?: number;
}

/** A check queue carries `check` jobs (one listing), `check-shop` jobs (one shop) and `check-control` jobs. */
export type CheckQueueData = CheckJobData | ShopJobData | ControlJobData;

export interface RunJobData {
  runDate: string;
  runAtMs: number;
  clockMs?: number;
  step?: 'fan-out' | 'finalise';
}
