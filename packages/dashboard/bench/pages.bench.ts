// pnpm bench:dashboard — the dashboard at province scale: 20,000 products, ~60,000 listings, a year
// of daily observations, coverage snapshots and alerts on PostgreSQL. Times each page over HTTP, as
// a browser asks for it (logged in), and prints the median and the slowest of repeated loads.
// Target: the coverage page and the alert queue under 300 ms. The coverage report is kept while
// nothing it reads changes; "coverage, data changed" shows a load after a check landed. Asserts nothing.

import { sql } from 'drizzle-orm';
import { request } from 'undici';
import { benchDatabase, fillProvince, provinceSource, seconds, time } from '../../monitor/bench/province-store.ts';
import { monitorConfigSchema } from '../../monitor/src/config.ts';
import { finalizeRun } from '../../monitor/src/runs/finalize-run.ts';
import { openRun } from '../../monitor/src/runs/open-run.ts';
import { openStore } from '../../monitor/src/store/open-store.ts';
import { addUser } from '../src/accounts.ts';
import { createDashboard } from '../src/app.ts';

const PRODUCTS = Number(process.env.BENCH_PRODUCTS ?? 20_000);
const DAYS = Number(process.env.BENCH_DAYS ?? 365);
const LOADS = Number(process.env.BENCH_LOADS ?? 15);
const POSTGRES = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const PASSWORD = 'bench-password-2026';

const source = await provinceSource(PRODUCTS);
const database = await benchDatabase(POSTGRES);
const store = await openStore({ databaseUrl: database.url });
try {
  console.log(`== dashboard on PostgreSQL: ${PRODUCTS} products, ${DAYS} days`);
  const { runAt, runDate } = await fillProvince(store, source, DAYS);
  // The last day as a run finalises it: states, rules, alerts and the day's coverage snapshot.
  const run = await openRun(store.db, runDate, runAt, 'bench');
  await finalizeRun(store.db, run, monitorConfigSchema.parse({}), source.counted);
  const [, historyMs] = await time(async () => {
    // A year of coverage snapshots for the trend, and a year of alerts: resolved ones with their
    // audit trail, and a live queue of a few thousand listing alerts.
    await store.db.execute(sql`insert into coverage_snapshots (snapshot_date, denominator_rule, report, percent, covered, denominator)
      select r.run_date, s.denominator_rule, jsonb_set(s.report, '{percent}', to_jsonb(60 + (r.id % 40))), 60 + (r.id % 40), s.covered, s.denominator
      from runs r cross join coverage_snapshots s where r.run_date < ${runDate} on conflict do nothing`);
    await store.db.execute(sql`insert into alerts (type, subject, listing_id, product_id, marketplace, severity, state, opened_at, updated_at, resolved_at, evidence)
      select case when l.id % 2 = 0 then 'listing_delisted' else 'zero_sales' end, 'listing:' || l.id, l.id, l.product_id, l.marketplace,
             'warning', case when l.id % 10 = 0 then 'open' else 'resolved' end,
             timestamptz '2025-01-01 06:00+07' + (l.id % ${DAYS - 1}) * interval '1 day',
             timestamptz '2025-01-01 06:00+07' + (l.id % ${DAYS - 1}) * interval '1 day',
             case when l.id % 10 = 0 then null else timestamptz '2025-01-02 06:00+07' + (l.id % ${DAYS - 1}) * interval '1 day' end,
             jsonb_build_object('url', l.url, 'lastObservation', jsonb_build_object('httpStatus', 404, 'matchedRule', 'bench'))
      from listings l where l.id % 2 = 0 or l.id % 3 = 0 on conflict do nothing`);
    await store.db.execute(sql`insert into alert_events (alert_id, at, actor, action, from_state, to_state, note)
      select id, opened_at, 'system', 'open', null, 'open', null from alerts`);
    await store.db.execute(sql`analyze`);
  });
  const counts = (await store.db.execute(
    sql`select (select count(*)::int from alerts) as alerts, (select count(*)::int from alerts where resolved_at is null) as live,
               (select count(*)::int from coverage_snapshots) as snapshots, (select count(*)::int from observations) as observations`,
  )) as unknown as { rows: Array<Record<string, number>> };
  console.log(`alerts, snapshots ${JSON.stringify(counts.rows[0])} written in ${seconds(historyMs)}`);

  await addUser(store.db, { username: 'bench', displayName: 'Bench', password: PASSWORD, role: 'reviewer' });
  const app = await createDashboard({
    db: store.db,
    freshnessHours: 48,
    confirmAfterHours: 6,
    countedMarketplaces: source.counted,
    secureCookies: false,
    now: () => runAt,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const login = await request(`${base}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username: 'bench', password: PASSWORD }).toString(),
  });
  await login.body.dump();
  const cookie = String([login.headers['set-cookie']].flat()[0]).split(';')[0] ?? '';
  const [product] = (
    (await store.db.execute(sql`select product_id as id from listings order by id limit 1`)) as unknown as {
      rows: Array<{ id: number }>;
    }
  ).rows;
  const [alert] = (
    (await store.db.execute(
      sql`select id from alerts where type = 'listing_delisted' or listing_id is not null order by id limit 1`,
    )) as unknown as { rows: Array<{ id: number }> }
  ).rows;
  // A check recorded between two loads: the coverage report is computed afresh (as during a run),
  // instead of answered again while nothing it reads has changed.
  const aCheckLands = () =>
    store.db.execute(sql`update listings set last_checked_at = now() where id = (select min(id) from listings)`);
  const pages: ReadonlyArray<readonly [string, string, (() => Promise<unknown>)?]> = [
    ['today (home page)', '/'],
    ['coverage page', '/coverage'],
    ['coverage, data changed', '/coverage', aCheckLands],
    ['alert queue', '/alerts'],
    ['alert queue, by producer', '/alerts?group=producer&page=2'],
    ['one alert', `/alerts/${alert?.id}`],
    ['alert queue, one type', '/alerts?type=listing_delisted'],
    ['a product page', `/products/${product?.id}`],
    ['product search', '/products?q=tra'],
    ['marketplace health', '/marketplaces'],
    ['coverage API', '/api/coverage'],
  ];
  console.log(`\n${'page'.padEnd(24)} ${'median'.padStart(9)} ${'slowest'.padStart(9)}  size`);
  for (const [name, path, before] of pages) {
    const durations: number[] = [];
    let bytes = 0;
    for (let i = 0; i < LOADS; i += 1) {
      await before?.();
      const started = performance.now();
      const response = await request(`${base}${path}`, { headers: { cookie } });
      const body = await response.body.text();
      durations.push(performance.now() - started);
      if (response.statusCode !== 200) throw new Error(`${path} answered ${response.statusCode}`);
      bytes = body.length;
    }
    durations.sort((a, b) => a - b);
    const median = durations[Math.floor(durations.length / 2)] ?? 0;
    const ms = (value: number) => `${value.toFixed(0)} ms`.padStart(9);
    console.log(`${name.padEnd(24)} ${ms(median)} ${ms(durations.at(-1) ?? 0)}  ${Math.round(bytes / 1024)} KB`);
  }
  await app.close();
} finally {
  await store.close();
  await database.drop();
  await source.close();
}
