// A store at province scale for the benchmarks: the sandbox's registry and listings imported as an
// official would, then `days - 1` days of daily observations written in bulk by the database itself.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAdapters } from '@ocop-monitor/adapters';
import { LISTING_COLUMNS, listingRows, PRODUCT_COLUMNS, productRows, startSandbox, toCsv } from '@ocop-monitor/sandbox';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { importListings } from '../src/registry/import-listings.ts';
import { importProducts } from '../src/registry/import-products.ts';
import type { Store } from '../src/store/open-store.ts';

export const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
export const time = async <T>(what: () => Promise<T>): Promise<[T, number]> => {
  const started = performance.now();
  const result = await what();
  return [result, performance.now() - started];
};

/** Import limits for the benchmarks' national-scale files (the defaults stop at 50,000 rows). */
export const BENCH_TABLE_LIMITS = {
  maxFileBytes: 1024 ** 3,
  maxUncompressedBytes: 1024 ** 3,
  maxRows: 10_000_000,
  maxCells: 100_000_000,
};

/** A benchmark's import must take every row: a refused file would measure an empty store. */
export function everyRow<T extends { fileRejected: boolean; rejected: number; problems: unknown[] }>(report: T): T {
  if (report.fileRejected || report.rejected > 0)
    throw new Error(`the benchmark's import refused rows: ${JSON.stringify(report.problems.slice(0, 3))}`);
  return report;
}

export type ProvinceSource = Awaited<ReturnType<typeof provinceSource>>;

/** The sandbox province of `products` products (three listings each) as import files, and adapters for it. */
export async function provinceSource(products: number) {
  const sandbox = await startSandbox({ seed: 1, products, listingsPerProduct: 3 });
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
  return {
    products,
    dir,
    adapters,
    counted: adapters.map((adapter) => adapter.id),
    async close() {
      rmSync(dir, { recursive: true, force: true });
      await sandbox.close();
    },
  };
}

/** Imports the province into `store` and writes `days - 1` days of history; prints what it took. */
export async function fillProvince(store: Store, source: ProvinceSource, days: number) {
  const [products, importMs] = await time(async () =>
    everyRow(await importProducts(store.db, join(source.dir, 'products.csv'), { limits: BENCH_TABLE_LIMITS })),
  );
  console.log(`import products   ${products.created} rows in ${seconds(importMs)}`);
  const start = new Date('2025-01-01T06:00:00+07:00');
  const [listings, listingsMs] = await time(() =>
    importListings(store.db, join(source.dir, 'listings.csv'), source.adapters, {
      now: start,
      limits: BENCH_TABLE_LIMITS,
    }).then(everyRow),
  );
  console.log(`import listings   ${listings.created} rows in ${seconds(listingsMs)}`);
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
  const runAt = new Date(start.getTime() + (days - 1) * 86_400_000);
  const runDate = new Date(Date.UTC(2025, 0, 1) + (days - 1) * 86_400_000).toISOString().slice(0, 10); // in +07
  return { listings: listings.created, runAt, runDate };
}

/** A PostgreSQL database of the benchmark's own at DATABASE_URL's server, dropped by `drop`. */
export async function benchDatabase(postgresUrl: string) {
  const name = `ocop_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  return {
    url: url.href,
    async drop() {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
