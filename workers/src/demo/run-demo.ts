import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  delistedEvidenceByUrl,
  importListings,
  importProducts,
  listAlerts,
  openStore,
  type RunSummary,
  runDaily,
} from '@ocop-monitor/monitor';
import {
  type FaultsOption,
  LISTING_COLUMNS,
  listingRows,
  PRODUCT_COLUMNS,
  productRows,
  startSandbox,
  toCsv,
} from '@ocop-monitor/sandbox';
import type { Config } from '../config/schema.ts';
import { createRuntime } from '../runtime.ts';
import { type DetectionScore, DetectionTally } from './detection.ts';
import { startQueueDriver } from './queue-driver.ts';
import { showsExactSold, truthCoverage } from './truth-coverage.ts';

export interface DemoOptions {
  days: number;
  products: number;
  seed: number;
  faults: FaultsOption;
  /** The configuration to use; its marketplaces are replaced by the sandbox's. */
  config: (baseUrls: Record<'voso' | 'postmart' | 'floor' | 'tiki', string>) => Config;
  /** Turn a marketplace's layout on a day, to show quarantine (`{ day: 10, marketplace: 'voso' }`). */
  redesign?: { day: number; marketplace: 'voso' | 'postmart' | 'floor' | 'tiki' };
  /** `in-process` (no Redis) or `queue` (BullMQ workers in this process, on Redis). */
  engine?: 'in-process' | 'queue';
  onDay?: (day: DemoDay) => void;
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
  detection: { delisted: DetectionScore; zeroSales: DetectionScore };
}

/**
 * The whole system on a machine with no internet: a sandbox province, its registry imported
 * through the real import path, then each simulated day the clock advances and a daily run checks
 * every listing. Detection is scored against the sandbox's truth.
 */
export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const sandbox = await startSandbox({ seed: options.seed, products: options.products, faults: options.faults });
  const runtime = createRuntime(options.config(sandbox.baseUrls));
  const store = await openStore({ dataDir: 'memory://' });
  const dir = mkdtempSync(join(tmpdir(), 'ocop-demo-'));
  const queue = options.engine === 'queue' ? await startQueueDriver(runtime, store) : null;
  try {
    const productsFile = join(dir, 'san-pham.csv');
    const listingsFile = join(dir, 'tin-dang.csv');
    writeFileSync(productsFile, toCsv(PRODUCT_COLUMNS, productRows(sandbox.world)));
    writeFileSync(listingsFile, toCsv(LISTING_COLUMNS, listingRows(sandbox.world, sandbox.urlOf)));
    const startOf = (date: string) => new Date(`${date}T06:00:00+07:00`);
    const today = sandbox.truth();
    await importProducts(store.db, productsFile, { source: 'sandbox' });
    const imported = await importListings(store.db, listingsFile, runtime.adapters, {
      now: startOf(today.date),
      by: 'demo',
    });
    const importedUrls = new Set(today.listings.filter((l) => l.knownToProvince).map((l) => l.url));
    const zeroWindow = runtime.config.monitor.rules.zeroSales.warnDays;
    const soldHistory = new Map<string, number[]>();
    const delisted = new DetectionTally();
    const zeroSales = new DetectionTally();
    const trend: DemoResult['coverage']['trend'] = [];
    const opened: Record<string, number> = {};
    for (let day = 1; day <= options.days; day += 1) {
      if (options.redesign?.day === day) sandbox.setFaults({ [options.redesign.marketplace]: 'redesign' });
      sandbox.advanceDays(1);
      const truth = sandbox.truth();
      const runAt = startOf(truth.date);
      const summary = queue
        ? await queue.run(truth.date, runAt)
        : (
            await runDaily({
              db: store.db,
              adapters: runtime.adapters,
              http: runtime.http,
              config: runtime.config.monitor,
              runDate: truth.date,
              runAt,
              now: () => runAt,
              logger: runtime.logger,
            })
          ).summary;
      for (const [type, n] of Object.entries(summary?.alerts.opened ?? {})) opened[type] = (opened[type] ?? 0) + n;
      const byUrl = new Map(truth.listings.map((l) => [l.url, l]));
      for (const l of truth.listings) soldHistory.set(l.url, [...(soldHistory.get(l.url) ?? []), l.sold]);
      // Score today's live alerts against today's truth.
      const live = await listAlerts(store.db, { state: 'live' });
      for (const alert of live) {
        const url = (alert.evidence as { url?: string }).url;
        const real = url ? byUrl.get(url) : undefined;
        if (!url || !real) continue;
        if (alert.type === 'listing_delisted') delisted.alerted(url, !real.onSale);
        if (alert.type === 'zero_sales') {
          const history = soldHistory.get(url) ?? [];
          const before = history.at(-1 - zeroWindow);
          zeroSales.alerted(url, before !== undefined && before === real.sold);
        }
      }
      for (const real of truth.listings) {
        if (!importedUrls.has(real.url)) continue;
        const history = soldHistory.get(real.url) ?? [];
        const before = history.at(-1 - zeroWindow);
        if (real.onSale && before !== undefined && before === real.sold && showsExactSold(real.marketplace, real.sold))
          zeroSales.expected(real.url);
      }
      const ours = summary?.coverage.percent ?? 0;
      const entry = { date: truth.date, ours, truth: truthCoverage(sandbox.world, truth, importedUrls).percent };
      trend.push(entry);
      options.onDay?.({ day, date: truth.date, summary, coverage: entry });
    }
    // A removal was due to be flagged once two delisted observations (not from a quarantined
    // marketplace) had seen it: the confirmation rule. Faults can delay that; they never excuse it.
    const evidence = await delistedEvidenceByUrl(store.db);
    for (const real of sandbox.truth().listings) {
      if (importedUrls.has(real.url) && !real.onSale && (evidence.get(real.url) ?? 0) >= 2) delisted.expected(real.url);
    }
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
      detection: { delisted: delisted.score(), zeroSales: zeroSales.score() },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await queue?.close();
    await runtime.close();
    await store.close();
    await sandbox.close();
  }
}
