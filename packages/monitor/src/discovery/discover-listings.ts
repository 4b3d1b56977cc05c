import type { AdapterContext, HttpClient, ListingCard, Logger, MarketplaceAdapter } from '@ocop-monitor/adapters';
import { sql } from 'drizzle-orm';
import type { Database } from '../store/open-store.ts';
import { queryRows } from '../store/query-rows.ts';
import { listingProposals } from '../store/schema.ts';
import { vietnamDay } from '../vietnam-day.ts';
import { scoreCandidate } from './score-candidate.ts';

export interface DiscoveryOptions {
  now: Date;
  /** Candidates scoring at least this are proposed; nothing is ever linked without a person. */
  minScore: number;
  /** Only these marketplaces (all that can be searched when absent). */
  marketplaces?: readonly string[] | undefined;
  logger?: Logger | undefined;
}

export interface DiscoverySummary {
  /** Searches made (one per product without a listing, per searchable marketplace). */
  searches: number;
  candidates: number;
  proposed: number;
  /** Searches that failed (blocked, down, an answer not understood): those products were not searched. */
  failed: number;
  problems: string[];
}

/**
 * The card with the seller's name and OCOP stars read from the listing's own page; null when the
 * page could not be read as a listing on sale (a candidate that cannot be confirmed is not proposed).
 */
async function withSeller(
  adapter: MarketplaceAdapter,
  card: ListingCard,
  ctx: AdapterContext,
): Promise<ListingCard | null> {
  const observation = await adapter.check(card.ref, ctx);
  if (observation.verdict !== 'active') return null;
  return {
    ...card,
    shopName: observation.data.shop?.name ?? null,
    ocopStars: observation.data.ocopStars ?? card.ocopStars,
  };
}

interface ProductToFind {
  id: number;
  name: string;
  producer: string;
  stars: number;
  marketplaces: string[] | null;
}

/**
 * For each active registry product without a listing on a marketplace that can be searched, reads
 * that marketplace's search for the product's name and proposes each result that scores at least
 * `minScore` — never a listing already linked, never one already proposed or rejected for it.
 * Proposals wait for a person (`acceptProposal` / `rejectProposal`); none is linked here.
 */
export async function discoverListings(
  db: Database,
  adapters: readonly MarketplaceAdapter[],
  http: HttpClient,
  options: DiscoveryOptions,
): Promise<DiscoverySummary> {
  const today = vietnamDay(options.now);
  const products = await queryRows<ProductToFind>(
    db,
    sql`select p.id, p.name, pr.name as producer, p.stars,
               (select array_agg(distinct l.marketplace) from listings l where l.product_id = p.id and l.state <> 'retired') as marketplaces
        from products p join producers pr on pr.id = p.producer_id
        where p.status = 'active' and p.expiry_date >= ${today}::date order by p.id`,
  );
  const linked = new Set(
    (await queryRows<{ key: string }>(db, sql`select marketplace || ':' || item_id as key from listings`)).map(
      (r) => r.key,
    ),
  );
  const seen = new Set(
    (
      await queryRows<{ key: string }>(
        db,
        sql`select product_id || ':' || marketplace || ':' || item_id as key from listing_proposals`,
      )
    ).map((r) => r.key),
  );
  const searchable = adapters.filter(
    (a) => a.capabilities.search && a.search && (!options.marketplaces || options.marketplaces.includes(a.id)),
  );
  const summary: DiscoverySummary = { searches: 0, candidates: 0, proposed: 0, failed: 0, problems: [] };
  // Marketplaces side by side; within one, searches one after another (the client spaces them per host).
  await Promise.all(
    searchable.map(async (adapter) => {
      for (const product of products) {
        if (product.marketplaces?.includes(adapter.id)) continue;
        summary.searches += 1;
        const cards: ListingCard[] = [];
        try {
          for await (const card of adapter.search?.(product.name, {
            http,
            ...(options.logger ? { logger: options.logger } : {}),
          }) ?? [])
            cards.push(card);
        } catch (error) {
          summary.failed += 1;
          if (summary.problems.length < 20)
            summary.problems.push(`${adapter.id} "${product.name}": ${(error as Error).message}`);
          continue;
        }
        for (const found of cards) {
          const key = `${product.id}:${found.ref.marketplace}:${found.ref.itemId}`;
          if (linked.has(`${found.ref.marketplace}:${found.ref.itemId}`) || seen.has(key)) continue;
          summary.candidates += 1;
          // A card without the seller's name, close enough to matter: its own page says who sells it.
          const card =
            !found.shopName && scoreCandidate(product, found).score >= options.minScore - 0.25
              ? await withSeller(adapter, found, { http, ...(options.logger ? { logger: options.logger } : {}) })
              : found;
          if (!card) continue;
          const { score, reasons } = scoreCandidate(product, card);
          if (score < options.minScore) continue;
          seen.add(key);
          await db
            .insert(listingProposals)
            .values({
              productId: Number(product.id),
              marketplace: card.ref.marketplace,
              itemId: card.ref.itemId,
              url: card.ref.url,
              title: card.title,
              shopName: card.shopName ?? null,
              score,
              reasons,
              proposedAt: options.now,
            })
            .onConflictDoNothing();
          summary.proposed += 1;
        }
      }
    }),
  );
  return summary;
}
