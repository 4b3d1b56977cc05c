import { type SQL, sql } from 'drizzle-orm';

/**
 * The observation `o` is removal evidence that counted: `delisted`, from a run in which its
 * marketplace was neither quarantined nor held (unless a reviewer accepted the hold).
 */
export const countedRemoval = (o: string): SQL => sql`${sql.raw(o)}.verdict = 'delisted' and not exists (
    select 1 from marketplace_health h where h.run_id = ${sql.raw(o)}.run_id and h.marketplace = ${sql.raw(o)}.marketplace
      and (h.quarantined or (h.held and h.released_at is null)))`;
