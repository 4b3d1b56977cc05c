import { z } from 'zod';

const marketplaceQueue = z.object({
  /** Checks of this marketplace in flight in one worker process. */
  concurrency: z.number().int().positive(),
  /** BullMQ limiter, shared by every worker process: at most `max` job starts per `durationMs`. */
  limiterMax: z.number().int().positive(),
  limiterDurationMs: z.number().int().positive(),
});

/** The BullMQ engine (DESIGN §9). */
export const queueConfigSchema = z.object({
  /** Hash-tagged so every queue of a run lives in one Redis Cluster slot (BullMQ #2589). */
  prefix: z.string().min(1).default('{ocop}'),
  /** Local hour (Asia/Ho_Chi_Minh) of the daily run, and of the watchdog that says if none finished. */
  dailyHour: z.number().int().min(0).max(23).default(6),
  watchdogHour: z.number().int().min(0).max(23).default(12),
  attempts: z.number().int().positive().default(3),
  backoffMs: z.number().int().nonnegative().default(5_000),
  lockDurationMs: z.number().int().positive().default(30_000),
  stalledIntervalMs: z.number().int().positive().default(30_000),
  /** A blocked or rate-limited marketplace's queue pauses this long (or the host's Retry-After). */
  blockedBackoffMs: z.number().int().positive().default(300_000),
  /** After this many pauses a check records its `unknown` and the run goes on. */
  maxRateLimitRetries: z.number().int().nonnegative().default(2),
  /** A run whose checks never all finish is finalised with what it has after this long. */
  runDeadlineMs: z
    .number()
    .int()
    .positive()
    .default(12 * 60 * 60_000),
  shutdownTimeoutMs: z.number().int().positive().default(30_000),
  marketplaces: z
    .object({
      default: marketplaceQueue.prefault({ concurrency: 2, limiterMax: 1, limiterDurationMs: 1_000 }),
      perMarketplace: z.record(z.string(), marketplaceQueue).default({}),
    })
    .prefault({}),
  metricsPort: z.number().int().min(0).max(65_535).default(9464),
});
export type QueueConfig = z.output<typeof queueConfigSchema>;
