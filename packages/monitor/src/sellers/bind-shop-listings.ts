import type { HttpClient, Logger, SellerShopItem, SellerSource } from '@ocop-monitor/adapters';
import { sql } from 'drizzle-orm';
import type { Database } from '../store/open-store.ts';
import { queryRows } from '../store/query-rows.ts';
import { sellerTokensFor } from './consents.ts';

export interface ShopBinding {
  /** Consenting shops whose item list was read. */
  shops: number;
  /** Listings that were given their shop's id. */
  bound: number;
  /** Shops whose items could not be listed (tokens gone, platform refused): tried again next time. */
  failed: number;
}

/**
 * The listings on `marketplace` without a shop id whose item is in the shop's own item list get
 * that shop's id — never one whose item is not in it (an item id belongs to one shop; nothing is
 * guessed from names or producers). A listing already given a shop keeps it. The number bound.
 */
export async function bindShopListings(
  db: Database,
  input: { marketplace: string; shopId: string; items: readonly SellerShopItem[] },
): Promise<number> {
  const ids = input.items.map((item) => item.itemId).filter((id) => /^\d{1,20}$/u.test(id));
  if (ids.length === 0) return 0;
  const rows = await queryRows<{ id: number }>(
    db,
    sql`update listings set shop_id = ${input.shopId}
        where marketplace = ${input.marketplace} and shop_id is null
          and item_id in (select unnest(${`{${ids.join(',')}}`}::text[]))
        returning id`,
  );
  return rows.length;
}

/**
 * For each consenting shop on the source's marketplace (or only `shopId`, just authorised) while
 * some listing there lacks a shop id: the shop's item list is read from its record and its
 * listings bound (`bindShopListings`), so that the daily checks read them from the seller's record.
 */
export async function bindConsentingShopListings(
  db: Database,
  input: { source: SellerSource; key: Buffer; http: HttpClient; now: Date; shopId?: string; logger?: Logger },
): Promise<ShopBinding> {
  const summary: ShopBinding = { shops: 0, bound: 0, failed: 0 };
  const { source } = input;
  if (!source.listItems) return summary;
  const [unbound] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from listings where marketplace = ${source.marketplace} and shop_id is null`,
  );
  if (!unbound || Number(unbound.n) === 0) return summary;
  const only = input.shopId === undefined ? sql`` : sql`and shop_id = ${input.shopId}`;
  const shops = await queryRows<{ shop_id: string }>(
    db,
    sql`select distinct shop_id from seller_consents
        where marketplace = ${source.marketplace} and state = 'active' and shop_id <> '' ${only} order by shop_id`,
  );
  for (const { shop_id: shopId } of shops) {
    const tokens = await sellerTokensFor(db, { source, shopId, key: input.key, now: input.now });
    if (!tokens) continue;
    try {
      const items = await source.listItems(tokens, {
        http: input.http,
        now: () => input.now,
        ...(input.logger ? { logger: input.logger } : {}),
      });
      summary.shops += 1;
      summary.bound += await bindShopListings(db, { marketplace: source.marketplace, shopId, items });
    } catch (error) {
      summary.failed += 1;
      input.logger?.warn({ shopId, err: (error as Error).message }, 'shop items not listed: listings not bound');
    }
  }
  return summary;
}
