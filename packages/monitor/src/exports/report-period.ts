import { sql } from 'drizzle-orm';
import type { CoverageReport } from '../coverage/compute-coverage.ts';
import type { Database } from '../store/open-store.ts';
import { queryRows } from '../store/query-rows.ts';

/** The months a report can be made for: those with a kept daily figure, and the current one, newest first. */
export async function reportPeriods(db: Database, today: string): Promise<string[]> {
  const rows = await queryRows<{ period: string }>(
    db,
    sql`select distinct to_char(snapshot_date, 'YYYY-MM') as period from coverage_snapshots order by period desc`,
  );
  const current = today.slice(0, 7);
  return [current, ...rows.map((r) => r.period).filter((p) => p < current)];
}

/**
 * The figures a month's report states: today's for the current month, else the last daily figure
 * kept in that month (as the nightly run left it); null for a month without one.
 */
export async function coverageForPeriod(
  db: Database,
  period: string,
  today: string,
  current: () => Promise<CoverageReport>,
): Promise<CoverageReport | null> {
  if (period === today.slice(0, 7)) return current();
  if (period > today) return null;
  const [row] = await queryRows<{ report: CoverageReport }>(
    db,
    sql`select report from coverage_snapshots where to_char(snapshot_date, 'YYYY-MM') = ${period}
        order by snapshot_date desc limit 1`,
  );
  return row?.report ?? null;
}
