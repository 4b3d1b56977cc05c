import { sql } from 'drizzle-orm';
import type { Database } from '../store/open-store.ts';
import { queryRows } from '../store/query-rows.ts';
import { type CoverageOptions, type CoverageReport, computeCoverage, coverageWindow } from './compute-coverage.ts';

/**
 * What the coverage report reads, in one cheap line: each table's row count and the sum of its
 * rows' `xmin` (every insert, update or delete that commits changes them), and how many listings
 * are still fresh. Time only ever makes fresh listings stale, so with unchanged rows that count
 * tells exactly which listings still count. ~40 ms at province scale, against ~300 ms to compute.
 */
async function inputsVersion(db: Database, options: CoverageOptions): Promise<string> {
  const { freshSince, counted } = coverageWindow(options);
  const [row] = await queryRows<{ listings: string; products: string; producers: string }>(
    db,
    sql`select (select count(*) || ':' || coalesce(sum(xmin::text::bigint), 0) || ':'
                       || count(*) filter (where ${counted} and l.state in ('active', 'suspect') and l.last_conclusive_at >= ${freshSince}::timestamptz)
                from listings l) as listings,
               (select count(*) || ':' || coalesce(sum(xmin::text::bigint), 0) from products) as products,
               (select count(*) || ':' || coalesce(sum(xmin::text::bigint), 0) from producers) as producers`,
  );
  return [
    options.date,
    options.freshnessHours,
    options.countedMarketplaces.join(','),
    row?.listings,
    row?.products,
    row?.producers,
  ].join('|');
}

/**
 * `computeCoverage` for a service that is asked for the same report many times (the dashboard's
 * pages, exports and API): the last report is answered again while nothing it reads has changed —
 * no import, no check, no review, no new day, no listing gone stale. A report is never older than
 * the data: the version is read before the report, so a change landing in between only costs one
 * more computation.
 */
export function createCoverageCache(db: Database): (options: CoverageOptions) => Promise<CoverageReport> {
  let last: { version: string; report: Promise<CoverageReport> } | null = null;
  return async (options) => {
    const version = await inputsVersion(db, options);
    if (last?.version !== version) {
      const report = computeCoverage(db, options);
      last = { version, report };
      // A failed computation is not kept: the next request tries again.
      report.catch(() => {
        if (last?.report === report) last = null;
      });
    }
    return last.report;
  };
}
