import { type Database, type ListingToCheck, queryRows } from '@ocop-monitor/monitor';
import { sql } from 'drizzle-orm';

/** The engine a run opened on a simulated clock (the demo) records: its checks count at the run's time. */
export const SIMULATED_CLOCK_ENGINE = 'queue-simulated-clock';

export interface RunOfJob {
  id: number;
  runDate: string;
  /** The clock a check of this run counts at: the run's own on a simulated clock, else the real one. */
  now: () => Date;
  /** Whether a check may still add to it: the run is not finished, or it is the newest run. */
  takesChecks: boolean;
}

/** The run a job names, from the store; null when there is none (a forged or stale job). */
export async function runOfJob(db: Database, runId: number): Promise<RunOfJob | null> {
  // A finished run takes a check only when it is the newest: "Kiểm tra lại ngay" after the day's
  // run finished adds to that day's run; a check job for a run finished days ago is forged or stale.
  const [run] = await queryRows<{ id: number; run_date: string; run_at: string; engine: string; takes: boolean }>(
    db,
    sql`select id, run_date::text as run_date, run_at::text as run_at, engine,
          (finalized_at is null or run_date = (select max(run_date) from runs)) as takes
        from runs where id = ${runId}`,
  );
  if (!run) return null;
  const runAt = new Date(run.run_at);
  return {
    id: Number(run.id),
    runDate: run.run_date,
    now: run.engine === SIMULATED_CLOCK_ENGINE ? () => runAt : () => new Date(),
    takesChecks: run.takes === true,
  };
}

/** The listings a job names, as the store has them (address, marketplace, shop page). */
export async function listingsOfJob(db: Database, ids: readonly number[]): Promise<ListingToCheck[]> {
  if (ids.length === 0) return [];
  const rows = await queryRows<{
    id: number;
    marketplace: string;
    item_id: string;
    shop_id: string | null;
    url: string;
    shop_url: string | null;
  }>(
    db,
    sql`select id, marketplace, item_id, shop_id, url, shop_url from listings
        where id in (${sql.join(
          ids.map((id) => sql`${id}`),
          sql`, `,
        )}) order by id`,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    marketplace: r.marketplace,
    itemId: r.item_id,
    shopId: r.shop_id,
    url: r.url,
    shopUrl: r.shop_url,
  }));
}
