import { randomBytes } from 'node:crypto';
import type { SellerSource } from '@ocop-monitor/adapters';
import {
  beginSellerAuthorisation,
  completeSellerAuthorisation,
  inviteSellerConsent,
  listProposals,
  proposeConsentingShopItems,
  type ShopItemProposals,
  type Store,
  sellerFigures,
  sellerTokenKey,
} from '@ocop-monitor/monitor';
import { type ListingTruth, type ShopeeWorld, startShopeeWorld, type World } from '@ocop-monitor/sandbox';
import type { Config } from '../config/schema.ts';
import type { Runtime } from '../runtime.ts';

/** What the demo read from Shopee's open platform, by the consenting producers' leave. */
export interface DemoSellerApi {
  /** Shops whose consent is active at the end. */
  shops: number;
  /** Their listings in the registry, read from the seller's record. */
  listings: number;
  /** Item checks read from the seller's record over the days. */
  checks: number;
  /** Access tokens refreshed (they live 4 hours; a run comes every 24). */
  refreshes: number;
  /** The consenting shops' items not yet in the registry, put to a person on the desk's proposals page. */
  proposals: ShopItemProposals & { onDesk: number };
}

// The sandbox platform's application: a partner key is only a secret on the live platform.
const PARTNER = { partnerId: 2_003_030, partnerKey: 'sandbox-shopee-partner-key-ocop' };
// Where Shopee sends the producer back: the demo reads the address, nobody opens it.
const CALLBACK = 'http://127.0.0.1/dong-y/shopee/xong';

/**
 * Shopee shops of the sandbox's producers, and Shopee's open platform over them: the consenting
 * producers go through the real consent flow (invite → begin → the platform's authorisation page
 * and its redirect → complete), and the daily runs read their listings from the seller's record.
 */
export class DemoSellers {
  readonly #shopee: ShopeeWorld;
  readonly #tokenKey = randomBytes(32).toString('hex');
  #clock: Date;

  private constructor(shopee: ShopeeWorld, clock: Date) {
    this.#shopee = shopee;
    this.#clock = clock;
  }

  static async start(world: World, seed: number, clock: Date): Promise<DemoSellers> {
    let demo: DemoSellers | null = null;
    const shopee = await startShopeeWorld(world, { seed, ...PARTNER, now: () => demo?.clock ?? clock });
    demo = new DemoSellers(shopee, clock);
    return demo;
  }

  get clock(): Date {
    return this.#clock;
  }

  /** The platform's clock follows the demo's: tokens issued at one run have expired by the next. */
  set clock(now: Date) {
    this.#clock = now;
  }

  /** The configuration with Shopee's buyer pages and its open platform pointed at the sandbox. */
  configure(config: Config): Config {
    const url = this.#shopee.platform.url;
    return {
      ...config,
      marketplaces: { ...config.marketplaces, shopee: { enabled: true, baseUrl: url } },
      // No pause between a shop's calls: a local simulator, paced per second by the platform itself.
      sellers: { ...config.sellers, shopee: { ...PARTNER, baseUrl: url, minIntervalMs: 0 }, tokenKey: this.#tokenKey },
    };
  }

  /** The registry's rows of the Shopee items the province knows (consenting shops' or not). */
  listingRows(): string[][] {
    return this.#shopee.listingRows();
  }

  /** The items' truth, to score with the marketplaces' listings. */
  truth(): ListingTruth[] {
    this.#shopee.catchUp();
    return this.#shopee.truth();
  }

  /** Addresses of the listings the consenting shops' records are read for. */
  readBySeller(): Set<string> {
    return new Set(
      this.#shopee.shops
        .filter((shop) => shop.consents)
        .flatMap((shop) => shop.items.map((item) => this.#shopee.urlOf(shop, item))),
    );
  }

  /** Each consenting producer invited, then through Shopee's authorisation page and back. */
  async consent(runtime: Runtime, store: Store): Promise<number> {
    const source = shopeeSource(runtime);
    let completed = 0;
    for (const shop of this.#shopee.shops.filter((candidate) => candidate.consents)) {
      // Staff invite the shop from its listing in the registry: the producer is the listing's.
      const { inviteToken } = await inviteSellerConsent(store.db, { marketplace: 'shopee', shopId: shop.shopId });
      const authorise = await beginSellerAuthorisation(store.db, {
        inviteToken,
        source,
        callbackUrl: CALLBACK,
        now: this.#clock,
      });
      const back = await this.#pressAgree(authorise, shop.shopId);
      await completeSellerAuthorisation(store.db, {
        state: back.searchParams.get('state') ?? '',
        code: back.searchParams.get('code') ?? '',
        shopId: back.searchParams.get('shop_id') ?? '',
        source,
        key: sellerTokenKey(this.#tokenKey),
        now: this.#clock,
      });
      completed += 1;
    }
    return completed;
  }

  /** The producer on the platform's page presses "Đồng ý" for their shop: where the platform sends them. */
  async #pressAgree(authorisationUrl: string, shopId: string): Promise<URL> {
    const page = await fetch(authorisationUrl);
    const html = await page.text();
    const link = new RegExp(`href="(/consent\\?shop_id=${shopId}&amp;[^"]+)"`, 'u').exec(html)?.[1];
    if (!page.ok || !link) throw new Error(`the sandbox's Shopee authorisation page offers no link for shop ${shopId}`);
    const agreed = await fetch(new URL(link.replaceAll('&amp;', '&'), authorisationUrl), { redirect: 'manual' });
    const location = agreed.headers.get('location');
    if (agreed.status !== 302 || !location) throw new Error(`the sandbox's Shopee consent answered ${agreed.status}`);
    return new URL(location);
  }

  /** The consenting shops' items not yet linked, matched to the registry and proposed (never linked). */
  propose(runtime: Runtime, store: Store, now: Date): Promise<ShopItemProposals> {
    return proposeConsentingShopItems(store.db, {
      source: shopeeSource(runtime),
      key: sellerTokenKey(this.#tokenKey),
      http: runtime.http,
      now,
      minScore: runtime.config.discovery.minScore,
      logger: runtime.logger,
    });
  }

  async figures(store: Store, imported: ReadonlySet<string>, proposals: ShopItemProposals): Promise<DemoSellerApi> {
    const figures = await sellerFigures(store.db, 'shopee');
    const onDesk = (await listProposals(store.db, { state: 'proposed' })).filter((p) => p.marketplace === 'shopee');
    return {
      ...figures,
      listings: [...this.readBySeller()].filter((url) => imported.has(url)).length,
      proposals: { ...proposals, onDesk: onDesk.length },
    };
  }

  close(): Promise<void> {
    return this.#shopee.close();
  }
}

function shopeeSource(runtime: Runtime): SellerSource {
  const source = runtime.sellerSources.find((candidate) => candidate.marketplace === 'shopee');
  if (!source) throw new Error('the demo configures the Shopee seller source');
  return source;
}
