import {
  ALERT_TYPE_WORDS,
  countsInWords,
  formatDate,
  formatNumber,
  formatPercent,
  LARGE_SHOP,
  REGISTRY_CHANGE_WORDS,
  VERDICT_WORDS,
} from '@ocop-monitor/monitor';
import { loadConfig } from '../config/load.ts';
import { runDemo } from '../demo/run-demo.ts';
import { sandboxConfigLayer } from '../sandbox-config.ts';
import { sellerApiLines } from './demo-seller-lines.ts';
import { parseFaultProfile } from './sandbox.ts';
import { UsageError } from './usage-error.ts';

export interface DemoCommandOptions {
  days: number;
  products: number;
  seed: number;
  productsPerProducer?: number;
  faults: string;
  engine: string;
  faultsFrom: number;
  faultsOn?: string;
  json?: boolean;
  serve?: boolean;
  port: number;
  syncRegistry?: boolean;
}

const MARKETPLACES = ['voso', 'postmart', 'floor', 'tiki'] as const;

/** What each score means and which delays the rules are allowed (printed under the scores). */
const EXPLANATION = `
  precision = of the listings we alerted, the share the sandbox's truth agreed with on the day the alert opened
              (1 = no false alarm); recall = of the listings the truth says were due an alert, the share that had it
              every day it was due (1 = nothing missed). Delays allowed, as the rules document them:
    listing_delisted  at the second counted "removed" sighting at least 6 h after the first (the next daily run):
                      confirmed when the marketplace's own not-found answer (a seen rule, its negative control
                      answering the same that run) read both, put to a reviewer as listing_possibly_removed when
                      rules never seen on the live site did (the demo's reviewer opens the page: the sandbox's truth);
    zero_sales        on the first run whose check, and whose check at least 30 days earlier, show the same exact
                      sold count (never sold: 30 days after the listing was linked); approximate counts ("1,2k",
                      none shown) are "undecidable", never alerted, and counted apart;
    out_of_stock      when every daily check of the last 7 days read it out of stock, after a week watched.
  A check that could not read the page (blocked, timed out) postpones a rule by that day; it never excuses a wrong alert.
  Shopee, Lazada and TikTok Shop listings of shops whose producer consented are read from the marketplace's open
  platform, the seller's own record (status and stock; exact sales on Shopee only, so zero sales stays undecidable on
  Lazada and TikTok Shop); the others from their buyer page, which answers plain HTTP with a block (unknown).
`;

/** `ocop-monitor demo`: the whole system against the sandbox, day by day, scored against its truth. */
export async function demoCommand(options: DemoCommandOptions, configFile: string | undefined): Promise<void> {
  const faults = parseFaultProfile(options.faults);
  if (options.days < 1 || options.days > 365) throw new UsageError('--days is from 1 to 365');
  if (options.engine !== 'in-process' && options.engine !== 'queue')
    throw new UsageError('--engine is in-process or queue');
  if (options.products < 1 || options.products > 20_000) throw new UsageError('--products is from 1 to 20000');
  if (options.faultsFrom < 1 || options.faultsFrom > options.days)
    throw new UsageError(`--faults-from is a day from 1 to --days (${options.days})`);
  const perProducer = options.productsPerProducer;
  if (perProducer !== undefined && !(perProducer >= 1 && perProducer <= 200))
    throw new UsageError('--products-per-producer is a number from 1 to 200');
  const faultsOn = options.faultsOn;
  if (faultsOn !== undefined && !MARKETPLACES.some((m) => m === faultsOn))
    throw new UsageError(`--faults-on is one of ${MARKETPLACES.join(', ')}`);
  const err = process.stderr;
  if (!options.json) {
    err.write(
      `Demo: tỉnh mô phỏng / simulated province, ${options.products} products, ${options.days} days, seed ${options.seed}, faults ${options.faults}\n`,
    );
  }
  const started = performance.now();
  const result = await runDemo({
    days: options.days,
    products: options.products,
    seed: options.seed,
    productsPerProducer: perProducer,
    faults,
    engine: options.engine,
    faultsFrom: { day: options.faultsFrom, marketplace: MARKETPLACES.find((m) => m === faultsOn) },
    syncRegistry: options.syncRegistry === true,
    ...(options.serve
      ? {
          serve: {
            port: options.port,
            until: new Promise((resolve) => {
              process.once('SIGINT', resolve);
              process.once('SIGTERM', resolve);
            }),
          },
        }
      : {}),
    config: (baseUrls, registryUrl) => {
      const config = loadConfig({
        ...(configFile ? { file: configFile } : {}),
        overrides: sandboxConfigLayer(baseUrls, registryUrl),
      });
      // The demo prints its own day-by-day lines; engine logs only when asked for (LOG_LEVEL).
      if (!process.env.LOG_LEVEL) config.log.level = 'error';
      return config;
    },
    onDay: ({ day, date, summary, coverage }) => {
      if (options.json) return;
      if (!summary) {
        err.write(`  ngày ${String(day).padStart(3)} ${formatDate(date)}  không có lượt kiểm tra (máy tắt)\n`);
        return;
      }
      // The operator watching the demo reads the day in words, as `check` prints a run.
      const registry = countsInWords(summary.registryChanges, REGISTRY_CHANGE_WORDS, 'vi');
      err.write(
        `  ngày ${String(day).padStart(3)} ${formatDate(date)}  độ phủ ${formatPercent(coverage.ours).padStart(7)} (thực tế ${formatPercent(coverage.truth)})  ${countsInWords(summary.verdicts, VERDICT_WORDS, 'vi')}  cảnh báo mới: ${countsInWords(summary.alerts.opened, ALERT_TYPE_WORDS, 'vi')}${registry === '—' ? '' : `  danh mục: ${registry}`}\n`,
      );
    },
  });
  if (options.json) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return;
  }
  const d = result.detection;
  const out = process.stdout;
  const seconds = Math.round((performance.now() - started) / 1000);
  out.write(
    `\nSản phẩm / products ${result.products}, tin đăng theo dõi / listings monitored ${result.listings}, ${result.days} ngày trong ${seconds} giây / ${result.days} days in ${seconds} s\n`,
  );
  out.write(
    `Độ phủ / coverage: ${formatPercent(result.coverage.first.ours)} (${formatDate(result.coverage.first.date)}) → ${formatPercent(result.coverage.last.ours)} (${formatDate(result.coverage.last.date)}); thực tế / truth ${formatPercent(result.coverage.first.truth)} → ${formatPercent(result.coverage.last.truth)}\n`,
  );
  out.write(`Cảnh báo đã mở / alerts opened: ${countsInWords(result.alerts.opened, ALERT_TYPE_WORDS, 'vi')}\n`);
  for (const held of result.massDelisting) {
    out.write(
      `Giữ lại / held as a mass disappearance: ${held.marketplace} ngày / on ${formatDate(held.date)}, ${held.delistedEvidence} of ${held.previouslyActive} active listings answered "removed" (one marketplace_mass_delisting alert, no listing alert)\n`,
    );
  }
  for (const [name, score] of [
    ['listing_delisted', d.delisted],
    ['zero_sales', d.zeroSales],
    ['out_of_stock', d.outOfStock],
  ] as const) {
    out.write(
      `Phát hiện / detection ${name.padEnd(16)}: TP ${score.truePositives}, FP ${score.falsePositives}, FN ${score.falseNegatives}, precision ${formatNumber(score.precision, 2)}, recall ${formatNumber(score.recall, 2)}${score.undecidable ? `, undecidable ${score.undecidable}` : ''}\n`,
    );
  }
  out.write(sellerApiLines(result));
  out.write(EXPLANATION);
  out.write(
    `Yêu cầu tới các sàn / requests to the marketplaces: ${formatNumber(result.http.requests)} for ${formatNumber(result.http.checks)} checks (${formatNumber(result.http.requestsPerListing, 2)} per listing, retries and robots.txt included)\n`,
  );
  const large = result.http.largeShops;
  // "0 requests per listing" over no shop at all would read as a figure: say there were none.
  const largeShops = large.shops
    ? `${large.listings} checks in ${large.shops} shop reads, ${formatNumber(large.requestsPerListing, 2)} requests per listing`
    : 'none in this world (--products-per-producer 30 makes them)';
  out.write(
    `Đọc theo gian hàng / shop-page batching: ${result.http.fromCards} checks read from shop cards; shops of ${LARGE_SHOP}+ listings: ${largeShops}\n`,
  );
  if (result.registry) {
    const r = result.registry;
    const list = (record: Record<string, number>) => countsInWords(record, REGISTRY_CHANGE_WORDS, 'vi');
    out.write(
      `Danh mục quốc gia / national registry: ${r.syncs} syncs found ${list(r.found)}; the sandbox changed ${list(r.truth)}; missed ${r.missed}\n`,
    );
  }
  const n = result.notifications;
  const perChannel = Object.entries(n.sent)
    .map(([channel, count]) => `${channel} ${count}`)
    .join(', ');
  out.write(
    `\nThông báo / notifications (simulated Zalo ZNS, SMS and SMTP providers): sent ${perChannel || '—'}; ` +
      `to producers ${n.byKind.alert ?? 0}, department digests ${n.byKind.digest ?? 0}; fell back ${n.fellBack}, deferred ${n.deferred}, failed ${n.failed}.\n` +
      `  Báo sai cho chủ thể / false alarms to producers: ${n.falseAlarmsToProducers} (each message scored against the truth of the day it went out; a demo reviewer confirms delistings).\n`,
  );
}
