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

export interface RunJobData {
  runDate: string;
  runAtMs: number;
  clockMs?: number;
  step?: 'fan-out' | 'finalise';
}
