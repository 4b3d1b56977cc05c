import { DurableObservationWriter, openRun, type RunProgress, runProgress, type Store } from '@ocop-monitor/monitor';
import { Queue, Worker } from 'bullmq';
import { sql } from 'drizzle-orm';
import { syncNationalRegistry } from '../registry-sync.ts';
import type { Runtime } from '../runtime.ts';
import { readConsentingShops } from '../seller-sources.ts';
import { todayInVietnam } from '../store-runtime.ts';
import { createCheckProcessor } from './check-processor.ts';
import { runOfJob, SIMULATED_CLOCK_ENGINE } from './job-subjects.ts';
import { type CheckQueueData, type NotifyJobData, readJob } from './jobs.ts';
import { createMetrics, type EngineMetrics } from './metrics.ts';
import { checkQueueName, NOTIFY_QUEUE, RUNS_QUEUE } from './names.ts';
import { connectionFor } from './redis.ts';
import { createRunProcessor, enqueueRun } from './run-processor.ts';

export interface EngineRoles {
  /** Check workers for these marketplaces (all when empty); false for none. */
  checks: { marketplaces: string[]; concurrency?: number | undefined } | false;
  /** Process the runs queue (fan-out, finalisation, deadlines, watchdog). */
  runs: boolean;
  /** Own the job schedulers: exactly one process should. */
  scheduler: boolean;
  /** Deliver the notification outbox (when notifications are configured). */
  notify?: boolean;
}

/** The BullMQ engine of DESIGN §9 on one Redis: queues, the workers this process runs, schedulers. */
export class QueueEngine {
  readonly runsQueue: Queue;
  readonly notifyQueue: Queue<NotifyJobData>;
  readonly checkQueues: Map<string, Queue<CheckQueueData>>;
  readonly metrics: EngineMetrics;
  readonly #workers: Worker[] = [];
  readonly #runtime: Runtime;
  readonly #store: Store;

  private constructor(runtime: Runtime, store: Store, redisUrl: string) {
    this.#runtime = runtime;
    this.#store = store;
    const { prefix } = runtime.config.queue;
    const connection = connectionFor(redisUrl, 'producer');
    this.runsQueue = new Queue(RUNS_QUEUE, { connection, prefix });
    this.notifyQueue = new Queue(NOTIFY_QUEUE, { connection, prefix });
    this.checkQueues = new Map(
      runtime.adapters.map((adapter) => [
        adapter.id,
        new Queue<CheckQueueData>(checkQueueName(adapter.id), { connection, prefix }),
      ]),
    );
    // Connection errors while Redis restarts are retried by ioredis; log them instead of crashing.
    for (const queue of [this.runsQueue, this.notifyQueue, ...this.checkQueues.values()]) {
      queue.on('error', (error) =>
        runtime.logger.warn({ queue: queue.name, err: error.message }, 'queue connection error'),
      );
    }
    this.metrics = createMetrics(
      () => [this.runsQueue, ...this.checkQueues.values()],
      async () => {
        const today = await this.#latestRunProgress();
        return today ? [{ runDate: today.runDate, share: today.total ? today.checked / today.total : 0 }] : [];
      },
    );
  }

  static async start(runtime: Runtime, store: Store, redisUrl: string, roles: EngineRoles): Promise<QueueEngine> {
    const engine = new QueueEngine(runtime, store, redisUrl);
    await engine.#startWorkers(redisUrl, roles);
    if (roles.scheduler) await engine.#upsertSchedulers();
    return engine;
  }

  async #startWorkers(redisUrl: string, roles: EngineRoles): Promise<void> {
    const { config, adapters, http, logger } = this.#runtime;
    const q = config.queue;
    const connection = connectionFor(redisUrl, 'worker');
    const common = {
      connection,
      prefix: q.prefix,
      lockDuration: q.lockDurationMs,
      stalledInterval: q.stalledIntervalMs,
    };
    if (roles.checks) {
      const writer = new DurableObservationWriter(this.#store.db);
      const wanted = roles.checks.marketplaces;
      const checking = this.#runtime.checkingAdapters(this.#store.db);
      for (const adapter of checking.filter((a) => wanted.length === 0 || wanted.includes(a.id))) {
        const queue = this.checkQueues.get(adapter.id);
        if (!queue) continue;
        const limits = q.marketplaces.perMarketplace[adapter.id] ?? q.marketplaces.default;
        const processor = createCheckProcessor({
          db: this.#store.db,
          writer,
          adapter,
          http,
          queue,
          config: q,
          controlUrls: config.monitor.controlUrls,
          logger,
          metrics: this.metrics,
        });
        const worker = new Worker<CheckQueueData>(checkQueueName(adapter.id), processor, {
          ...common,
          concurrency: roles.checks.concurrency ?? limits.concurrency,
          limiter: { max: limits.limiterMax, duration: limits.limiterDurationMs },
        });
        worker.on('failed', (job, error) =>
          logger.error({ job: job?.id, marketplace: adapter.id, err: error }, 'check failed'),
        );
        worker.on('error', (error) => logger.error({ marketplace: adapter.id, err: error }, 'check worker error'));
        this.#workers.push(worker);
      }
    }
    if (roles.runs) {
      const processor = createRunProcessor({
        db: this.#store.db,
        adapters,
        checkQueues: this.checkQueues,
        runsQueue: this.runsQueue,
        monitor: config.monitor,
        config: q,
        logger,
        afterAlerts: this.#runtime.notifier.afterAlerts,
        // A finalised run released messages: the notify queue delivers them now, at least once.
        afterFinalize: (runId) => this.requestDelivery(runId),
        registrySync: config.registry.national ? () => syncNationalRegistry(config, this.#store) : undefined,
        beforeFanOut: (runAt) => readConsentingShops(this.#runtime, this.#store.db, runAt),
      });
      const worker = new Worker(RUNS_QUEUE, processor, { ...common, concurrency: 2 });
      worker.on('failed', (job, error) => logger.error({ job: job?.id, err: error }, 'run job failed'));
      worker.on('error', (error) => logger.error({ err: error }, 'run worker error'));
      this.#workers.push(worker);
    }
    if (roles.notify && this.#runtime.notifier.enabled) {
      const worker = new Worker(
        NOTIFY_QUEUE,
        async (job) => {
          const { runId } = readJob('deliver', job, (fields) =>
            logger.warn(
              { job: job.id, fields },
              `delivery job ${job.id} of an earlier version carried ${fields.join(', ')}: ignored, delivered on the store's clock`,
            ),
          );
          // The clock of the run it follows, from the store (the demo's simulated one), else the real one.
          const run = runId === undefined ? null : await runOfJob(this.#store.db, runId);
          const tally = await this.#runtime.notifier.deliver(this.#store.db, run?.now);
          return tally ?? {};
        },
        { ...common, concurrency: 1 },
      );
      worker.on('failed', (job, error) => logger.error({ job: job?.id, err: error }, 'notification delivery failed'));
      worker.on('error', (error) => logger.error({ err: error }, 'notify worker error'));
      this.#workers.push(worker);
    }
  }

  /**
   * Asks the notify workers to deliver what is due (after a run, a review; the scheduler every
   * minute), on the clock of the run `runId` names in the store — the real one but for the demo's.
   */
  async requestDelivery(runId?: number): Promise<void> {
    if (!this.#runtime.notifier.enabled) return;
    await this.notifyQueue.add('deliver', runId === undefined ? {} : { runId }, {
      attempts: 3,
      backoff: { type: 'exponential', delay: 5_000 },
      removeOnComplete: 100,
      removeOnFail: 100,
    });
  }

  async #upsertSchedulers(): Promise<void> {
    const q = this.#runtime.config.queue;
    const schedule = async (id: string, pattern: string, name: string) => {
      try {
        await this.runsQueue.upsertJobScheduler(
          id,
          { pattern, tz: 'Asia/Ho_Chi_Minh' },
          { name, data: {}, opts: { removeOnComplete: 100, removeOnFail: 100 } },
        );
      } catch (error) {
        // Two schedulers starting together may collide on the same upsert (BullMQ #3063): the other one won.
        this.#runtime.logger.warn(
          { err: error, scheduler: id },
          'job scheduler upsert collided; keeping the existing one',
        );
      }
    };
    await schedule('daily-run', `0 ${q.dailyHour} * * *`, 'trigger');
    await schedule('watchdog', `0 ${q.watchdogHour} * * *`, 'watchdog');
    const national = this.#runtime.config.registry.national;
    if (national) await schedule('registry-sync', national.schedule, 'registry-sync');
    if (this.#runtime.notifier.enabled) {
      // Retries, deferred messages (quiet hours, quotas) and auto-released alerts come due over time.
      await this.notifyQueue.upsertJobScheduler(
        'notify-deliver',
        { every: 60_000 },
        { name: 'deliver', data: {}, opts: { removeOnComplete: 100, removeOnFail: 100 } },
      );
    }
  }

  /**
   * Enqueues the run of `runDate` (a no-op when it is already queued). A simulated clock (the demo,
   * tests, benchmarks) is recorded in the store with the run, before the job exists: the job names
   * the date only, and the workers read the clock from the run's row. Without one, the run of a
   * past day the operator asked for (`run-now --date`) is opened here, on the real clock: a run
   * job from Redis opens a run for today only, so a forged job cannot date one.
   */
  async enqueueRun(runDate: string, options: { simulatedClock?: Date } = {}): Promise<void> {
    if (options.simulatedClock) await openRun(this.#store.db, runDate, options.simulatedClock, SIMULATED_CLOCK_ENGINE);
    else if (runDate < todayInVietnam()) await openRun(this.#store.db, runDate, new Date(), 'queue');
    await enqueueRun(this.runsQueue, runDate);
  }

  progress(runDate: string): Promise<RunProgress> {
    return runProgress(this.#store.db, runDate, [...this.checkQueues.keys()]);
  }

  async #latestRunProgress(): Promise<RunProgress | null> {
    const result = (await this.#store.db.execute(
      sql`select run_date::text from runs order by run_date desc limit 1`,
    )) as unknown as { rows: Array<{ run_date: string }> };
    const latest = result.rows[0]?.run_date;
    return latest ? this.progress(latest) : null;
  }

  /** Removes every queue of this engine's prefix from Redis (the demo's private prefix). */
  async obliterate(): Promise<void> {
    for (const queue of [this.runsQueue, this.notifyQueue, ...this.checkQueues.values()])
      await queue.obliterate({ force: true });
  }

  /** Graceful stop: take no new jobs, let in-flight ones finish within the bound, then force. */
  async close(): Promise<void> {
    const timeout = this.#runtime.config.queue.shutdownTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const forced = new Promise<'forced'>((resolve) => {
      timer = setTimeout(() => resolve('forced'), timeout);
    });
    const outcome = await Promise.race([Promise.all(this.#workers.map((worker) => worker.close())), forced]);
    clearTimeout(timer);
    if (outcome === 'forced') {
      this.#runtime.logger.warn(
        { timeoutMs: timeout },
        'in-flight jobs did not finish in time: closing anyway (they will be retried)',
      );
      await Promise.all(this.#workers.map((worker) => worker.close(true)));
    }
    await Promise.all([this.runsQueue, this.notifyQueue, ...this.checkQueues.values()].map((queue) => queue.close()));
  }
}
