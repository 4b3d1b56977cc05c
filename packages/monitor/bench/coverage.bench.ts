// pnpm bench:coverage — the store at province scale: 20,000 products, ~60,000 listings, a year of
// daily observations on PostgreSQL (90 days on PGlite). Prints: import times, the time to record one
// day's observations, the run's finalisation, and the coverage report. Asserts nothing.
import { join } from 'node:path';
import type { Observation } from '@ocop-monitor/adapters';
import { sql } from 'drizzle-orm';
import { monitorConfigSchema } from '../src/config.ts';
import { computeCoverage } from '../src/coverage/compute-coverage.ts';
import { finalizeRun } from '../src/runs/finalize-run.ts';
import { openRun } from '../src/runs/open-run.ts';
import { ObservationRecorder } from '../src/runs/record-observation.ts';
import { openStore, type Store } from '../src/store/open-store.ts';
import { benchDatabase, fillProvince, provinceSource, seconds, time } from './province-store.ts';

const PRODUCTS = Number(process.env.BENCH_PRODUCTS ?? 20_000);
const POSTGRES = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const source = await provinceSource(PRODUCTS);
const { adapters } = source;
const config = monitorConfigSchema.parse({});

async function bench(name: string, store: Store, days: number): Promise<void> {
  console.log(`\n== ${name}: ${PRODUCTS} products, ${days} days of observations`);
  const { runAt, runDate } = await fillProvince(store, source, days);
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
const database = await benchDatabase(POSTGRES);
try {
  const store = await openStore({ databaseUrl: database.url });
  await bench('PostgreSQL', store, Number(process.env.BENCH_DAYS_PG ?? 365));
  await store.close();
} finally {
  await database.drop();
}
const pglite = await openStore({ dataDir: join(source.dir, 'pglite') });
await bench('PGlite', pglite, Number(process.env.BENCH_DAYS_PGLITE ?? 90));
await pglite.close();
await source.close();
