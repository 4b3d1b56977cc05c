// pnpm bench:run — one daily run of ~5,000 listings on four sandbox marketplaces, politeness off:
// in-process, then through BullMQ with one and with two worker processes. Prints listings/s, p50/p95
// check latency, Redis commands per listing and peak RSS per process. Needs PostgreSQL and Redis.

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findRun, importListings, importProducts, openStore, runDaily } from '@ocop-monitor/monitor';
import { LISTING_COLUMNS, listingRows, PRODUCT_COLUMNS, productRows, startSandbox, toCsv } from '@ocop-monitor/sandbox';
import { sql } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { stringify } from 'yaml';
import { BENCH_TABLE_LIMITS, benchDatabase, everyRow } from '../../packages/monitor/bench/province-store.ts';
import { loadConfig } from '../src/config/load.ts';
import { QueueEngine } from '../src/queue/engine.ts';
import { createRuntime } from '../src/runtime.ts';
import { sandboxConfigLayer } from '../src/sandbox-config.ts';

const POSTGRES = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PRODUCTS = Number(process.env.BENCH_PRODUCTS ?? 3_700); // ≈ 5,000 listings
const CLI = new URL('../src/cli/main.ts', import.meta.url).pathname;
const INSTALLED = new URL('../../bin/ocop-monitor', import.meta.url).pathname;
// Workers start as installed: bin/ocop-monitor with its heap settings. BENCH_PLAIN_NODE=1 starts
// them on plain node instead (Node's defaults); BENCH_WORKER_FLAGS adds node flags either way.
const PLAIN_NODE = process.env.BENCH_PLAIN_NODE === '1';
const WORKER_FLAGS = (process.env.BENCH_WORKER_FLAGS ?? '').split(' ').filter(Boolean);
const workerCommand = PLAIN_NODE ? [process.execPath, ...WORKER_FLAGS, CLI] : [INSTALLED];

const database = await benchDatabase(POSTGRES);
const sandbox = await startSandbox({ seed: 5, products: PRODUCTS });
const prefix = `{ocop-bench-${process.pid}}`;
const config = loadConfig({
  overrides: {
    ...(sandboxConfigLayer(sandbox.baseUrls) as object),
    http: { minIntervalMs: 0, jitterMs: 0, maxInFlight: 256, respectRobotsTxt: false, retries: 0 },
    monitor: { checkConcurrency: 64 },
    queue: {
      prefix,
      metricsPort: 0,
      marketplaces: { default: { concurrency: 16, limiterMax: 100_000, limiterDurationMs: 1_000 } },
    },
    log: { level: 'warn' },
  },
  env: {},
});
const runtime = createRuntime(config);
const store = await openStore({ databaseUrl: database.url });
const dir = mkdtempSync(join(tmpdir(), 'ocop-runbench-'));
writeFileSync(join(dir, 'p.csv'), toCsv(PRODUCT_COLUMNS, productRows(sandbox.world)));
writeFileSync(join(dir, 'l.csv'), toCsv(LISTING_COLUMNS, listingRows(sandbox.world, sandbox.urlOf)));
everyRow(await importProducts(store.db, join(dir, 'p.csv'), { limits: BENCH_TABLE_LIMITS }));
const { created: listings } = await importListings(store.db, join(dir, 'l.csv'), runtime.adapters, {
  limits: BENCH_TABLE_LIMITS,
}).then(everyRow);
const redis = new Redis(REDIS);
const commands = async () => Number(/total_commands_processed:(\d+)/u.exec(await redis.info('stats'))?.[1] ?? 0);
const statusMb = (pid: number, field: 'VmHWM' | 'VmRSS') =>
  Number(new RegExp(`${field}:\\s+(\\d+)`, 'u').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
const peakRssMb = (pid: number) => statusMb(pid, 'VmHWM');

async function latencies(runDate: string): Promise<string> {
  const [row] = (
    (await store.db.execute(sql`select percentile_cont(0.5) within group (order by (evidence->>'durationMs')::float) as p50,
      percentile_cont(0.95) within group (order by (evidence->>'durationMs')::float) as p95
      from observations o join runs r on r.id = o.run_id where r.run_date = ${runDate}::date`)) as unknown as {
      rows: Array<{ p50: number; p95: number }>;
    }
  ).rows;
  return `p50 ${row?.p50.toFixed(1)} ms, p95 ${row?.p95.toFixed(1)} ms`;
}

function nextDay(): { runDate: string; runAt: Date } {
  sandbox.advanceDays(1);
  const runDate = sandbox.truth().date;
  return { runDate, runAt: new Date(`${runDate}T06:00:00+07:00`) };
}

console.log(
  `${listings} listings on ${runtime.adapters.length} sandbox marketplaces, politeness off (Node ${process.versions.node}; workers: ${PLAIN_NODE ? 'plain node' : 'bin/ocop-monitor'}, extra flags: ${WORKER_FLAGS.join(' ') || 'none'})\n`,
);
{
  const { runDate, runAt } = nextDay();
  const started = performance.now();
  await runDaily({
    db: store.db,
    adapters: runtime.adapters,
    http: runtime.http,
    config: config.monitor,
    runDate,
    runAt,
    now: () => runAt,
  });
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `in-process          ${(listings / seconds).toFixed(0).padStart(6)} listings/s  ${await latencies(runDate)}  peak RSS ${peakRssMb(process.pid).toFixed(0)} MB (this process, sandbox included)`,
  );
}

const configFile = join(dir, 'worker.yaml');
writeFileSync(configFile, stringify(config));
for (const workers of [1, 2]) {
  const children: ChildProcess[] = Array.from({ length: workers }, () =>
    spawn(workerCommand[0] ?? INSTALLED, [...workerCommand.slice(1), '--config', configFile, 'worker'], {
      env: {
        ...process.env,
        DATABASE_URL: database.url,
        REDIS_URL: REDIS,
        LOG_LEVEL: 'warn',
        OCOP_NODE_FLAGS: PLAIN_NODE ? '' : WORKER_FLAGS.join(' '),
      },
      stdio: 'ignore',
    }),
  );
  await new Promise((resolve) => setTimeout(resolve, 4_000)); // let them boot
  const producer = await QueueEngine.start(runtime, store, REDIS, { checks: false, runs: false, scheduler: false });
  const { runDate, runAt } = nextDay();
  const before = await commands();
  const started = performance.now();
  await producer.enqueueRun(runDate, { simulatedClock: runAt });
  while (!(await findRun(store.db, runDate))?.finalizedAt) await new Promise((resolve) => setTimeout(resolve, 50));
  const seconds = (performance.now() - started) / 1000;
  const perListing = ((await commands()) - before) / listings;
  const rss = children
    .map(
      (child) => `${peakRssMb(child.pid ?? 0).toFixed(0)} MB (now ${statusMb(child.pid ?? 0, 'VmRSS').toFixed(0)} MB)`,
    )
    .join(', ');
  console.log(
    `BullMQ, ${workers} worker${workers > 1 ? 's' : ' '}    ${(listings / seconds).toFixed(0).padStart(6)} listings/s  ${await latencies(runDate)}  ${perListing.toFixed(1)} Redis commands/listing  peak RSS per worker ${rss}`,
  );
  for (const child of children) child.kill('SIGTERM');
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  await producer.obliterate();
  await producer.close();
}
redis.disconnect();
await runtime.close();
await store.close();
await sandbox.close();
await database.drop();
