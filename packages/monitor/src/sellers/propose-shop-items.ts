import type { HttpClient, Logger, SellerShopItem, SellerSource } from '@ocop-monitor/adapters';
import { sql } from 'drizzle-orm';
import { scoreCandidate } from '../discovery/score-candidate.ts';
import type { Database } from '../store/open-store.ts';
import { queryRows } from '../store/query-rows.ts';
import { listingProposals } from '../store/schema.ts';
import { vietnamDay } from '../vietnam-day.ts';
import { bindShopListings } from './bind-shop-listings.ts';
import { sellerTokensFor } from './consents.ts';

export interface ShopItemProposals {
  /** Consenting shops whose items were listed. */
  shops: number;
  /** Items on sale in them not yet linked to any listing. */
  unlinked: number;
  proposed: number;
  /** Shops whose items could not be listed (tokens gone, platform refused): tried again next time. */
  failed: number;
}

interface ConsentingShop {
  shop_id: string;
  producer_id: number | null;
  producer: string | null;
}

interface ProductToMatch {
  id: number;
  name: string;
  producer: string;
  stars: number;
}

/**
 * A consenting shop's items that no listing links yet, matched to the registry's products by the
 * discovery rules (`scoreCandidate`, its producer's products first) and proposed to a person at
 * `minScore` or more — never linked here (`acceptProposal` does that), never an item already
 * proposed or rejected for that product. The shop's producer — named by the consent, else the one
 * its linked listings are of — is the seller: the consent was given from that invitation.
 */
export async function proposeConsentingShopItems(
  db: Database,
  input: { source: SellerSource; key: Buffer; http: HttpClient; now: Date; minScore: number; logger?: Logger },
): Promise<ShopItemProposals> {
  const summary: ShopItemProposals = { shops: 0, unlinked: 0, proposed: 0, failed: 0 };
  const { source } = input;
  if (!source.listItems) return summary;
  const shops = await queryRows<ConsentingShop>(
    db,
    sql`select distinct c.shop_id, c.producer_id, pr.name as producer from seller_consents c
        left join producers pr on pr.id = c.producer_id
        where c.marketplace = ${source.marketplace} and c.state = 'active' and c.shop_id <> '' order by c.shop_id`,
  );
  const today = vietnamDay(input.now);
  const products = await queryRows<ProductToMatch & { producer_id: number }>(
    db,
    sql`select p.id, p.name, pr.name as producer, p.stars, p.producer_id from products p
        join producers pr on pr.id = p.producer_id
        where p.status = 'active' and p.expiry_date >= ${today}::date order by p.id`,
  );
  const linked = new Set(
    (
      await queryRows<{ item_id: string }>(
        db,
        sql`select item_id from listings where marketplace = ${source.marketplace}`,
      )
    ).map((row) => row.item_id),
  );
  const seen = new Set(
    (
      await queryRows<{ key: string }>(
        db,
        sql`select product_id || ':' || item_id as key from listing_proposals where marketplace = ${source.marketplace}`,
      )
    ).map((row) => row.key),
  );
  for (const shop of shops) {
    const tokens = await sellerTokensFor(db, { source, shopId: shop.shop_id, key: input.key, now: input.now });
    if (!tokens) continue;
    let items: SellerShopItem[];
    try {
      items = await source.listItems(tokens, { http: input.http, now: () => input.now, ...logged(input) });
    } catch (error) {
      summary.failed += 1;
      input.logger?.warn({ shopId: shop.shop_id, err: (error as Error).message }, 'shop items not listed');
      continue;
    }
    summary.shops += 1;
    // The listings already linked to this shop's items are bound to it first (Lazada's and TikTok
    // Shop's addresses name no shop): the checks then read them from the seller's record.
    await bindShopListings(db, { marketplace: source.marketplace, shopId: shop.shop_id, items });
    // Ids compared as numbers: PostgreSQL gives a bigint as a string, PGlite as a number.
    const producerId =
      shop.producer_id === null
        ? await producerOfListings(db, source.marketplace, shop.shop_id, items)
        : Number(shop.producer_id);
    const ofProducer = (p: { producer_id: number }) => Number(p.producer_id) === producerId;
    const producer = products.find(ofProducer)?.producer ?? shop.producer;
    // The producer's own products when known; else every product, as a search would.
    const own = producerId === null ? products : products.filter(ofProducer);
    // Only items on sale are proposed: a hidden or deleted one only tells whose a listing is.
    for (const item of items.filter((candidate) => !linked.has(candidate.itemId) && candidate.onSale !== false)) {
      summary.unlinked += 1;
      const card = { title: item.title, shopName: producer, ocopStars: null };
      const best = own
        .map((product) => ({ product, ...scoreCandidate(product, card) }))
        .sort((a, b) => b.score - a.score)[0];
      if (!best || best.score < input.minScore || seen.has(`${best.product.id}:${item.itemId}`)) continue;
      seen.add(`${best.product.id}:${item.itemId}`);
      const inserted = await db
        .insert(listingProposals)
        .values({
          productId: Number(best.product.id),
          marketplace: source.marketplace,
          itemId: item.itemId,
          url: item.url,
          title: item.title,
          shopName: producer,
          score: best.score,
          reasons: best.reasons,
          proposedAt: input.now,
        })
        .onConflictDoNothing()
        .returning({ id: listingProposals.id });
      summary.proposed += inserted.length;
    }
  }
  return summary;
}

/**
 * The producer of a shop the consent names none for: the one whose products its listings already
 * linked are of (staff invite a shop from one of its listings); null when none or several.
 */
async function producerOfListings(
  db: Database,
  marketplace: string,
  shopId: string,
  items: readonly SellerShopItem[],
): Promise<number | null> {
  const ids = items.map((item) => item.itemId);
  const rows = await queryRows<{ producer_id: number }>(
    db,
    sql`select distinct p.producer_id from listings l join products p on p.id = l.product_id
        where l.marketplace = ${marketplace}
          and (l.shop_id = ${shopId} or l.item_id in (select unnest(${`{${ids.join(',')}}`}::text[])))`,
  );
  return rows.length === 1 && rows[0] ? Number(rows[0].producer_id) : null;
}

const logged = (input: { logger?: Logger }) => (input.logger ? { logger: input.logger } : {});
