import type { RunObservation } from '@ocop-monitor/monitor';
import type { ListingTruth, Truth } from '@ocop-monitor/sandbox';
import { type DetectionScore, DetectionTally } from './detection.ts';
import { showsExactSold } from './truth-coverage.ts';

export interface ScoredAlert {
  id: number;
  type: string;
  evidence: unknown;
}

export interface DetectionWindows {
  /** zero_sales warning window of a marketplace, in days. */
  zeroSalesDays(marketplace: string): number;
  outOfStockDays: number;
}

interface Seen {
  day: number;
  observation: RunObservation;
}

/** The alerts that say a listing was removed: confirmed, or put to a reviewer (assumed rules). */
const REMOVAL_ALERTS = new Set(['listing_delisted', 'listing_possibly_removed']);

const urlOf = (alert: ScoredAlert) => (alert.evidence as { url?: unknown } | null)?.url;

/**
 * Scores listing_delisted, zero_sales and out_of_stock day by day against the sandbox's own record
 * of each listing (removal day, last sale day, out-of-stock spell): an alert is judged on the day it
 * opened; a listing the truth says is due an alert, and has none live, is a miss that day.
 *
 * "Due" allows the delays the rules document, and nothing else:
 * - listing_delisted: once two counted delisted sightings exist (DESIGN §4 confirmation) — as a
 *   `listing_delisted` alert when seen rules read them, as a `listing_possibly_removed` one for a
 *   reviewer when assumed rules did (either is the detection; a wrong one is a false alarm);
 * - zero_sales: on a run whose own check read an exact count and whose window start (the latest
 *   readable check at or before D − window) already showed it; a listing never sold, `window` days
 *   after it was linked (day 0);
 * - out_of_stock: once every check of the last N days read it out of stock, after a week watched.
 * A check that could not read the page delays a rule by that day; it never excuses a wrong alert.
 */
export class DetectionScorer {
  readonly delisted = new DetectionTally();
  readonly zeroSales = new DetectionTally();
  readonly outOfStock = new DetectionTally();
  readonly #history = new Map<string, Seen[]>();
  readonly #judged = new Set<number>();

  readonly #imported: ReadonlySet<string>;
  readonly #windows: DetectionWindows;
  readonly #bySeller: ReadonlySet<string>;
  /** Listings due a zero-sales decision that only their seller's record made decidable. */
  readonly #decidedBySeller = new Set<string>();

  /** `bySeller`: listings read from their seller's record (exact sales), whatever their page shows. */
  constructor(imported: ReadonlySet<string>, windows: DetectionWindows, bySeller: ReadonlySet<string> = new Set()) {
    this.#imported = imported;
    this.#windows = windows;
    this.#bySeller = bySeller;
  }

  day(day: number, truth: Truth, observations: ReadonlyMap<string, RunObservation>, live: readonly ScoredAlert[]) {
    for (const [url, observation] of observations) {
      this.#history.set(url, [...(this.#history.get(url) ?? []), { day, observation }]);
    }
    const byUrl = new Map(truth.listings.map((listing) => [listing.url, listing]));
    const liveKeys = new Set<string>();
    for (const alert of live) {
      const url = urlOf(alert);
      if (typeof url !== 'string') continue;
      liveKeys.add(`${alert.type}|${url}`);
      const real = byUrl.get(url);
      if (this.#judged.has(alert.id) || !real || !this.#imported.has(url)) continue;
      this.#judged.add(alert.id);
      if (REMOVAL_ALERTS.has(alert.type)) this.delisted.opened(url, removedBy(real, day));
      if (alert.type === 'zero_sales') this.zeroSales.opened(url, noSaleFor(real, day, this.#zeroDays(real)));
      if (alert.type === 'out_of_stock')
        this.outOfStock.opened(url, outOfStockFor(real, day, this.#windows.outOfStockDays));
    }
    for (const real of truth.listings) {
      if (!this.#imported.has(real.url)) continue;
      const seen = this.#history.get(real.url) ?? [];
      const has = (type: string) => liveKeys.has(`${type}|${real.url}`);
      if (
        !real.onSale &&
        seen.filter((s) => s.observation.countsAsDelistedEvidence).length >= 2 &&
        ![...REMOVAL_ALERTS].some(has)
      )
        this.delisted.missed(real.url);
      if (noSaleFor(real, day, this.#zeroDays(real))) {
        const byPage = showsExactSold(real.marketplace, real.sold);
        if (!byPage && this.#bySeller.has(real.url)) this.#decidedBySeller.add(real.url);
        if (!byPage && !this.#bySeller.has(real.url)) this.zeroSales.undecidable(real.url);
        else if (this.#zeroSalesDue(real, day, seen) && !has('zero_sales')) this.zeroSales.missed(real.url);
      }
      if (
        outOfStockFor(real, day, this.#windows.outOfStockDays) &&
        this.#outOfStockDue(day, seen) &&
        !has('out_of_stock')
      )
        this.outOfStock.missed(real.url);
    }
  }

  scores(): { delisted: DetectionScore; zeroSales: DetectionScore; outOfStock: DetectionScore } {
    return { delisted: this.delisted.score(), zeroSales: this.zeroSales.score(), outOfStock: this.outOfStock.score() };
  }

  /**
   * Listings due a zero-sales alert whose sales nobody could read: had every listing been read from
   * its page, and as they were (the seller's record read where the shop consented).
   */
  zeroSalesUndecidable(): { pageOnly: number; withSellerApi: number } {
    const withSellerApi = this.zeroSales.score().undecidable;
    return { pageOnly: withSellerApi + this.#decidedBySeller.size, withSellerApi };
  }

  #zeroDays(real: ListingTruth): number {
    return this.#windows.zeroSalesDays(real.marketplace);
  }

  #zeroSalesDue(real: ListingTruth, day: number, seen: readonly Seen[]): boolean {
    const today = seen.at(-1);
    if (today?.day !== day || !readsExactSold(today.observation)) return false;
    const window = this.#zeroDays(real);
    if (real.sold === 0) return day >= window;
    const start = seen.filter((s) => s.day <= day - window && s.observation.verdict === 'active').at(-1);
    return start !== undefined && real.lastSaleDay !== null && real.lastSaleDay <= start.day;
  }

  #outOfStockDue(day: number, seen: readonly Seen[]): boolean {
    const days = this.#windows.outOfStockDays;
    const window = seen.filter((s) => s.day > day - days);
    const readable = (s: Seen) => s.observation.verdict === 'active' && s.observation.stock === 'out_of_stock';
    return (
      window.length === days &&
      window.every(readable) &&
      seen.some((s) => s.day <= day - days && s.observation.verdict === 'active')
    );
  }
}

const readsExactSold = (o: RunObservation) => o.verdict === 'active' && o.soldValue !== null && !o.soldApproximate;

/** The truth: removed by this day. */
export const removedBy = (real: ListingTruth, day: number) => real.removedOnDay !== null && real.removedOnDay <= day;

/** The truth: on sale, with no sale in the last `days` days (never sold: on sale that long). */
export function noSaleFor(real: ListingTruth, day: number, days: number): boolean {
  if (!real.onSale) return false;
  if (real.sold === 0) return day - real.listedOnDay >= days;
  return real.lastSaleDay !== null && day - real.lastSaleDay >= days;
}

/** The truth: on sale and out of stock on each of the last `days` days. */
export function outOfStockFor(real: ListingTruth, day: number, days: number): boolean {
  return real.onSale && !real.inStock && real.outOfStockSinceDay !== null && real.outOfStockSinceDay <= day - days + 1;
}
