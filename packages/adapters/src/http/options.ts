import { z } from 'zod';

export const DEFAULT_CONTACT_URL = 'https://github.com/ocop-monitor/ocop-monitor#contact';

/** Options of the polite client; defaults are DESIGN §8's (1 request/s and 2 in flight per host). */
export const politeClientOptionsSchema = z.object({
  /** Host[:port] of every marketplace base URL: the only places requests may go. */
  allowedHosts: z.array(z.string().min(1)).min(1),
  /** Where a marketplace operator can reach us; goes into the User-Agent. */
  contactUrl: z.string().url().default(DEFAULT_CONTACT_URL),
  userAgentProduct: z.string().min(1).default('ocop-monitor/0.1'),
  minIntervalMs: z.number().int().nonnegative().default(1_000),
  maxInFlight: z.number().int().positive().default(2),
  jitterMs: z.number().int().nonnegative().default(250),
  connectTimeoutMs: z.number().int().positive().default(10_000),
  headersTimeoutMs: z.number().int().positive().default(15_000),
  bodyTimeoutMs: z.number().int().positive().default(15_000),
  /** One attempt, all redirects included. */
  totalTimeoutMs: z.number().int().positive().default(20_000),
  /**
   * One check, every attempt, retry wait and politeness pause included: a marketplace that drips
   * one byte a second, or fails each attempt slowly, costs a check this long at most.
   */
  checkDeadlineMs: z.number().int().positive().default(40_000),
  maxResponseBytes: z
    .number()
    .int()
    .positive()
    .default(5 * 1024 * 1024),
  maxRedirects: z.number().int().nonnegative().default(5),
  respectRobotsTxt: z.boolean().default(true),
  robotsTtlMs: z
    .number()
    .int()
    .positive()
    .default(24 * 60 * 60_000),
  /** Retries for transient failures (network, timeout, 502/503/504, short 429). */
  retries: z.number().int().nonnegative().default(2),
  retryMinDelayMs: z.number().int().nonnegative().default(500),
  retryMaxDelayMs: z.number().int().nonnegative().default(10_000),
  /** A Retry-After longer than this is not waited for: the 429 is returned to the caller. */
  maxRetryAfterMs: z.number().int().nonnegative().default(60_000),
});
export type PoliteClientOptions = z.input<typeof politeClientOptionsSchema>;
export type ResolvedPoliteClientOptions = z.output<typeof politeClientOptionsSchema>;

/** Politeness off: for benchmarks and the sandbox, never for real marketplaces. */
export const NO_POLITENESS = {
  minIntervalMs: 0,
  jitterMs: 0,
  maxInFlight: 1_000,
  respectRobotsTxt: false,
} as const satisfies Partial<PoliteClientOptions>;
