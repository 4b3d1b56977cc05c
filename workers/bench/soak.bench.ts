// pnpm bench:soak — 30 simulated days of a 2,000-product province with light faults, through the
// BullMQ engine (workers in this process) on PostgreSQL and Redis. After each day it samples RSS,
// the live heap after a collection, and the open handles, prints them, and fits a line through
// days 6..30: a leak shows as a steady climb. Needs PostgreSQL and Redis (DATABASE_URL, REDIS_URL).

import { benchDatabase } from '../../packages/monitor/bench/province-store.ts';
import { loadConfig } from '../src/config/load.ts';
import { runDemo } from '../src/demo/run-demo.ts';
import { sandboxConfigLayer } from '../src/sandbox-config.ts';

const POSTGRES = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const DAYS = Number(process.env.SOAK_DAYS ?? 30);
const PRODUCTS = Number(process.env.SOAK_PRODUCTS ?? 2_000);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc (pnpm bench:soak does)');

const database = await benchDatabase(POSTGRES);

interface Sample {
  day: number;
  rssMb: number;
  heapMb: number;
  handles: number;
  seconds: number;
}
const samples: Sample[] = [];
const mb = (bytes: number) => Math.round(bytes / 1e5) / 10;
let last = performance.now();
process.stdout.write(
  `Soak: ${PRODUCTS} products, ${DAYS} days, light faults, BullMQ engine, PostgreSQL (Node ${process.versions.node})\n`,
);
process.stdout.write('  day   RSS MB  heap MB  handles  s/day\n');
try {
  await runDemo({
    days: DAYS,
    products: PRODUCTS,
    seed: 17,
    faults: 'light',
    engine: 'queue',
    score: false, // the scorer keeps every observation in memory by design: not what is measured here
    store: { databaseUrl: database.url },
    config: (baseUrls) => {
      const config = loadConfig({ overrides: sandboxConfigLayer(baseUrls), env: {} });
      config.log.level = 'error'; // the queue's pauses on simulated 429s are expected here
      return config;
    },
    onDay: ({ day }) => {
      gc();
      const sample = {
        day,
        rssMb: mb(process.memoryUsage().rss),
        heapMb: mb(process.memoryUsage().heapUsed),
        handles: process.getActiveResourcesInfo().length,
        seconds: Math.round((performance.now() - last) / 100) / 10,
      };
      last = performance.now();
      samples.push(sample);
      process.stdout.write(
        `  ${String(day).padStart(3)}  ${String(sample.rssMb).padStart(7)}  ${String(sample.heapMb).padStart(7)}  ${String(sample.handles).padStart(7)}  ${String(sample.seconds).padStart(5)}\n`,
      );
    },
  });
} finally {
  await database.drop();
}

/** Least-squares slope per day of one measure over the days after warm-up. */
function slope(pick: (s: Sample) => number): number {
  const points = samples.filter((s) => s.day > 5);
  const n = points.length;
  const meanX = points.reduce((a, s) => a + s.day, 0) / n;
  const meanY = points.reduce((a, s) => a + pick(s), 0) / n;
  const num = points.reduce((a, s) => a + (s.day - meanX) * (pick(s) - meanY), 0);
  const den = points.reduce((a, s) => a + (s.day - meanX) ** 2, 0);
  return den === 0 ? 0 : num / den;
}
const trend = { rss: slope((s) => s.rssMb), heap: slope((s) => s.heapMb), handles: slope((s) => s.handles) };
process.stdout.write(
  `Trend over days 6..${DAYS}: RSS ${trend.rss.toFixed(2)} MB/day, live heap ${trend.heap.toFixed(2)} MB/day, handles ${trend.handles.toFixed(2)}/day\n`,
);
process.stdout.write(
  Math.abs(trend.heap) < 0.5 && Math.abs(trend.handles) < 0.5
    ? 'No growth trend: live heap and open handles are flat.\n'
    : 'GROWTH: live heap or open handles climb day after day — look for a leak.\n',
);
