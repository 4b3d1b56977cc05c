import type { MarketplaceAdapter } from '@ocop-monitor/adapters';
import {
  type AfterAlertsHook,
  type Database,
  finalizeRun,
  findRun,
  listingsToCheck,
  type MonitorConfig,
  negativeControlsToCheck,
  openRun,
  planChecks,
  type RegistrySyncSummary,
  type Run,
  reconcileAlerts,
} from '@ocop-monitor/monitor';
import { type Job, type Queue, WaitingChildrenError } from 'bullmq';
import type { Logger } from 'pino';
import { todayInVietnam } from '../store-runtime.ts';
import { type CheckQueueData, type RunJobData, readJob } from './jobs.ts';
import { checkJobId, controlJobId, deadlineJobId, runJobId, shopJobId } from './names.ts';
import type { QueueConfig } from './options.ts';

export interface RunProcessorDeps {
  db: Database;
  adapters: readonly MarketplaceAdapter[];
  checkQueues: ReadonlyMap<string, Queue<CheckQueueData>>;
  runsQueue: Queue;
  monitor: MonitorConfig;
  config: QueueConfig;
  logger: Logger;
  /** The notification outbox, written in the finalisation's transaction. */
  afterAlerts?: AfterAlertsHook | undefined;
  /** After a run is finalised here: deliver what its alerts released, on the run's clock (by its id). */
  afterFinalize?: (runId: number) => Promise<unknown>;
  /** The weekly sync with the national registry (when configured). */
  registrySync?: (() => Promise<RegistrySyncSummary>) | undefined;
  /**
   * Before the checks are fanned out (consenting shops read: their listings bound, their new items
   * proposed), on the run's own clock — the store's `runAt`, not the worker's; its failure stops nothing.
   */
  beforeFanOut?: ((runAt: Date) => Promise<unknown>) | undefined;
}

const CHUNK = 500;

/** Adds the run's parent job; its id makes a second trigger for the same date a no-op. */
export async function enqueueRun(runsQueue: Queue, runDate: string): Promise<void> {
  const data: RunJobData = { runDate };
  await runsQueue.add('daily-run', data, {
    jobId: runJobId(data.runDate),
    attempts: 5,
    backoff: { type: 'exponential', delay: 10_000 },
    removeOnComplete: { age: 7 * 86_400 },
    removeOnFail: { age: 30 * 86_400 },
  });
}

/**
 * The runs queue: `trigger` (from the job scheduler) adds the day's `daily-run`; `daily-run` fans
 * out one check per listing — or per shop, where shop pages stand in for listing pages — as its children (a dynamic parent, added in chunks), parks until they
 * are done, then finalises; `deadline` finalises a run whose checks never all ended; `watchdog`
 * raises an operator alert when no run finished by its hour.
 */
export function createRunProcessor(deps: RunProcessorDeps) {
  const marketplaces = deps.adapters.map((adapter) => adapter.id);

  async function fanOut(job: Job<RunJobData>, run: Run): Promise<number> {
    const runId = run.id;
    await deps
      .beforeFanOut?.(run.runAt)
      .catch((error: unknown) => deps.logger.warn({ err: (error as Error).message }, 'before the checks: not done'));
    const todo = await listingsToCheck(deps.db, runId, marketplaces);
    const plan = planChecks(todo, new Map(deps.adapters.map((a) => [a.id, a])), deps.monitor.shopBatching);
    const parent = { id: job.id ?? '', queue: job.queueQualifiedName };
    const runDate = job.data.runDate;
    const opts = (jobId: string) => ({
      jobId,
      parent,
      // A check that failed for good must not hold its run forever (BullMQ #3362).
      ignoreDependencyOnFailure: true,
      attempts: deps.config.attempts,
      backoff: { type: 'exponential' as const, delay: deps.config.backoffMs },
      removeOnComplete: { age: 2 * 86_400 },
      removeOnFail: { age: 7 * 86_400 },
    });
    // The negative controls' addresses only name their jobs: the worker derives them again.
    const negatives = await negativeControlsToCheck(deps.db, new Map(deps.adapters.map((a) => [a.id, a])), runDate);
    // Jobs carry ids only (jobs.ts): each worker reads addresses from the store and its configuration.
    for (const marketplace of marketplaces) {
      const queue = deps.checkQueues.get(marketplace);
      if (!queue) continue;
      const jobs: Array<{ name: string; data: CheckQueueData; opts: ReturnType<typeof opts> }> = [
        ...(deps.monitor.controlUrls[marketplace] ?? []).map((url, index) => ({
          name: 'check-control',
          data: { runId, marketplace, kind: 'positive' as const, index },
          opts: opts(controlJobId(runDate, url)),
        })),
        ...negatives
          .filter((control) => control.marketplace === marketplace)
          .map((control) => ({
            name: 'check-control',
            data: { runId, marketplace, kind: 'negative' as const },
            opts: opts(controlJobId(runDate, control.url)),
          })),
        ...plan.shops
          .filter((unit) => unit.marketplace === marketplace)
          .map((unit) => ({
            name: 'check-shop',
            data: { runId, listingIds: unit.listings.map((l) => l.id) },
            opts: opts(shopJobId(runDate, marketplace, unit.shop.url)),
          })),
        ...plan.listings
          .filter((listing) => listing.marketplace === marketplace)
          .map((listing) => ({
            name: 'check',
            data: { runId, listingId: listing.id },
            opts: opts(checkJobId(runDate, listing.id)),
          })),
      ];
      for (let i = 0; i < jobs.length; i += CHUNK) await queue.addBulk(jobs.slice(i, i + CHUNK));
    }
    // The backstop: a run whose children cannot all finish is finalised with what it has.
    await deps.runsQueue.add('deadline', { runDate } satisfies RunJobData, {
      jobId: deadlineJobId(job.data.runDate),
      delay: deps.config.runDeadlineMs,
      removeOnComplete: true,
      removeOnFail: true,
    });
    return todo.length;
  }

  /**
   * The run of a job's date, as the store has it. A run not yet in the store is opened only for
   * today (in Vietnam), on the real clock (the demo records its simulated run there before it
   * enqueues): a job can neither date a run nor open one for a day past or to come.
   */
  async function runOfDate(runDate: string): Promise<Run | 'past' | 'future'> {
    const stored = await findRun(deps.db, runDate);
    if (stored) return stored;
    const today = todayInVietnam();
    if (runDate !== today) return runDate > today ? 'future' : 'past';
    return openRun(deps.db, runDate, new Date(), 'queue');
  }

  const ignoring = (job: Job) => (fields: string[]) =>
    deps.logger.warn(
      { job: job.id, name: job.name, fields },
      `job ${job.id} of an earlier version carried ${fields.join(', ')}: ignored, the run's clock and addresses are the store's`,
    );

  async function dailyRun(job: Job, token: string | undefined): Promise<string> {
    const data = readJob('daily-run', job, ignoring(job));
    const run = await runOfDate(data.runDate);
    if (run === 'future' || run === 'past') {
      const words =
        run === 'future'
          ? `run ${data.runDate} is in the future: dropped`
          : `run ${data.runDate} is a past day the store has no run of (today is ${todayInVietnam()}): dropped, no run is opened for it`;
      deps.logger.warn({ job: job.id, run: data.runDate }, `run job ${job.id}: ${words}`);
      return words;
    }
    if (run.finalizedAt) return `run ${run.runDate} already finalised`;
    const log = deps.logger.child({ run: run.runDate, job: job.id });
    if ((data.step ?? 'fan-out') === 'fan-out') {
      const added = await fanOut(job as Job<RunJobData>, run);
      log.info({ checks: added }, 'run fanned out');
      // The job's data rewritten in this version's shape: a field an older version put there goes.
      await job.updateData({ runDate: data.runDate, step: 'finalise' } satisfies RunJobData);
      if (await job.moveToWaitingChildren(token ?? '')) throw new WaitingChildrenError();
    }
    const summary = await finalizeRun(deps.db, run, deps.monitor, marketplaces, deps.afterAlerts);
    if (summary) await deps.afterFinalize?.(run.id);
    log.info(
      { summary: summary && { checked: summary.checked, verdicts: summary.verdicts, coverage: summary.coverage } },
      summary ? 'run finalised' : 'run finalised elsewhere',
    );
    return summary ? `finalised ${run.runDate}: ${summary.checked} checks` : `run ${run.runDate} finalised elsewhere`;
  }

  return async (job: Job, token?: string): Promise<string> => {
    switch (job.name) {
      case 'trigger': {
        // The scheduled time, not the time a slow worker got to it, names the day.
        const scheduledAt = (job.opts as { prevMillis?: number }).prevMillis ?? job.timestamp;
        const runDate = todayInVietnam(new Date(scheduledAt));
        // A trigger dated another day (forged, or one that waited past midnight) starts nothing:
        // the day's own trigger starts the day's run.
        if (runDate !== todayInVietnam()) {
          const words = `trigger ${job.id} is for ${runDate}, not today (${todayInVietnam()}): dropped`;
          deps.logger.warn({ job: job.id, run: runDate }, words);
          return words;
        }
        await enqueueRun(deps.runsQueue, runDate);
        return `triggered ${runDate}`;
      }
      case 'daily-run':
        return dailyRun(job, token);
      case 'deadline': {
        // A deadline finalises a run the store has; it never opens one.
        const run = await findRun(deps.db, readJob('deadline', job, ignoring(job)).runDate);
        if (!run || run.finalizedAt) return 'nothing to do';
        const summary = await finalizeRun(deps.db, run, deps.monitor, marketplaces, deps.afterAlerts);
        if (summary) await deps.afterFinalize?.(run.id);
        deps.logger.warn({ run: run.runDate }, 'run finalised at its deadline: some checks never finished');
        return summary ? 'finalised at the deadline' : 'finalised elsewhere';
      }
      case 'watchdog': {
        const runDate = todayInVietnam(new Date((job.opts as { prevMillis?: number }).prevMillis ?? job.timestamp));
        const run = await findRun(deps.db, runDate);
        const overdue = !run?.finalizedAt;
        await reconcileAlerts(
          deps.db,
          [
            {
              type: 'run_overdue',
              undecidable: 0,
              keep: new Set(),
              raise: overdue
                ? [
                    {
                      type: 'run_overdue',
                      subject: `run:${runDate}`,
                      severity: 'critical',
                      evidence: { runDate, checkedAt: new Date().toISOString() },
                    },
                  ]
                : [],
            },
          ],
          new Date(),
        );
        if (overdue) deps.logger.error({ run: runDate }, 'no daily run finished by the watchdog hour');
        return overdue ? `run ${runDate} overdue` : `run ${runDate} done`;
      }
      case 'registry-sync': {
        if (!deps.registrySync) return 'registry sync not configured';
        const summary = await deps.registrySync();
        const log = summary.complete && !summary.counts.removals_held ? 'info' : 'warn';
        deps.logger[log](
          {
            sync: summary.syncId,
            complete: summary.complete,
            changes: summary.counts,
            problems: summary.problems.length,
          },
          'national registry synced',
        );
        return `registry sync #${summary.syncId}: ${JSON.stringify(summary.counts)}`;
      }
      default:
        throw new Error(`unknown job ${job.name}`);
    }
  };
}
