import { foldSearchKey } from '@ocop-monitor/adapters';
import { sql } from 'drizzle-orm';
import type { Database } from '../store/open-store.ts';
import { queryRows } from '../store/query-rows.ts';

export interface ProductSummary {
  id: number;
  nationalId: string | null;
  localCode: string | null;
  name: string;
  producer: string;
  stars: number;
  listings: number;
  activeListings: number;
}

/**
 * Registry products whose name contains, or whose code is, the words typed — accents and case
 * ignored (the folded search key), so "cha ca" finds "Chả cá". At most `limit`, by name.
 */
export async function findProducts(
  db: Database,
  options: { query?: string | undefined; limit?: number } = {},
): Promise<ProductSummary[]> {
  const words = foldSearchKey(options.query ?? '')
    .split(' ')
    .filter(Boolean);
  const matches = words.map(
    (word) =>
      sql`and (p.search_key like ${`%${word.replace(/[\\%_]/gu, '\\$&')}%`} or p.national_id = ${word} or p.local_code = ${word})`,
  );
  const rows = await queryRows<ProductSummary>(
    db,
    sql`select p.id, p.national_id as "nationalId", p.local_code as "localCode", p.name, pr.name as producer, p.stars,
               (select count(*)::int from listings l where l.product_id = p.id) as listings,
               (select count(*)::int from listings l where l.product_id = p.id and l.state = 'active') as "activeListings"
        from products p join producers pr on pr.id = p.producer_id
        where true ${sql.join(matches, sql` `)}
        order by p.search_key, p.id limit ${options.limit ?? 100}`,
  );
  return rows.map((row) => ({ ...row, id: Number(row.id) }));
}
