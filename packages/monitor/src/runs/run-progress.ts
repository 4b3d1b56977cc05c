import { sql } from 'drizzle-orm';
import type { Database } from '../store/open-store.ts';
import { queryRows } from '../store/query-rows.ts';
import { findRun } from './open-run.ts';

export interface RunProgress {
  runDate: string;
  /** Listings checked so far in the run. */
  checked: number;
  /** Listings the run checks: those not retired on the marketplaces it covers. */
  total: number;
  finalized: boolean;
}

/** How far the run of `runDate` has got, read from the store alone (any process may follow it). */
export async function runProgress(
  db: Database,
  runDate: string,
  marketplaces: readonly string[],
): Promise<RunProgress> {
  const run = await findRun(db, runDate);
  const covered = marketplaces.length
    ? sql.join(
        marketplaces.map((m) => sql`${m}`),
        sql`, `,
      )
    : sql`null`;
  const [row] = await queryRows<{ total: number; checked: number }>(
    db,
    sql`select (select count(*)::int from listings where state <> 'retired' and marketplace in (${covered})) as total,
               (select count(*)::int from observations where run_id = ${run?.id ?? -1}) as checked`,
  );
  return { runDate, checked: row?.checked ?? 0, total: row?.total ?? 0, finalized: Boolean(run?.finalizedAt) };
}
