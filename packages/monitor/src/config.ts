import { z } from 'zod';

const zeroSalesWindow = z.object({
  warnDays: z.number().int().positive(),
  criticalDays: z.number().int().positive(),
});

/** Thresholds of DESIGN §4–§7; per marketplace where it matters. */
export const monitorConfigSchema = z.object({
  /** Two `delisted` observations at least this far apart confirm a delisting. */
  confirmAfterHours: z.number().positive().default(6),
  /** A listing counts for coverage only if its last conclusive check is this recent. */
  freshnessHours: z.number().positive().default(48),
  /** With no conclusive check for this long, a listing is stale (reported separately). */
  staleAfterHours: z.number().positive().default(72),
  quarantine: z
    .object({
      /** Below this many checks in a run, a marketplace is never quarantined on shares alone. */
      minChecks: z.number().int().positive().default(5),
      unknownShare: z.number().min(0).max(1).default(0.5),
      parseFailedShare: z.number().min(0).max(1).default(0.2),
    })
    .prefault({}),
  /**
   * Mass disappearance (DESIGN §4): when, in one run, delisted evidence comes from at least
   * `minListings` of a marketplace's previously active listings, and from a share of them above both
   * `share` and `normalRateFactor` × that marketplace's normal daily share (the mean over its last
   * `normalWindowRuns` runs), the evidence is held and one marketplace-level alert asks a person.
   */
  massDelisting: z
    .object({
      minListings: z.number().int().positive().default(10),
      share: z.number().gt(0).max(1).default(0.25),
      normalRateFactor: z.number().positive().default(10),
      normalWindowRuns: z.number().int().positive().default(30),
    })
    .prefault({}),
  rules: z
    .object({
      zeroSales: zeroSalesWindow
        .extend({ perMarketplace: z.record(z.string(), zeroSalesWindow).default({}) })
        .prefault({ warnDays: 30, criticalDays: 60 }),
      outOfStock: z.object({ days: z.number().int().positive().default(7) }).prefault({}),
      certificateExpiring: z.object({ days: z.number().int().positive().default(90) }).prefault({}),
    })
    .prefault({}),
  /**
   * Shop-page batching: where a marketplace's shop cards tell stock and sales, a shop with at least
   * `minListings` monitored listings is read from its shop pages, and a listing's own page is
   * fetched only when its card is missing (to confirm a disappearance) or says too little.
   */
  shopBatching: z
    .object({
      enabled: z.boolean().default(true),
      minListings: z.number().int().min(2).default(3),
    })
    .prefault({}),
  /**
   * Per marketplace id, product pages known to stay on sale (a department's own test listing, a
   * long-standing bestseller): each run checks them, and a marketplace whose own listings all fail
   * to read on sale may still count its removals when a control read on sale (DESIGN §4).
   */
  controlUrls: z.record(z.string(), z.array(z.url()).max(5)).default({}),
  /**
   * Per marketplace, product pages known to be removed from it: `ocop-monitor doctor` calls the
   * marketplace ready only when each reads removed by a seen rule (as `--removed` does).
   */
  removedSamples: z.record(z.string(), z.array(z.url()).max(5)).default({}),
  /** Checks of one run in flight at once (the polite client still spaces each host). */
  checkConcurrency: z.number().int().positive().default(8),
});
export type MonitorConfig = z.output<typeof monitorConfigSchema>;
