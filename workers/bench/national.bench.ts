// pnpm bench:national — when would the daily run finish at national scale, polite to every
// marketplace? 20,000 products / ~57,000 listings on the sandbox's four marketplaces, checked by the
// real in-process run through the real polite client, with time compressed: every politeness
// interval (1 request/s per host, 2 in flight, 250 ms jitter) divided by BENCH_TIME_SCALE (100).
// The measured wall time times the scale is the run at 1 request/s per host; the same measured
// rate per host then gives the run on six marketplaces. Two days: the first checks every listing's
// page (and learns each listing's shop), the second reads shop pages first where the cards stand in
// (shop-page batching). BENCH_PRODUCTS_PER_PRODUCER (2.2) sets shop sizes. Prints figures; asserts nothing.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importListings, importProducts, openStore, queryRows, runDaily } from '@ocop-monitor/monitor';
import { LISTING_COLUMNS, listingRows, PRODUCT_COLUMNS, productRows, startSandbox, toCsv } from '@ocop-monitor/sandbox';
import { sql } from 'drizzle-orm';
import { BENCH_TABLE_LIMITS, benchDatabase, everyRow } from '../../packages/monitor/bench/province-store.ts';
import { loadConfig } from '../src/config/load.ts';
import { createRuntime } from '../src/runtime.ts';
import { sandboxConfigLayer } from '../src/sandbox-config.ts';

const PRODUCTS = Number(process.env.BENCH_PRODUCTS ?? 20_000);
const SCALE = Number(process.env.BENCH_TIME_SCALE ?? 100);
const PER_PRODUCER = Number(process.env.BENCH_PRODUCTS_PER_PRODUCER ?? 2.2);
const POSTGRES = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const hours = (seconds: number) => `${(seconds / 3600).toFixed(1)} h`;

const sandbox = await startSandbox({
  seed: 1,
  products: PRODUCTS,
  listingsPerProduct: 3,
  productsPerProducer: PER_PRODUCER,
});
const database = await benchDatabase(POSTGRES);
const layer = sandboxConfigLayer(sandbox.baseUrls) as Record<string, object>;
const config = loadConfig({
  overrides: {
    ...layer,
    // DESIGN §8's politeness, compressed in time: the defaults divided by the scale.
    http: {
      ...layer.http,
      minIntervalMs: Math.round(1_000 / SCALE),
      jitterMs: Math.round(250 / SCALE),
      maxInFlight: 2,
      respectRobotsTxt: true,
    },
    monitor: { checkConcurrency: 16 },
    log: { level: 'warn' },
  },
  env: {},
});
const runtime = createRuntime(config);
const store = await openStore({ databaseUrl: database.url });
try {
  const dir = mkdtempSync(join(tmpdir(), 'ocop-national-'));
  writeFileSync(join(dir, 'p.csv'), toCsv(PRODUCT_COLUMNS, productRows(sandbox.world)));
  writeFileSync(join(dir, 'l.csv'), toCsv(LISTING_COLUMNS, listingRows(sandbox.world, sandbox.urlOf)));
  everyRow(await importProducts(store.db, join(dir, 'p.csv'), { limits: BENCH_TABLE_LIMITS }));
  const start = new Date(`${sandbox.truth().date}T02:00:00+07:00`);
  const { created } = await importListings(store.db, join(dir, 'l.csv'), runtime.adapters, {
    now: start,
    limits: BENCH_TABLE_LIMITS,
  }).then(everyRow);
  const perHost = await queryRows<{ marketplace: string; n: number }>(
    store.db,
    sql`select marketplace, count(*)::int as n from listings group by 1 order by 2 desc`,
  );
  console.log(`== ${PRODUCTS} products, ${created} listings; politeness compressed ${SCALE}×`);
  console.log(perHost.map((h) => `   ${h.marketplace.padEnd(14)} ${h.n} listings`).join('\n'));

  console.log(`   ${PER_PRODUCER} products per producer (one shop per producer and marketplace)`);
  const total = created;
  for (const label of ['day 1 (every listing on its own page)', 'day 2 (shop pages first)']) {
    const requestsBefore = sandbox.requestsServed;
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    sandbox.advanceDays(1);
    const day = sandbox.truth().date;
    const { summary } = await runDaily({
      db: store.db,
      adapters: runtime.adapters,
      http: runtime.http,
      config: runtime.config.monitor,
      runDate: day,
      runAt: new Date(`${day}T02:00:00+07:00`),
      logger: runtime.logger,
    });
    const wall = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const requests = sandbox.requestsServed - requestsBefore;
    // Requests each host served this run: its listing pages plus its shop pages.
    const byHost = await queryRows<{ marketplace: string; n: number }>(
      store.db,
      sql`select marketplace, sum(n)::int as n from (
            select o.marketplace, count(*) as n from observations o join runs r on r.id = o.run_id
            where r.run_date = ${day}::date and coalesce(o.evidence->>'matchedRule', '') not like '%.shop-card' group by 1
            union all
            select s.marketplace, sum(s.shop_pages) from run_shop_reads s join runs r on r.id = s.run_id
            where r.run_date = ${day}::date group by 1) t group by 1 order by 2 desc`,
    );
    const busiest = byHost[0]?.n ?? 1;
    // The run ends when the busiest host's requests are done: its achieved rate at 1 request/s.
    const atFullPoliteness = wall * SCALE;
    const ratePerHost = busiest / atFullPoliteness;
    const http = summary?.http;
    console.log(
      `\n${label}: ${summary?.checked ?? 0} checks, ${requests} requests served (${(requests / created).toFixed(2)} per listing)`,
    );
    console.log(
      `    run summary: ${http?.requestsPerListing} requests per listing; ${http?.fromCards} from the cards of ${http?.shops} shops; shops of 10+ listings ${http?.largeShops.requestsPerListing} per listing (${http?.largeShops.listings} listings)`,
    );
    console.log(`    requests per host: ${byHost.map((h) => `${h.marketplace} ${h.n}`).join(', ')}`);
    console.log(
      `    → ${hours(atFullPoliteness)} at 1 request/s per host (the busiest, ${byHost[0]?.marketplace}, ${busiest} requests, at ${ratePerHost.toFixed(2)} requests/s); ${wall.toFixed(1)} s compressed`,
    );
    console.log(
      `    CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s for ${created} checks (${((cpu.user + cpu.system) / 1e3 / created).toFixed(2)} ms a check, sandbox included)`,
    );
    // Spread over more marketplaces, the same requests per listing at the same rate per host.
    const perListing = (http?.requests ?? requests) / total;
    for (const hosts of [4, 6]) {
      const even = (total * perListing) / hosts / ratePerHost;
      const skewed = (total * perListing * 0.35) / ratePerHost; // one marketplace with 35% of the work
      console.log(
        `    plan: ${hosts} marketplaces, ${total} listings → evenly spread ${hours(even)}; one host with 35% ${hours(skewed)}`,
      );
    }
  }
} finally {
  await runtime.close();
  await store.close();
  await database.drop();
  await sandbox.close();
}
