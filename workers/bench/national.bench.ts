// pnpm bench:national — when would the daily run finish at national scale, polite to every
// marketplace? 20,000 products / ~57,000 listings on the sandbox's four marketplaces, checked by the
// real in-process run through the real polite client, with time compressed: every politeness
// interval (1 request/s per host, 2 in flight, 250 ms jitter) divided by BENCH_TIME_SCALE (100).
// The measured wall time times the scale is the run at 1 request/s per host; the same measured
// rate per host then gives the run on six marketplaces. Prints figures; asserts nothing.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importListings, importProducts, openStore, queryRows, runDaily } from '@ocop-monitor/monitor';
import { LISTING_COLUMNS, listingRows, PRODUCT_COLUMNS, productRows, startSandbox, toCsv } from '@ocop-monitor/sandbox';
import { sql } from 'drizzle-orm';
import { benchDatabase } from '../../packages/monitor/bench/province-store.ts';
import { loadConfig } from '../src/config/load.ts';
import { createRuntime } from '../src/runtime.ts';
import { sandboxConfigLayer } from '../src/sandbox-config.ts';

const PRODUCTS = Number(process.env.BENCH_PRODUCTS ?? 20_000);
const SCALE = Number(process.env.BENCH_TIME_SCALE ?? 100);
const POSTGRES = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const hours = (seconds: number) => `${(seconds / 3600).toFixed(1)} h`;

const sandbox = await startSandbox({ seed: 1, products: PRODUCTS, listingsPerProduct: 3 });
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
  await importProducts(store.db, join(dir, 'p.csv'));
  const start = new Date(`${sandbox.truth().date}T02:00:00+07:00`);
  const { created } = await importListings(store.db, join(dir, 'l.csv'), runtime.adapters, { now: start });
  const perHost = await queryRows<{ marketplace: string; n: number }>(
    store.db,
    sql`select marketplace, count(*)::int as n from listings group by 1 order by 2 desc`,
  );
  console.log(`== ${PRODUCTS} products, ${created} listings; politeness compressed ${SCALE}×`);
  console.log(perHost.map((h) => `   ${h.marketplace.padEnd(14)} ${h.n} listings`).join('\n'));

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
  const busiest = perHost[0]?.n ?? 1;
  // The run ends when the busiest host's listings are done: its achieved rate at 1 request/s.
  const atFullPoliteness = wall * SCALE;
  const ratePerHost = busiest / atFullPoliteness;
  console.log(
    `\nrun: ${summary?.checked ?? 0} checks, ${requests} requests (${(requests / created).toFixed(2)} per listing) in ${wall.toFixed(1)} s compressed`,
  );
  console.log(
    `    → ${hours(atFullPoliteness)} at 1 request/s per host (the busiest, ${perHost[0]?.marketplace}, ${busiest} listings, at ${ratePerHost.toFixed(2)} checks/s)`,
  );
  console.log(
    `    CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s for ${created} checks (${((cpu.user + cpu.system) / 1e3 / created).toFixed(2)} ms a check, sandbox included)`,
  );
  const total = created;
  for (const hosts of [4, 6]) {
    const even = total / hosts / ratePerHost;
    const skewed = (total * 0.35) / ratePerHost; // one marketplace with 35% of the listings, as postmart here
    console.log(
      `plan: ${hosts} marketplaces, ${total} listings → evenly spread ${hours(even)}; one host with 35% ${hours(skewed)}`,
    );
  }
} finally {
  await runtime.close();
  await store.close();
  await database.drop();
  await sandbox.close();
}
