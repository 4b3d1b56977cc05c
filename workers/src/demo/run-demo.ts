import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addUser } from '@ocop-monitor/dashboard';
import {
  importListings,
  importProducts,
  listAlerts,
  openStore,
  type RequestShare,
  type RunSummary,
  requestShare,
  runDaily,
  runObservations,
  type StoreOptions,
} from '@ocop-monitor/monitor';
import { notifyConfigSchema } from '@ocop-monitor/notify';
import {
  type FaultsOption,
  LISTING_COLUMNS,
  listingRows,
  type MarketplaceKind,
  PRODUCT_COLUMNS,
  productRows,
  type SellerMarketplace,
  startProviderSimulators,
  startSandbox,
  type Trick,
  toCsv,
} from '@ocop-monitor/sandbox';
import { startDashboard } from '../cli/dashboard.ts';
import type { Config } from '../config/schema.ts';
import { createRuntime, type Runtime } from '../runtime.ts';
import { sandboxNotifyLayer } from '../sandbox-config.ts';
import { STORE_TEMPLATES } from '../store-runtime.ts';
import { type DemoNotifications, DemoNotifier } from './demo-notifications.ts';
import { DemoRegistry } from './demo-registry.ts';
import { type DemoSellerApi, DemoSellers } from './demo-sellers.ts';
import { DetectionScorer } from './detection-scorer.ts';
import { startQueueDriver } from './queue-driver.ts';
import { truthCoverage } from './truth-coverage.ts';

export interface DemoOptions {
  days: number;
  products: number;
  seed: number;
  /** Registry products per producer (each producer has one shop per marketplace): 2.2 unless given. */
  productsPerProducer?: number | undefined;
  faults: FaultsOption;
  /** The configuration to use; its marketplaces are replaced by the sandbox's. */
  config: (baseUrls: Record<'voso' | 'postmart' | 'floor' | 'tiki', string>, registryUrl: string) => Config;
  /** Sync the registry with the sandbox's national registry on day 0 and every 7th day (as the scheduler does weekly). */
  syncRegistry?: boolean;
  /**
   * When the faults begin (default: day 1) and on which marketplace (default: all), e.g. a
   * redesign or a URL-scheme move of voso on day 10: `{ day: 10, marketplace: 'voso' }`.
   */
  faultsFrom?: { day: number; marketplace?: MarketplaceKind | undefined };
  /**
   * Days the machine was off: the sandbox's day passes with no run. The `adversarial` faults have
   * one (two from 40 days) unless given.
   */
  missedRunDays?: readonly number[];
  /** `in-process` (no Redis) or `queue` (BullMQ workers in this process, on Redis). */
  engine?: 'in-process' | 'queue';
  onDay?: (day: DemoDay) => void;
  /** Where the demo's data goes: an in-memory store unless given (the soak benchmark uses PostgreSQL). */
  store?: StoreOptions;
  /**
   * Score detection and notifications against the truth (default). The soak benchmark turns it off:
   * scoring keeps every day's observations in memory, which would hide or fake a leak.
   */
  score?: boolean;
  /**
   * Give some producers Shopee, Lazada and TikTok Shop shops, a share of them consenting to the open
   * platforms, and read those listings from the seller's record (default). Off: the world of the
   * four marketplaces only.
   */
  sellerApi?: boolean;
  /** After the days: keep the dashboard up on the demo's data until `until` settles (Ctrl-C). */
  serve?: { port: number; until: Promise<unknown> };
}

interface DemoDay {
  day: number;
  date: string;
  summary: RunSummary | null;
  coverage: { ours: number; truth: number };
}

export interface DemoResult {
  days: number;
  products: number;
  listings: number;
  coverage: {
    first: DemoDay['coverage'] & { date: string };
    last: DemoDay['coverage'] & { date: string };
    trend: Array<DemoDay['coverage'] & { date: string }>;
  };
  alerts: { opened: Record<string, number>; live: Record<string, number> };
  detection: DetectionScores;
  /**
   * Listings due a zero-sales alert whose sales could not be read exactly: had every listing been
   * read from its page (`pageOnly`), and as the demo read them (`withSellerApi`).
   */
  zeroSalesUndecidable: { pageOnly: number; withSellerApi: number };
  /**
   * With `sellerApi`: the consenting shops, read from their seller's record, and their detection
   * alone — in all and for each marketplace.
   */
  sellerApi?: Omit<DemoSellerApi, 'byMarketplace'> & {
    detection: DetectionScores;
    byMarketplace: Record<
      SellerMarketplace,
      DemoSellerApi['byMarketplace'][SellerMarketplace] & { detection: DetectionScores }
    >;
  };
  /** Runs in which a marketplace's delisted evidence was held as a mass disappearance. */
  massDelisting: Array<{ date: string; marketplace: string; delistedEvidence: number; previouslyActive: number }>;
  notifications: DemoNotifications;
  /**
   * What the daily runs cost the marketplaces: requests the sandbox served to the checks (retries
   * and robots.txt included), per check; and, from the run summaries, the shops read from shop
   * pages and the listings of shops with ten or more that cards stood in for.
   */
  http: {
    requests: number;
    checks: number;
    requestsPerListing: number;
    fromCards: number;
    largeShops: RequestShare & { shops: number };
  };
  /** With the adversarial faults: listing-days each trick was played on (pages that look like removals). */
  adversarial?: Partial<Record<Trick, number>>;
  /** Days the machine was off (no run). */
  missedRunDays: number[];
  /** With `syncRegistry`: changes the syncs found, and the sandbox's own changes due by the last sync. */
  registry?: { syncs: number; found: Record<string, number>; truth: Record<string, number>; missed: number };
}

/**
 * The whole system on a machine with no internet: a sandbox province, its registry imported
 * through the real import path, then each simulated day the clock advances and a daily run checks
 * every listing. Detection is scored against the sandbox's truth.
 */
export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const from = options.faultsFrom ?? { day: 1 };
  const faultsOn = (): FaultsOption => (from.marketplace ? { [from.marketplace]: options.faults } : options.faults);
  const sandbox = await startSandbox({
    seed: options.seed,
    products: options.products,
    ...(options.productsPerProducer ? { productsPerProducer: options.productsPerProducer } : {}),
    faults: from.day <= 1 ? faultsOn() : 'none',
  });
  // Producers and the department hear about it through simulated Zalo ZNS, SMS and SMTP providers.
  const providers = await startProviderSimulators();
  const startOf = (date: string) => new Date(`${date}T06:00:00+07:00`);
  const today = sandbox.truth();
  const sellers =
    options.sellerApi === false ? null : await DemoSellers.start(sandbox.world, options.seed, startOf(today.date));
  const given = options.config(sandbox.baseUrls, sandbox.registry.baseUrl);
  const config = sellers ? sellers.configure(given) : given;
  const runtime = createRuntime({ ...config, notify: notifyConfigSchema.parse(sandboxNotifyLayer(providers)) });
  const dir = mkdtempSync(join(tmpdir(), 'ocop-demo-'));
  // A store of its own in the demo's temporary folder, private to it: on disk, its pages are the
  // system's file cache rather than the process's memory (an in-memory store keeps every page in
  // the heap: ~100 MB more at the end of the default demo).
  const store = await openStore(
    options.store ?? { dataDir: join(dir, 'pglite'), serve: false, templateDir: STORE_TEMPLATES },
  );
  const queue = options.engine === 'queue' ? await startQueueDriver(runtime, store) : null;
  try {
    const productsFile = join(dir, 'san-pham.csv');
    const listingsFile = join(dir, 'tin-dang.csv');
    writeFileSync(productsFile, toCsv(PRODUCT_COLUMNS, productRows(sandbox.world)));
    const sellerRows = sellers?.listingRows() ?? [];
    writeFileSync(listingsFile, toCsv(LISTING_COLUMNS, [...listingRows(sandbox.world, sandbox.urlOf), ...sellerRows]));
    // The world's truth with the Shopee shops' items beside the marketplaces' listings.
    const truthNow = () => {
      const world = sandbox.truth();
      return sellers ? { ...world, listings: [...world.listings, ...sellers.truth()] } : world;
    };
    await importProducts(store.db, productsFile, { source: 'sandbox' });
    const imported = await importListings(store.db, listingsFile, runtime.adapters, {
      now: startOf(today.date),
      by: 'demo',
    });
    const importedUrls = new Set(
      truthNow()
        .listings.filter((l) => l.knownToProvince)
        .map((l) => l.url),
    );
    // The consenting producers authorise the department's application; their other items are proposed.
    await sellers?.consent(runtime, store);
    const proposals = await sellers?.propose(runtime, store, startOf(today.date));
    const inRegistry = (urls: ReadonlySet<string> | undefined) =>
      new Set([...(urls ?? [])].filter((url) => importedUrls.has(url)));
    // Exact sales come from Shopee's record only: Lazada's and TikTok Shop's give status and stock.
    const salesBySeller = inRegistry(sellers?.salesBySeller(runtime));
    const rules = runtime.config.monitor.rules;
    const windows = {
      zeroSalesDays: (marketplace: string) => (rules.zeroSales.perMarketplace[marketplace] ?? rules.zeroSales).warnDays,
      outOfStockDays: rules.outOfStock.days,
    };
    const scorer = new DetectionScorer(importedUrls, windows, salesBySeller);
    // The same, for the listings read from their seller's record alone: in all, and each marketplace's.
    const sellerScorers = new Map(
      [undefined, ...(sellers?.marketplaces ?? [])].map((marketplace) => [
        marketplace,
        new DetectionScorer(inRegistry(sellers?.readBySeller(marketplace)), windows, salesBySeller),
      ]),
    );
    const notifier = new DemoNotifier(runtime, store.db, providers, windows);
    const trend: DemoResult['coverage']['trend'] = [];
    const opened: Record<string, number> = {};
    const massDelisting: DemoResult['massDelisting'] = [];
    const registry = options.syncRegistry ? new DemoRegistry(runtime.config, store, sandbox) : null;
    let requests = 0;
    let checks = 0;
    let fromCards = 0;
    const large = { shops: 0, listings: 0, requests: 0 };
    await registry?.sync(0, startOf(today.date));
    const missed = new Set(options.missedRunDays ?? (options.faults === 'adversarial' ? offDays(options.days) : []));
    for (let day = 1; day <= options.days; day += 1) {
      if (from.day > 1 && from.day === day) sandbox.setFaults(faultsOn());
      sandbox.advanceDays(1);
      if (missed.has(day)) {
        options.onDay?.({ day, date: sandbox.truth().date, summary: null, coverage: { ours: 0, truth: 0 } });
        continue; // the machine was off: no run, no review, no delivery that day
      }
      const truth = truthNow();
      const runAt = startOf(truth.date);
      if (sellers) sellers.clock = runAt;
      if (day % 7 === 0) await registry?.sync(day, new Date(runAt.getTime() - 3_600_000));
      const servedBefore = sandbox.requestsServed;
      const summary = queue
        ? await queue.run(truth.date, runAt)
        : (
            await runDaily({
              db: store.db,
              adapters: runtime.checkingAdapters(store.db),
              http: runtime.http,
              config: runtime.config.monitor,
              runDate: truth.date,
              runAt,
              now: () => runAt,
              logger: runtime.logger,
              afterAlerts: runtime.notifier.afterAlerts,
            })
          ).summary;
      requests += sandbox.requestsServed - servedBefore;
      // The four marketplaces' checks only: the open platforms' listings are served by their own simulators.
      const openPlatforms = new Set<string>(sellers?.marketplaces ?? []);
      checks +=
        (summary?.checked ?? 0) -
        (summary?.health ?? []).filter((h) => openPlatforms.has(h.marketplace)).reduce((n, h) => n + h.checks, 0);
      fromCards += summary?.http.fromCards ?? 0;
      large.shops += summary?.http.largeShops.shops ?? 0;
      large.listings += summary?.http.largeShops.listings ?? 0;
      large.requests += summary?.http.largeShops.requests ?? 0;
      for (const [type, n] of Object.entries(summary?.alerts.opened ?? {})) opened[type] = (opened[type] ?? 0) + n;
      for (const held of summary?.massDelisting ?? []) massDelisting.push({ date: truth.date, ...pickCounts(held) });
      if (options.score !== false) {
        const observed = await runObservations(store.db, truth.date);
        const live = await listAlerts(store.db, { state: 'live' });
        scorer.day(day, truth, observed, live);
        if (sellers) for (const sellerScorer of sellerScorers.values()) sellerScorer.day(day, truth, observed, live);
      }
      await notifier.afterRun(day, truth, runAt, options.score !== false);
      const ours = summary?.coverage.percent ?? 0;
      const entry = { date: truth.date, ours, truth: truthCoverage(sandbox.world, truth, importedUrls).percent };
      trend.push(entry);
      options.onDay?.({ day, date: truth.date, summary, coverage: entry });
    }
    if (options.serve) await serveDemo(runtime, store, options.serve, startOf(sandbox.truth().date));
    const liveByType: Record<string, number> = {};
    for (const alert of await listAlerts(store.db, { state: 'live' }))
      liveByType[alert.type] = (liveByType[alert.type] ?? 0) + 1;
    const first = trend[0] ?? { date: today.date, ours: 0, truth: 0 };
    return {
      days: options.days,
      products: sandbox.world.products.length,
      listings: imported.created,
      coverage: { first, last: trend.at(-1) ?? first, trend },
      alerts: { opened, live: liveByType },
      detection: scorer.scores(),
      zeroSalesUndecidable: scorer.zeroSalesUndecidable(),
      ...(sellers && proposals
        ? { sellerApi: sellerApiResult(await sellers.figures(runtime, store, importedUrls, proposals), sellerScorers) }
        : {}),
      massDelisting,
      notifications: await notifier.summary(),
      http: {
        requests,
        checks,
        requestsPerListing: requestShare(requests, checks).requestsPerListing,
        fromCards,
        largeShops: { shops: large.shops, ...requestShare(large.requests, large.listings) },
      },
      ...(Object.keys(sandbox.tricksServed).length ? { adversarial: { ...sandbox.tricksServed } } : {}),
      missedRunDays: [...missed].sort((a, b) => a - b),
      ...(registry ? { registry: registry.result() } : {}),
    };
  } finally {
    await queue?.close();
    await runtime.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true }); // the store's folder with it
    await sandbox.close();
    await sellers?.close();
    await providers.close();
  }
}

type DetectionScores = ReturnType<DetectionScorer['scores']>;

/** The open platforms' figures with each scorer's detection beside them. */
function sellerApiResult(
  figures: DemoSellerApi,
  scorers: ReadonlyMap<SellerMarketplace | undefined, DetectionScorer>,
): NonNullable<DemoResult['sellerApi']> {
  const scores = (marketplace?: SellerMarketplace) => {
    const scorer = scorers.get(marketplace);
    if (!scorer) throw new Error(`no detection scorer for ${marketplace ?? 'the seller-read listings'}`);
    return scorer.scores();
  };
  const byMarketplace = Object.fromEntries(
    Object.entries(figures.byMarketplace).map(([marketplace, one]) => [
      marketplace,
      { ...one, detection: scores(marketplace as SellerMarketplace) },
    ]),
  ) as NonNullable<DemoResult['sellerApi']>['byMarketplace'];
  return { ...figures, detection: scores(), byMarketplace };
}

/** The adversarial world's days without a run: one before the middle, a second late in long runs. */
const offDays = (days: number) =>
  [Math.max(2, Math.round(days * 0.4)), ...(days >= 40 ? [Math.round(days * 0.75)] : [])].filter((d) => d <= days);

const pickCounts = (held: { marketplace: string; delistedEvidence: number; previouslyActive: number }) => ({
  marketplace: held.marketplace,
  delistedEvidence: held.delistedEvidence,
  previouslyActive: held.previouslyActive,
});

const DEMO_LOGIN = { username: 'demo', password: 'demo-ocop-2026' };

/** The dashboard on the demo's store, with a reviewer login printed, until the caller says stop. */
async function serveDemo(
  runtime: Runtime,
  store: Awaited<ReturnType<typeof openStore>>,
  serve: NonNullable<DemoOptions['serve']>,
  lastRunAt: Date,
): Promise<void> {
  await addUser(store.db, { ...DEMO_LOGIN, displayName: 'Cán bộ demo', role: 'reviewer' });
  const app = await startDashboard(runtime, store, {
    port: serve.port,
    host: '127.0.0.1',
    insecureCookies: true, // http://127.0.0.1 for a local look; production serves over HTTPS
    now: () => new Date(lastRunAt.getTime() + 3 * 3_600_000),
  });
  process.stdout.write(`  đăng nhập / log in: ${DEMO_LOGIN.username} / ${DEMO_LOGIN.password} (Ctrl-C to stop)\n`);
  await serve.until;
  await app.close();
}
