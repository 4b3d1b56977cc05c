import { sql } from 'drizzle-orm';
import type { Database } from '../store/open-store.ts';
import { queryRows } from '../store/query-rows.ts';
import type { MarketplaceHealth } from './health.ts';

/** How one marketplace answered in one daily run: what operators look at when checks go wrong. */
export interface RunHealth extends MarketplaceHealth {
  runDate: string;
  engine: string;
  finalized: boolean;
  previouslyActive: number;
  delistedEvidence: number;
  held: boolean;
  released: boolean;
}

/** Marketplace health of the last `runs` daily runs, newest run first, marketplaces by name. */
export function healthHistory(db: Database, options: { runs?: number } = {}): Promise<RunHealth[]> {
  return queryRows<RunHealth>(
    db,
    sql`select r.run_date::text as "runDate", r.engine, r.finalized_at is not null as finalized, h.marketplace,
               h.checks, h.unknown, h.parse_failed as "parseFailed", h.quarantined, h.why,
               h.previously_active as "previouslyActive", h.delisted_evidence as "delistedEvidence", h.held,
               h.released_at is not null as released
        from (select * from runs order by run_date desc limit ${options.runs ?? 30}) r
        join marketplace_health h on h.run_id = r.id
        order by r.run_date desc, h.marketplace`,
  );
}
