import { randomBytes } from 'node:crypto';
import type { SellerSource } from '@ocop-monitor/adapters';
import {
  beginSellerAuthorisation,
  bindConsentingShopListings,
  completeSellerAuthorisation,
  inviteSellerConsent,
  listProposals,
  proposeConsentingShopItems,
  type ShopItemProposals,
  type Store,
  sellerFigures,
  sellerTokenKey,
} from '@ocop-monitor/monitor';
import type { ListingTruth, SellerMarketplace, World } from '@ocop-monitor/sandbox';
import type { Config } from '../config/schema.ts';
import type { Runtime } from '../runtime.ts';
import { type DemoPlatform, startDemoPlatforms } from './demo-platforms.ts';

/** What the demo read from one marketplace's open platform, by the consenting producers' leave. */
interface DemoSellerFigures {
  /** Shops whose consent is active at the end. */
  shops: number;
  /** Their listings in the registry, read from the seller's record. */
  listings: number;
  /** Item checks read from the seller's record over the days. */
  checks: number;
  /** Access tokens refreshed (Shopee's live 4 hours, a run comes every 24; Lazada's and TikTok Shop's a week). */
  refreshes: number;
}

/** What the demo read from the three open platforms, in all and for each. */
export interface DemoSellerApi extends DemoSellerFigures {
  /** The consenting shops' items not yet in the registry, put to a person on the desk's proposals page. */
  proposals: ShopItemProposals & { onDesk: number };
  byMarketplace: Record<SellerMarketplace, DemoSellerFigures & { reads: { sales: boolean } }>;
}

/**
 * Shops of the sandbox's producers on Shopee, Lazada and TikTok Shop, and each marketplace's open
 * platform over them: the consenting producers go through the real consent flow (invite → begin →
 * the platform's authorisation page and its redirect → complete; a Lazada or TikTok Shop listing's
 * shop then bound from the shop's own item list), and the daily runs read their listings from the
 * seller's record.
 */
export class DemoSellers {
  readonly #platforms: DemoPlatform[];
  readonly #tokenKey = randomBytes(32).toString('hex');
  readonly #clock: { now: Date };

  private constructor(platforms: DemoPlatform[], clock: { now: Date }) {
    this.#platforms = platforms;
    this.#clock = clock;
  }

  static async start(world: World, seed: number, start: Date): Promise<DemoSellers> {
    const clock = { now: start };
    return new DemoSellers(await startDemoPlatforms(world, seed, () => clock.now), clock);
  }

  get clock(): Date {
    return this.#clock.now;
  }

  /** The platforms' clock follows the demo's: tokens issued at one run have aged by the next. */
  set clock(now: Date) {
    this.#clock.now = now;
  }

  /** The configuration with the three buyer-page adapters and open platforms pointed at the sandbox. */
  configure(config: Config): Config {
    let configured: Config = { ...config, sellers: { ...config.sellers, tokenKey: this.#tokenKey } };
    for (const platform of this.#platforms) configured = platform.configure(configured);
    return configured;
  }

  /** The registry's rows of the items the province knows (consenting shops' or not). */
  listingRows(): string[][] {
    return this.#platforms.flatMap((platform) => platform.world.listingRows());
  }

  /** The items' truth, to score with the marketplaces' listings. */
  truth(): ListingTruth[] {
    return this.#platforms.flatMap((platform) => {
      platform.world.catchUp();
      return platform.world.truth();
    });
  }

  /** Addresses of the listings the consenting shops' records are read for (all, or one marketplace's). */
  readBySeller(marketplace?: SellerMarketplace): Set<string> {
    return new Set(
      this.#platforms
        .filter((platform) => marketplace === undefined || platform.marketplace === marketplace)
        .flatMap(({ world }) =>
          world.shops
            .filter((shop) => shop.consents)
            .flatMap((shop) => shop.items.map((item) => world.urlOf(shop, item))),
        ),
    );
  }

  /** Of those, the listings whose record gives an exact number sold (Shopee's). */
  salesBySeller(runtime: Runtime): Set<string> {
    return new Set(
      this.#platforms
        .filter((platform) => sourceOf(runtime, platform.marketplace).reads?.sales)
        .flatMap((platform) => [...this.readBySeller(platform.marketplace)]),
    );
  }

  /** The marketplaces simulated, in the order they are reported. */
  get marketplaces(): SellerMarketplace[] {
    return this.#platforms.map((platform) => platform.marketplace);
  }

  /** Each consenting producer invited, then through the platform's authorisation page and back. */
  async consent(runtime: Runtime, store: Store): Promise<number> {
    const key = sellerTokenKey(this.#tokenKey);
    let completed = 0;
    for (const platform of this.#platforms) {
      const source = sourceOf(runtime, platform.marketplace);
      for (const shop of platform.world.shops.filter((candidate) => candidate.consents)) {
        // Staff invite the shop from its listing: Shopee's address names the shop, Lazada's and TikTok Shop's do not.
        const { inviteToken } = await inviteSellerConsent(store.db, {
          marketplace: platform.marketplace,
          ...(platform.invitesShop ? { shopId: shop.shopId } : {}),
        });
        const authorise = await beginSellerAuthorisation(store.db, {
          inviteToken,
          source,
          callbackUrl: platform.callbackUrl,
          now: this.clock,
        });
        const back = await platform.agree(authorise, shop.shopId);
        await completeSellerAuthorisation(store.db, { ...back, source, key, now: this.clock });
        completed += 1;
      }
      // As the dashboard's callback does: listings whose address names no shop get it from the shop's item list.
      await bindConsentingShopListings(store.db, {
        source,
        key,
        http: runtime.http,
        now: this.clock,
        logger: runtime.logger,
      });
    }
    return completed;
  }

  /** The consenting shops' items not yet linked, matched to the registry and proposed (never linked). */
  async propose(runtime: Runtime, store: Store, now: Date): Promise<ShopItemProposals> {
    const total: ShopItemProposals = { shops: 0, unlinked: 0, proposed: 0, failed: 0 };
    for (const platform of this.#platforms) {
      const one = await proposeConsentingShopItems(store.db, {
        source: sourceOf(runtime, platform.marketplace),
        key: sellerTokenKey(this.#tokenKey),
        http: runtime.http,
        now,
        minScore: runtime.config.discovery.minScore,
        logger: runtime.logger,
      });
      for (const name of Object.keys(total) as Array<keyof ShopItemProposals>) total[name] += one[name];
    }
    return total;
  }

  async figures(
    runtime: Runtime,
    store: Store,
    imported: ReadonlySet<string>,
    proposals: ShopItemProposals,
  ): Promise<DemoSellerApi> {
    const byMarketplace = {} as DemoSellerApi['byMarketplace'];
    for (const { marketplace } of this.#platforms) {
      const figures = await sellerFigures(store.db, marketplace);
      byMarketplace[marketplace] = {
        ...figures,
        listings: [...this.readBySeller(marketplace)].filter((url) => imported.has(url)).length,
        reads: { sales: sourceOf(runtime, marketplace).reads?.sales === true },
      };
    }
    const sum = (name: keyof DemoSellerFigures) =>
      Object.values(byMarketplace).reduce((total, figures) => total + figures[name], 0);
    const marketplaces = new Set<string>(this.marketplaces);
    const onDesk = (await listProposals(store.db, { state: 'proposed' })).filter((p) =>
      marketplaces.has(p.marketplace),
    );
    return {
      shops: sum('shops'),
      listings: sum('listings'),
      checks: sum('checks'),
      refreshes: sum('refreshes'),
      proposals: { ...proposals, onDesk: onDesk.length },
      byMarketplace,
    };
  }

  async close(): Promise<void> {
    await Promise.all(this.#platforms.map((platform) => platform.world.close()));
  }
}

function sourceOf(runtime: Runtime, marketplace: string): SellerSource {
  const source = runtime.sellerSources.find((candidate) => candidate.marketplace === marketplace);
  if (!source) throw new Error(`the demo configures the ${marketplace} seller source`);
  return source;
}
