import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type AfterAlertsHook,
  findRun,
  importListings,
  importProducts,
  type RunSummary,
  runDaily,
  type Store,
} from '@ocop-monitor/monitor';
import {
  type FaultsOption,
  LISTING_COLUMNS,
  listingRows,
  PRODUCT_COLUMNS,
  productRows,
  type Sandbox,
  type SandboxOptions,
  startSandbox,
  type Truth,
  toCsv,
} from '@ocop-monitor/sandbox';
import { sql } from 'drizzle-orm';
import { loadConfig } from '../workers/src/config/load.ts';
import type { Config } from '../workers/src/config/schema.ts';
import { QueueEngine } from '../workers/src/queue/engine.ts';
import { createRuntime, type Runtime } from '../workers/src/runtime.ts';
import { sandboxConfigLayer } from '../workers/src/sandbox-config.ts';

export interface Province {
  sandbox: Sandbox;
  runtime: Runtime;
  store: Store;
  config: Config;
  close(): Promise<void>;
}

/** A sandbox province imported into `store`, with a runtime (adapters, client) pointed at it. */
export async function province(
  seed: number,
  products: number,
  faults: FaultsOption,
  store: Store,
  extra: Record<string, unknown> = {},
  world: Partial<SandboxOptions> = {},
): Promise<Province> {
  const sandbox = await startSandbox({ ...world, seed, products, faults });
  const layer = sandboxConfigLayer(sandbox.baseUrls, sandbox.registry.baseUrl) as { queue: object };
  const extraQueue = (extra.queue ?? {}) as object;
  const config = loadConfig({
    overrides: { ...layer, log: { level: 'silent' }, ...extra, queue: { ...layer.queue, ...extraQueue } },
    env: {},
  });
  const runtime = createRuntime(config);
  const dir = mkdtempSync(join(tmpdir(), 'ocop-queue-'));
  writeFileSync(join(dir, 'p.csv'), toCsv(PRODUCT_COLUMNS, productRows(sandbox.world)));
  writeFileSync(join(dir, 'l.csv'), toCsv(LISTING_COLUMNS, listingRows(sandbox.world, sandbox.urlOf)));
  await importProducts(store.db, join(dir, 'p.csv'));
  await importListings(store.db, join(dir, 'l.csv'), runtime.adapters, {
    now: new Date(`${sandbox.truth().date}T06:00:00+07:00`),
  });
  return {
    sandbox,
    runtime,
    store,
    config,
    async close() {
      await runtime.close();
      await store.close();
      await sandbox.close();
    },
  };
}

export const runAtOf = (date: string) => new Date(`${date}T06:00:00+07:00`);

/**
 * One day through the in-process engine: the sandbox clock advances, the day's run checks every
 * listing at 06:00 Vietnam time. `afterAlerts` writes the notification outbox in the run's transaction.
 */
export async function dayInProcess(
  world: Province,
  options: { afterAlerts?: AfterAlertsHook | undefined } = {},
): Promise<{ truth: Truth; runAt: Date; summary: RunSummary | null }> {
  world.sandbox.advanceDays(1);
  const truth = world.sandbox.truth();
  const runAt = runAtOf(truth.date);
  const { summary } = await runDaily({
    db: world.store.db,
    adapters: world.runtime.adapters,
    http: world.runtime.http,
    config: world.config.monitor,
    runDate: truth.date,
    runAt,
    now: () => runAt,
    ...options,
  });
  return { truth, runAt, summary };
}

/** One day through the in-process engine; its run summary. */
export async function inProcessDay(world: Province): Promise<RunSummary | null> {
  return (await dayInProcess(world)).summary;
}

/** Waits until the run of `date` is finalised in the store (bounded). */
export async function waitFinalised(store: Store, date: string, timeoutMs = 120_000): Promise<RunSummary | null> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await findRun(store.db, date);
    if (run?.finalizedAt) return (run.summary as RunSummary | null) ?? null;
    if (Date.now() > deadline) throw new Error(`run ${date} not finalised within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** One day through BullMQ. */
export async function queueDay(world: Province, engine: QueueEngine): Promise<RunSummary | null> {
  world.sandbox.advanceDays(1);
  const date = world.sandbox.truth().date;
  const runAt = runAtOf(date);
  await engine.enqueueRun(date, { simulatedClock: runAt });
  return waitFinalised(world.store, date);
}

export async function rows<T>(store: Store, query: ReturnType<typeof sql>): Promise<T[]> {
  return ((await store.db.execute(query)) as unknown as { rows: T[] }).rows;
}

/** What a run decided, keyed by listing URL with its sandbox port stripped (two sandboxes, one world). */
export async function outcome(store: Store) {
  const strip = (url: string) => url.replace(/^http:\/\/127\.0\.0\.1:\d+/u, '');
  const observations = await rows<{
    run_date: string;
    url: string;
    verdict: string;
    reason: string;
    stock: string | null;
    sold: number | null;
  }>(
    store,
    sql`select r.run_date::text, l.url, o.verdict, o.reason, o.stock, o.sold_value as sold
        from observations o join listings l on l.id = o.listing_id join runs r on r.id = o.run_id order by 1, 2`,
  );
  const states = await rows<{ url: string; state: string }>(store, sql`select url, state from listings order by url`);
  const alerts = await rows<{ type: string; subject: string; state: string }>(
    store,
    sql`select type, subject, state from alerts order by type, subject`,
  );
  const coverage = await rows<{ snapshot_date: string; percent: number }>(
    store,
    sql`select snapshot_date::text, (report->>'percent')::float as percent from coverage_snapshots order by 1`,
  );
  return {
    observations: observations
      .map((o) => `${o.run_date} ${strip(o.url)} ${o.verdict}/${o.reason} stock=${o.stock} sold=${o.sold}`)
      .sort(),
    states: states.map((s) => `${strip(s.url)} ${s.state}`).sort(),
    alerts: alerts.map((a) => `${a.type} ${a.subject} ${a.state}`),
    coverage: coverage.map((c) => `${c.snapshot_date} ${c.percent}`),
  };
}

export { QueueEngine };
