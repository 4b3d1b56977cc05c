// pnpm bench:coverage — the store at province scale: 20,000 products, ~60,000 listings, a year of
// daily observations on PostgreSQL (90 days on PGlite). Prints: import times, the time to record one
// day's observations, the run's finalisation, and the coverage report. Asserts nothing.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAdapters, type Observation } from '@ocop-monitor/adapters';
import { LISTING_COLUMNS, listingRows, PRODUCT_COLUMNS, productRows, startSandbox, toCsv } from '@ocop-monitor/sandbox';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { monitorConfigSchema } from '../src/config.ts';
import { computeCoverage } from '../src/coverage/compute-coverage.ts';
import { importListings } from '../src/registry/import-listings.ts';
import { importProducts } from '../src/registry/import-products.ts';
import { finalizeRun } from '../src/runs/finalize-run.ts';
import { openRun } from '../src/runs/open-run.ts';
import { ObservationRecorder } from '../src/runs/record-observation.ts';
import { openStore, type Store } from '../src/store/open-store.ts';

const PRODUCTS = Number(process.env.BENCH_PRODUCTS ?? 20_000);
const POSTGRES = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const time = async <T>(what: () => Promise<T>): Promise<[T, number]> => {
  const started = performance.now();
  const result = await what();
  return [result, performance.now() - started];
};

const sandbox = await startSandbox({ seed: 1, products: PRODUCTS, listingsPerProduct: 3 });
const dir = mkdtempSync(join(tmpdir(), 'ocop-bench-'));
writeFileSync(join(dir, 'products.csv'), toCsv(PRODUCT_COLUMNS, productRows(sandbox.world)));
writeFileSync(join(dir, 'listings.csv'), toCsv(LISTING_COLUMNS, listingRows(sandbox.world, sandbox.urlOf)));
const adapters = createAdapters({
  voso: { baseUrl: sandbox.baseUrls.voso },
  postmart: { baseUrl: sandbox.baseUrls.postmart },
  tiki: { baseUrl: sandbox.baseUrls.tiki },
  floors: [
    {
      id: 'floor-sandbox',
      displayName: 'floor',
      baseUrl: sandbox.baseUrls.floor,
      layout: { productPaths: ['^/san-pham/(?<slug>[a-z0-9-]+)-(?<id>\\d+)\\.html$'], container: '.product-info' },
    },
  ],
});
const config = monitorConfigSchema.parse({});

async function bench(name: string, store: Store, days: number): Promise<void> {
  console.log(`\n== ${name}: ${PRODUCTS} products, ${days} days of observations`);
  const [products, importMs] = await time(() => importProducts(store.db, join(dir, 'products.csv')));
  console.log(`import products   ${products.created} rows in ${seconds(importMs)}`);
  const start = new Date('2025-01-01T06:00:00+07:00');
  const [listings, listingsMs] = await time(() =>
    importListings(store.db, join(dir, 'listings.csv'), adapters, { now: start }),
  );
  console.log(`import listings   ${listings.created} rows in ${seconds(listingsMs)}`);
  // History, written in bulk by the database itself: one active observation per listing per day.
  const [, historyMs] = await time(async () => {
    await store.db.execute(sql`insert into runs (run_date, run_at, engine, finalized_at)
      select (date '2025-01-01' + d), timestamptz '2025-01-01 06:00+07' + d * interval '1 day', 'bench', now()
      from generate_series(0, ${days - 2}) d`);
    await store.db.execute(sql`insert into observations (run_id, listing_id, marketplace, checked_at, verdict, reason, sold_value, sold_approximate, stock, data, evidence)
      select r.id, l.id, l.marketplace, r.run_at, 'active', 'listed', (l.id % 50) + (r.id / 30)::int, false, 'in_stock', null,
             '{"httpStatus":200,"matchedRule":"bench"}'::jsonb
      from runs r cross join listings l`);
    await store.db.execute(
      sql`update listings set state = 'active', last_conclusive_at = timestamptz '2025-01-01 06:00+07' + ${days - 2} * interval '1 day'`,
    );
    await store.db.execute(sql`analyze`);
  });
  console.log(`history           ${days - 1} days × ${listings.created} listings written in ${seconds(historyMs)}`);
  // The day under test: every observation recorded the way a run records it (8 checks at a time, batched).
  const runAt = new Date(start.getTime() + (days - 1) * 86_400_000);
  const runDate = new Date(Date.UTC(2025, 0, 1) + (days - 1) * 86_400_000).toISOString().slice(0, 10); // in +07
  const run = await openRun(store.db, runDate, runAt, 'bench');
  const ids = (await store.db.execute(sql`select id, marketplace, item_id from listings order by id`)) as unknown as {
    rows: Array<{ id: number; marketplace: string; item_id: string }>;
  };
  const recorder = new ObservationRecorder(store.db, run.id);
  const [, recordMs] = await time(async () => {
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < ids.rows.length) {
          const row = ids.rows[next++];
          if (!row) continue;
          const observation: Observation = {
            marketplace: row.marketplace,
            itemId: row.item_id,
            url: `http://127.0.0.1/${row.item_id}`,
            checkedAt: runAt.toISOString(),
            verdict: 'active',
            reason: 'listed',
            data: {
              title: 'x',
              price: 1000,
              listPrice: null,
              sold: { value: 5, approximate: false, raw: '5' },
              stock: 'in_stock',
              isOcop: null,
              ocopStars: null,
              shop: null,
            },
            evidence: {
              httpStatus: 200,
              finalUrl: null,
              redirects: [],
              matchedRule: 'bench',
              bodySha256: null,
              bytes: 0,
              durationMs: 1,
              retryAfterSeconds: null,
              detail: null,
            },
          };
          await recorder.add(row.id, observation);
        }
      }),
    );
    await recorder.flush();
  });
  console.log(
    `record one day    ${ids.rows.length} observations in ${seconds(recordMs)} (${Math.round(ids.rows.length / (recordMs / 1000))}/s)`,
  );
  const counted = adapters.map((adapter) => adapter.id);
  const [, finalizeMs] = await time(() => finalizeRun(store.db, run, config, counted));
  console.log(`finalise the run  states, rules, alerts, coverage snapshot in ${seconds(finalizeMs)}`);
  for (let i = 0; i < 3; i += 1) {
    const [report, reportMs] = await time(() =>
      computeCoverage(store.db, { date: runDate, asOf: runAt, freshnessHours: 48, countedMarketplaces: counted }),
    );
    console.log(
      `coverage report   ${report.covered}/${report.denominator} = ${report.percent}% in ${seconds(reportMs)}${i === 0 ? ' (cold)' : ''}`,
    );
  }
}

// PostgreSQL: a database of its own, dropped afterwards.
const name = `ocop_bench_${process.pid}`;
const admin = new pg.Client({ connectionString: POSTGRES });
await admin.connect();
await admin.query(`create database ${name}`);
const url = new URL(POSTGRES);
url.pathname = `/${name}`;
try {
  const store = await openStore({ databaseUrl: url.href });
  await bench('PostgreSQL', store, Number(process.env.BENCH_DAYS_PG ?? 365));
  await store.close();
} finally {
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
}
const pgliteDir = join(dir, 'pglite');
const pglite = await openStore({ dataDir: pgliteDir });
await bench('PGlite', pglite, Number(process.env.BENCH_DAYS_PGLITE ?? 90));
await pglite.close();
rmSync(dir, { recursive: true, force: true });
await sandbox.close();
