import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '@ocop-monitor/monitor';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { listening } from '../workers/src/queue/redis.ts';
import {
  inProcessDay,
  outcome,
  type Province,
  province,
  QueueEngine,
  rows,
  runAtOf,
  waitFinalised,
} from './province.ts';
import { REDIS_URL, redisAvailable } from './redis-target.ts';
import { createPostgresDatabase, postgresAvailable } from './store-targets.ts';

const CLI = new URL('../workers/src/cli/main.ts', import.meta.url).pathname;
// Every page answers slowly, so a run lasts a few seconds and can be interrupted in the middle.
const SLOW = { slow: 1, slowMs: 300 };
const queueSettings = (prefix: string) => ({
  queue: {
    prefix,
    lockDurationMs: 2_000,
    stalledIntervalMs: 1_000,
    metricsPort: 0,
    marketplaces: { default: { concurrency: 2, limiterMax: 1_000, limiterDurationMs: 1_000 } },
  },
});

async function observed(store: Store): Promise<number> {
  const [row] = await rows<{ n: number }>(store, sql`select count(*)::int as n from observations`);
  return row?.n ?? 0;
}

async function until(what: () => Promise<boolean>, timeoutMs: number, message: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await what())) {
    if (Date.now() > deadline) throw new Error(message);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The same world, undisturbed, through the in-process engine: what a crash must not change. */
async function baseline(seed: number, products: number): Promise<Awaited<ReturnType<typeof outcome>>> {
  const world = await province(seed, products, 'none', await openStore({ dataDir: 'memory://' }));
  try {
    await inProcessDay(world);
    return await outcome(world.store);
  } finally {
    await world.close();
  }
}

async function enqueueDay(world: Province, engine: QueueEngine): Promise<string> {
  world.sandbox.advanceDays(1);
  const date = world.sandbox.truth().date;
  const runAt = runAtOf(date);
  await engine.enqueueRun(date, { simulatedClock: runAt });
  return date;
}

describe.skipIf(!redisAvailable || !postgresAvailable)('crash safety of the BullMQ engine', () => {
  it('kill -9 of a worker process mid-run: the run completes with the results of an undisturbed run', {
    timeout: 240_000,
  }, async () => {
    const database = await createPostgresDatabase();
    const prefix = `{ocop-crash-${process.pid}}`;
    const world = await province(41, 60, SLOW, await openStore({ databaseUrl: database.url }), queueSettings(prefix));
    const configFile = join(mkdtempSync(join(tmpdir(), 'ocop-crash-')), 'worker.yaml');
    writeFileSync(configFile, stringify({ ...world.config, log: { level: 'warn' } }));
    const env = { ...process.env, DATABASE_URL: database.url, REDIS_URL, LOG_LEVEL: 'warn' };
    const worker = (): ChildProcess =>
      spawn(process.execPath, [CLI, '--config', configFile, 'worker'], { env, stdio: 'ignore' });
    const producer = await QueueEngine.start(world.runtime, world.store, REDIS_URL, {
      checks: false,
      runs: false,
      scheduler: false,
    });
    const first = worker();
    let second: ChildProcess | undefined;
    try {
      const date = await enqueueDay(world, producer);
      await until(async () => (await observed(world.store)) >= 10, 60_000, 'the first worker never started checking');
      first.kill('SIGKILL');
      const atKill = await observed(world.store);
      second = worker();
      await waitFinalised(world.store, date, 180_000);
      const [listings] = await rows<{ n: number }>(world.store, sql`select count(*)::int as n from listings`);
      expect(atKill).toBeLessThan(listings?.n ?? 0); // it really died mid-run
      expect(await outcome(world.store)).toEqual(await baseline(41, 60));
    } finally {
      first.kill('SIGKILL');
      second?.kill('SIGTERM');
      await producer.obliterate();
      await producer.close();
      await world.close();
      await database.drop();
    }
  });

  it('Redis restarted mid-run (AOF on): the run resumes and completes with the same results', {
    timeout: 240_000,
  }, async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as { port: number };
        probe.close(() => resolve(free));
      });
    });
    const dir = mkdtempSync(join(tmpdir(), 'ocop-redis-'));
    const args = [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--appendonly',
      'yes',
      '--appendfsync',
      'always',
      '--save',
      '',
    ];
    const redisUrl = `redis://127.0.0.1:${port}`;
    const startRedis = async () => {
      const server = spawn('redis-server', args, { stdio: 'ignore' });
      await until(() => listening(port), 10_000, 'redis-server did not start');
      return server;
    };
    let redis = await startRedis();
    const world = await province(
      42,
      60,
      SLOW,
      await openStore({ dataDir: 'memory://' }),
      queueSettings('{ocop-restart}'),
    );
    const engine = await QueueEngine.start(world.runtime, world.store, redisUrl, {
      checks: { marketplaces: [] },
      runs: true,
      scheduler: false,
    });
    try {
      const date = await enqueueDay(world, engine);
      await until(async () => (await observed(world.store)) >= 10, 60_000, 'checks never started');
      await new Promise<void>((resolve) => {
        redis.once('exit', () => resolve());
        redis.kill('SIGTERM');
      });
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      redis = await startRedis();
      await waitFinalised(world.store, date, 180_000);
      expect(await outcome(world.store)).toEqual(await baseline(42, 60));
    } finally {
      await engine.close();
      await world.close();
      redis.kill('SIGTERM');
    }
  });
});
