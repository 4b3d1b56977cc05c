import type { Lang } from '@ocop-monitor/monitor';
import { openOwnerDesk } from '../owner-desk.ts';
import { type EngineRoles, QueueEngine } from '../queue/engine.ts';
import { serveMetrics } from '../queue/metrics.ts';
import { ensureRedis, listening, type RedisTarget } from '../queue/redis.ts';
import type { Runtime } from '../runtime.ts';
import { openConfiguredStore, parseIsoDate, todayInVietnam } from '../store-runtime.ts';
import { askOwnerToRun, runsTheEngine } from './ask-owner.ts';
import { startDashboard } from './dashboard.ts';
import { followRun } from './follow-run.ts';
import { langOption } from './lang-option.ts';
import { writeStoredRunSummary } from './run-summary.ts';
import { UsageError } from './usage-error.ts';

/** Redis for a command: REDIS_URL or 127.0.0.1:6379; only `start` may launch a private one. */
async function redisFor(mayLaunch: boolean): Promise<RedisTarget> {
  const target = await ensureRedis(
    mayLaunch ? process.env : { ...process.env, REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' },
  );
  // BullMQ would retry a refused connection forever; a user should hear at once instead.
  const { hostname, port } = new URL(target.url);
  if (!(await listening(Number(port || 6379), hostname, 2_000))) {
    throw new UsageError(
      `cannot reach Redis at ${target.url.replace(/:[^:@/]+@/u, ':***@')}: start Redis (sudo systemctl start redis-server) or set REDIS_URL`,
    );
  }
  return target;
}

/**
 * worker and scheduler are separate processes each running part of the engine on one store:
 * PostgreSQL only. On one machine `start` runs the whole engine in the process that owns the
 * embedded store (and serves it to the other commands).
 */
function needsSharedStore(runtime: Runtime, command: string): void {
  if (runtime.config.databaseUrl) return;
  throw new UsageError(
    `\`${command}\` runs beside other processes and needs PostgreSQL (set DATABASE_URL): the embedded store ` +
      'has one owner process. On one machine, run `ocop-monitor start` (scheduler and workers in one process).',
  );
}

function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
}

/** Runs an engine with `roles` until SIGINT/SIGTERM, then stops it gracefully. */
async function serve(
  runtime: Runtime,
  roles: EngineRoles,
  mayLaunchRedis: boolean,
  what: string,
  dashboard?: { port: number; host: string },
): Promise<void> {
  const redis = await redisFor(mayLaunchRedis);
  const store = await openConfiguredStore(runtime.config);
  const engine = await QueueEngine.start(runtime, store, redis.url, roles);
  // `start` on one machine: the dashboard shares the process (and the embedded store's one owner).
  const web = dashboard
    ? await startDashboard(runtime, store, {
        ...dashboard,
        queues: [engine.runsQueue, engine.notifyQueue, ...engine.checkQueues.values()],
        checkQueues: engine.checkQueues,
      })
    : null;
  const port = runtime.config.queue.metricsPort;
  const metrics = port
    ? await serveMetrics(engine.metrics, port).catch((error: unknown) => {
        runtime.logger.warn({ err: error, port }, 'metrics endpoint not started');
        return null;
      })
    : null;
  // On the embedded store `start` is the owner: it takes the runs and backups other commands ask for.
  const desk = openOwnerDesk(runtime, store, (runDate) => engine.enqueueRun(runDate));
  runtime.logger.info(
    {
      redis: redis.url.replace(/:[^:@/]+@/u, ':***@'),
      store: store.location,
      metrics: metrics ? `http://127.0.0.1:${port}/metrics` : 'off',
      roles,
    },
    `${what} started`,
  );
  const signal = await untilSignal();
  runtime.logger.info({ signal }, `${what} stopping: no new jobs, in-flight ones may finish`);
  await desk.close();
  await web?.close();
  await engine.close();
  metrics?.close();
  await store.close();
  await redis.stop();
}

export async function workerCommand(
  runtime: Runtime,
  options: { marketplaces?: string; concurrency?: number },
): Promise<void> {
  needsSharedStore(runtime, 'worker');
  const marketplaces = options.marketplaces
    ? options.marketplaces
        .split(',')
        .map((m) => m.trim())
        .filter(Boolean)
    : [];
  const known = runtime.adapters.map((adapter) => adapter.id);
  const unknown = marketplaces.filter((m) => !known.includes(m));
  if (unknown.length)
    throw new UsageError(`unknown marketplace ${unknown.join(', ')}; configured: ${known.join(', ')}`);
  return serve(
    runtime,
    { checks: { marketplaces, concurrency: options.concurrency }, runs: true, scheduler: false, notify: true },
    false,
    'worker',
  );
}

export async function schedulerCommand(runtime: Runtime): Promise<void> {
  needsSharedStore(runtime, 'scheduler');
  return serve(runtime, { checks: false, runs: true, scheduler: true }, false, 'scheduler');
}

export function startCommand(runtime: Runtime, options: { port: number; host: string }): Promise<void> {
  return serve(
    runtime,
    { checks: { marketplaces: [] }, runs: true, scheduler: true, notify: true },
    true,
    'ocop-monitor (scheduler + workers + dashboard)',
    options,
  );
}

/** `run-now [--date]`: has the date's run done by the workers and follows it to its end with a progress bar. */
export async function runNowCommand(runtime: Runtime, options: { date?: string; lang?: string }): Promise<void> {
  const lang = langOption(options.lang);
  let runDate: string;
  try {
    runDate = options.date ? parseIsoDate(options.date, '--date') : todayInVietnam();
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (!runtime.config.databaseUrl) return runNowThroughOwner(runtime, runDate, lang);
  const redis = await redisFor(false);
  const store = await openConfiguredStore(runtime.config);
  const engine = await QueueEngine.start(runtime, store, redis.url, { checks: false, runs: false, scheduler: false });
  try {
    await engine.enqueueRun(runDate);
    await followRun(runDate, () => engine.progress(runDate), 'start `ocop-monitor worker` (or `ocop-monitor start`)');
    await writeStoredRunSummary(runtime, store.db, runDate, { lang, json: false });
  } finally {
    await engine.close();
    await store.close();
    await redis.stop();
  }
}

/**
 * `run-now` on the embedded store: the process that owns it (`start`) has the workers, so the run
 * is asked of it through the store, and followed there.
 */
async function runNowThroughOwner(runtime: Runtime, runDate: string, lang: Lang): Promise<void> {
  const store = await openConfiguredStore(runtime.config);
  try {
    const owner = runsTheEngine(store);
    if (!owner) {
      const who = store.owner
        ? `process ${store.owner.pid} (ocop-monitor ${store.owner.command}), which does not take runs from other commands,`
        : 'no process';
      throw new UsageError(
        `\`run-now\` asks the service to run the date, but ${who} serves the embedded store at ${runtime.config.dataDir}. ` +
          'Start the service (`ocop-monitor start`, or systemctl start ocop-monitor) and try again, ' +
          'or run the date in this process with `ocop-monitor check --date`.',
      );
    }
    await askOwnerToRun(runtime, store, owner, runDate);
    await writeStoredRunSummary(runtime, store.db, runDate, { lang, json: false });
  } finally {
    await store.close();
  }
}

/**
 * `queues pause|resume <queue>`: an operator stops (or restarts) one marketplace's checks — e.g.
 * while it is down — from the shell; the dashboard's queue board only shows. `<queue>` is a
 * marketplace id (its `check-<id>` queue), `runs` or `notify`.
 */
export async function queuesCommand(runtime: Runtime, action: 'pause' | 'resume', name: string): Promise<void> {
  const { Queue } = await import('bullmq');
  const { connectionFor } = await import('../queue/redis.ts');
  const known = ['runs', 'notify', ...runtime.adapters.map((adapter) => adapter.id)];
  if (!known.includes(name)) throw new UsageError(`no queue "${name}": one of ${known.join(', ')}`);
  const redis = await redisFor(false);
  const queueName = name === 'runs' || name === 'notify' ? name : `check-${name}`;
  const queue = new Queue(queueName, {
    connection: connectionFor(redis.url, 'producer'),
    prefix: runtime.config.queue.prefix,
  });
  try {
    if (action === 'pause') await queue.pause();
    else await queue.resume();
    process.stdout.write(`${queueName}: ${(await queue.isPaused()) ? 'tạm dừng / paused' : 'đang chạy / running'}\n`);
  } finally {
    await queue.close();
  }
}
