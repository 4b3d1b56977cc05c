import type { Server } from 'node:http';
import type { Trick } from './adversarial.ts';
import { startControlServer } from './control-server.ts';
import { FaultPlan, type FaultsOption } from './faults.ts';
import { type NationalChange, NationalRegistry } from './national-registry.ts';
import { startNationalRegistryServer } from './national-registry-server.ts';
import { type SandboxOptions, sandboxOptionsSchema, type WorldOptions } from './options.ts';
import { Random } from './random.ts';
import { startSiteServer } from './server.ts';
import { floorSite } from './sites/floor.ts';
import type { SiteResponse } from './sites/format.ts';
import { postmartSite } from './sites/postmart.ts';
import type { Site, SiteContext } from './sites/site.ts';
import { tikiOfferId, tikiSite } from './sites/tiki.ts';
import { vosoSite } from './sites/voso.ts';
import { type Truth, truthOf } from './truth.ts';
import { generateDecoys } from './world/decoys.ts';
import { generateWorld } from './world/generate.ts';
import { advanceDay } from './world/simulate.ts';
import type { Listing, MarketplaceKind, World } from './world/types.ts';
import { foldVietnamese } from './world/vietnamese.ts';

const SITES: readonly Site[] = [vosoSite, postmartSite, floorSite, tikiSite];

/**
 * What each simulated marketplace answers for a product it does not have — its not-found page, as
 * an operator keeps a captured one (the adapters keep its fingerprint; `doctor` learns the same).
 */
export const SANDBOX_NOT_FOUND_PAGES: Readonly<Record<MarketplaceKind, SiteResponse>> = Object.fromEntries(
  SITES.map((site) => [site.kind, site.notFound]),
) as Record<MarketplaceKind, SiteResponse>;

const PATHS: Record<MarketplaceKind, (listing: Listing) => string> = {
  voso: (l) => `/${l.slug}-p${l.itemId}.html`,
  postmart: (l) => `/p/${l.slug}-${l.itemId}.html`,
  floor: (l) => `/san-pham/${l.slug}-${l.itemId}.html`,
  // A Tiki listing is a seller's offer: its address names the offer (spid).
  tiki: (l) => `/${l.slug}-p${l.itemId}.html?spid=${tikiOfferId(l)}`,
};

export interface Sandbox {
  readonly baseUrls: Readonly<Record<MarketplaceKind, string>>;
  /** Ground truth, registry exports and the clock over HTTP (see docs/developer.md, "The sandbox"). */
  readonly controlUrl: string;
  readonly world: Readonly<World>;
  urlOf(listing: Listing): string;
  advanceDays(days: number): void;
  truth(): Truth;
  setFaults(faults: FaultsOption): void;
  readonly requestsServed: number;
  /** Listing-days the adversarial profile played each trick on (asked for at least once). */
  readonly tricksServed: Readonly<Partial<Record<Trick, number>>>;
  /** The national OCOP registry's public API (this province's products and other provinces'). */
  readonly registry: {
    readonly baseUrl: string;
    /** What changes in the national registry, on which day: the truth a sync is checked against. */
    readonly changes: readonly NationalChange[];
    /** While on, every registry request but the first list page answers 503. */
    setOutage(on: boolean): void;
    readonly requestsServed: number;
  };
  close(): Promise<void>;
}

/** Indexes the sites read: listings by item id, and each shop's listings on sale. */
class WorldIndex {
  byItem = new Map<MarketplaceKind, Map<string, Listing>>();
  byShop = new Map<MarketplaceKind, Map<string, Listing[]>>();
  stars = new Map<string, number>();
  /** On sale and searchable, with each title's folded words. */
  searchable = new Map<MarketplaceKind, Array<{ listing: Listing; words: Set<string> }>>();
  readonly #decoys: Listing[];

  constructor(decoys: Listing[]) {
    this.#decoys = decoys;
  }

  search(marketplace: MarketplaceKind, query: string): Listing[] {
    const words = [...new Set(foldWords(query))];
    if (words.length === 0) return [];
    return (this.searchable.get(marketplace) ?? [])
      .map((entry) => ({ entry, hits: words.filter((w) => entry.words.has(w)).length }))
      .filter(({ hits }) => hits * 2 >= words.length)
      .sort((a, b) => b.hits - a.hits || Number(a.entry.listing.itemId) - Number(b.entry.listing.itemId))
      .slice(0, 20)
      .map(({ entry }) => entry.listing);
  }

  rebuild(world: World): void {
    this.byItem.clear();
    this.byShop.clear();
    this.searchable.clear();
    for (const decoy of this.#decoys) {
      const items = this.byItem.get(decoy.marketplace) ?? new Map<string, Listing>();
      items.set(decoy.itemId, decoy);
      this.byItem.set(decoy.marketplace, items);
      this.#searchable(decoy);
    }
    for (const product of world.products) this.stars.set(product.id, product.stars);
    for (const listing of world.listings) {
      if (listing.listedOnDay > world.day) continue;
      const items = this.byItem.get(listing.marketplace) ?? new Map<string, Listing>();
      items.set(listing.itemId, listing);
      this.byItem.set(listing.marketplace, items);
      if (listing.removedOnDay !== null) continue;
      this.#searchable(listing);
      const shops = this.byShop.get(listing.marketplace) ?? new Map<string, Listing[]>();
      shops.set(listing.shopId, [...(shops.get(listing.shopId) ?? []), listing]);
      this.byShop.set(listing.marketplace, shops);
    }
  }

  #searchable(listing: Listing): void {
    const list = this.searchable.get(listing.marketplace) ?? [];
    list.push({ listing, words: new Set(foldWords(listing.title)) });
    this.searchable.set(listing.marketplace, list);
  }
}

const foldWords = (text: string) =>
  foldVietnamese(text)
    .split(/[^a-z0-9]+/u)
    .filter(Boolean);

/**
 * Starts simulated voso-, postmart-, provincial-floor- and Tiki-style sites on localhost from a
 * seeded world. Advance its clock with `advanceDays`; read what is really true with `truth()`.
 */
export async function startSandbox(input: SandboxOptions = {}): Promise<Sandbox> {
  const options: WorldOptions = sandboxOptionsSchema.parse(input);
  const random = new Random(options.seed);
  const world = generateWorld(random, options);
  const faults = new FaultPlan(options.seed, options.faults);
  const index = new WorldIndex(generateDecoys(world));
  index.rebuild(world);
  let requestsServed = 0;
  const tricksServed: Partial<Record<Trick, number>> = {};
  const tricked = new Set<string>();
  const servers: Server[] = [];
  const baseUrls = {} as Record<MarketplaceKind, string>;
  for (const [position, site] of SITES.entries()) {
    const context: SiteContext = {
      baseUrl: '',
      redesign: false,
      listing: (itemId) => index.byItem.get(site.kind)?.get(itemId),
      onSaleInShop: (shopId) => index.byShop.get(site.kind)?.get(shopId) ?? [],
      productStars: (productId) => index.stars.get(productId) ?? 3,
      search: (query) => index.search(site.kind, query),
      trick: (itemId) => {
        if (!faults.profile(site.kind).adversarial) return null;
        const listing = index.byItem.get(site.kind)?.get(itemId);
        if (!listing || listing.removedOnDay !== null) return null;
        const trick = faults.adversarial.trick(site.kind, world.day, itemId, listing.inStock);
        const key = `${world.day}|${site.kind}|${itemId}`;
        if (trick && !tricked.has(key)) {
          tricked.add(key);
          tricksServed[trick] = (tricksServed[trick] ?? 0) + 1;
        }
        return trick;
      },
    };
    const { server, baseUrl } = await startSiteServer(
      {
        site,
        faults,
        day: () => world.day,
        context: () => ({ ...context, redesign: faults.profile(site.kind).redesign }),
        onRequest: () => {
          requestsServed += 1;
        },
      },
      options.host,
      options.port === 0 ? 0 : options.port + position,
    );
    context.baseUrl = baseUrl;
    baseUrls[site.kind] = baseUrl;
    servers.push(server);
  }
  const urlOf = (listing: Listing) => `${baseUrls[listing.marketplace]}${PATHS[listing.marketplace](listing)}`;
  const sandbox: Sandbox = {
    baseUrls,
    controlUrl: '',
    world,
    urlOf,
    advanceDays(days) {
      for (let i = 0; i < days; i += 1) advanceDay(random, world, options);
      faults.newDay();
      index.rebuild(world);
    },
    truth: () => truthOf(world, urlOf),
    setFaults: (next) => faults.set(next),
    get requestsServed() {
      return requestsServed;
    },
    tricksServed,
    registry: undefined as unknown as Sandbox['registry'], // set below, once its server listens
    async close() {
      for (const server of servers) server.closeAllConnections();
      await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
    },
  };
  const nationalRegistry = new NationalRegistry(world);
  let registryOutage = false;
  const registryServer = await startNationalRegistryServer(
    nationalRegistry,
    options.host,
    options.port === 0 ? 0 : options.port + SITES.length + 1,
    () => registryOutage,
  );
  servers.push(registryServer.server);
  Object.assign(sandbox, {
    registry: {
      baseUrl: registryServer.baseUrl,
      changes: nationalRegistry.changes,
      setOutage: (on: boolean) => {
        registryOutage = on;
      },
      get requestsServed() {
        return registryServer.requests();
      },
    },
  });
  const control = await startControlServer(sandbox, options.host, options.port === 0 ? 0 : options.port + SITES.length);
  servers.push(control.server);
  Object.assign(sandbox, { controlUrl: control.baseUrl });
  return sandbox;
}
