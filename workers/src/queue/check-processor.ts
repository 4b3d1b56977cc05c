import type { MarketplaceAdapter, Observation, PoliteHttpClient } from '@ocop-monitor/adapters';
import {
  type ControlToCheck,
  checkControl,
  checkShop,
  type Database,
  type DurableObservationWriter,
  type ListingToCheck,
  type MonitorConfig,
  negativeControlsToCheck,
  observeListing,
  planChecks,
  recordControl,
  recordShopReads,
} from '@ocop-monitor/monitor';
import { type Job, type Queue, UnrecoverableError, Worker } from 'bullmq';
import type { Logger } from 'pino';
import { listingsOfJob, type RunOfJob, runOfJob } from './job-subjects.ts';
import { type CheckJobData, type CheckQueueData, type ControlJobData, readJob, type ShopJobData } from './jobs.ts';
import type { EngineMetrics } from './metrics.ts';
import type { QueueConfig } from './options.ts';

export interface CheckProcessorDeps {
  db: Database;
  writer: DurableObservationWriter;
  adapter: MarketplaceAdapter;
  http: PoliteHttpClient;
  queue: Queue<CheckQueueData>;
  config: QueueConfig;
  /** `monitor.controlUrls` of this worker's own configuration: positive controls name an index into it. */
  controlUrls: MonitorConfig['controlUrls'];
  logger: Logger;
  metrics: EngineMetrics;
}

const throttled = (observation: Observation) =>
  observation.verdict === 'unknown' && (observation.reason === 'rate_limited' || observation.reason === 'blocked');

/**
 * A check queue's jobs. `check`: one listing's verdict recorded once (an upsert keyed by run and
 * listing, so a retried or re-delivered job never counts twice). `check-shop`: a shop read from its
 * shop pages, its listings' verdicts recorded the same way. A block or a 429 pauses this
 * marketplace's queue only, a bounded number of times, then the `unknown` is recorded.
 */
export function createCheckProcessor(deps: CheckProcessorDeps) {
  /** Pauses the queue and has the job retried, when the marketplace pushed back and pauses are left. */
  async function pauseIfThrottled(job: Job<CheckQueueData>, observations: Observation[], log: Logger) {
    const pushedBack = observations.filter(throttled);
    const pauses = job.data.pauses ?? 0;
    if (pushedBack.length === 0 || pauses >= deps.config.maxRateLimitRetries) return;
    const retryAfterMs = Math.max(...pushedBack.map((o) => (o.evidence.retryAfterSeconds ?? 0) * 1000));
    const pauseMs = Math.max(retryAfterMs, deps.config.blockedBackoffMs);
    log.warn({ reason: pushedBack[0]?.reason, pauseMs }, 'marketplace pushed back: pausing its queue');
    await job.updateData({ ...job.data, pauses: pauses + 1 });
    await deps.queue.rateLimit(pauseMs);
    throw Worker.RateLimitError();
  }

  const counted = (marketplace: string, observation: Observation) =>
    deps.metrics.verdicts.inc({ marketplace, verdict: observation.verdict, reason: observation.reason });

  /** The run a job names, or an unrecoverable failure: a job for no run is forged or stale. */
  async function runOf(job: Job<CheckQueueData>): Promise<RunOfJob> {
    const run = await runOfJob(deps.db, job.data.runId);
    if (!run) throw new UnrecoverableError(`job ${job.id} names run ${job.data.runId}, which the store does not have`);
    if (!run.takesChecks) {
      const words = `job ${job.id} names run ${run.runDate}, finished and not the newest: dropped, its readings stay as they are`;
      deps.logger.warn({ job: job.id, run: run.runDate, marketplace: deps.adapter.id }, words);
      throw new UnrecoverableError(words);
    }
    return run;
  }

  /** The listings a job names, read from the store; each must belong to this queue's marketplace. */
  async function listingsOf(ids: readonly number[]): Promise<ListingToCheck[]> {
    const listings = await listingsOfJob(deps.db, ids);
    const foreign = listings.find((listing) => listing.marketplace !== deps.adapter.id);
    if (foreign)
      throw new UnrecoverableError(
        `listing ${foreign.id} of ${foreign.marketplace} reached the ${deps.adapter.id} queue`,
      );
    return listings;
  }

  async function checkOne(job: Job<CheckJobData>): Promise<string> {
    const { data } = job;
    const run = await runOf(job);
    const [listing] = await listingsOf([data.listingId]);
    if (!listing) throw new UnrecoverableError(`listing ${data.listingId} is not in the store`);
    const log = deps.logger.child({ run: run.runDate, job: job.id, marketplace: deps.adapter.id, listing: listing.id });
    const started = performance.now();
    const observation = await observeListing(listing, deps.adapter, { http: deps.http, logger: log, now: run.now });
    deps.metrics.checkDuration.observe({ marketplace: deps.adapter.id }, (performance.now() - started) / 1000);
    await pauseIfThrottled(job, [observation], log);
    await deps.writer.record(run.id, listing.id, observation);
    counted(deps.adapter.id, observation);
    log.debug({ verdict: observation.verdict, reason: observation.reason }, 'checked');
    return `${observation.verdict}/${observation.reason}`;
  }

  async function checkOneShop(job: Job<ShopJobData>): Promise<string> {
    const { data } = job;
    const run = await runOf(job);
    const listings = await listingsOf(data.listingIds);
    // The shop's address is the one its listings link to in the store; a listing no longer linked
    // to a readable shop page is checked on its own page.
    const plan = planChecks(listings, new Map([[deps.adapter.id, deps.adapter]]), { enabled: true, minListings: 1 });
    const results: string[] = [];
    for (const unit of plan.shops) {
      const log = deps.logger.child({
        run: run.runDate,
        job: job.id,
        marketplace: unit.marketplace,
        shop: unit.shop.url,
      });
      const checked = await checkShop(unit, deps.adapter, { http: deps.http, logger: log, now: run.now });
      // The pages were served whatever happens next: they count in the run's requests.
      await recordShopReads(deps.db, run.id, [checked.read]);
      await pauseIfThrottled(
        job,
        checked.observations.map(({ observation }) => observation),
        log,
      );
      await Promise.all(
        checked.observations.map(({ listingId, observation }) => deps.writer.record(run.id, listingId, observation)),
      );
      for (const { observation } of checked.observations) counted(unit.marketplace, observation);
      const { fromCards, shopPages, listingPages } = checked.read;
      log.debug({ fromCards, shopPages, listingPages }, 'shop checked');
      results.push(`shop: ${fromCards}/${checked.read.listings} from cards, ${shopPages + listingPages} requests`);
    }
    for (const listing of plan.listings) {
      const log = deps.logger.child({
        run: run.runDate,
        job: job.id,
        marketplace: deps.adapter.id,
        listing: listing.id,
      });
      const observation = await observeListing(listing, deps.adapter, { http: deps.http, logger: log, now: run.now });
      await pauseIfThrottled(job, [observation], log);
      await deps.writer.record(run.id, listing.id, observation);
      counted(deps.adapter.id, observation);
      results.push(`${observation.verdict}/${observation.reason}`);
    }
    return results.join('; ');
  }

  /** The control's address: a configured page (the worker's own configuration) or the adapter's not-found address. */
  async function controlOf(data: ControlJobData, run: RunOfJob): Promise<ControlToCheck | null> {
    if (data.kind === 'negative') {
      const controls = await negativeControlsToCheck(deps.db, new Map([[deps.adapter.id, deps.adapter]]), run.runDate);
      return controls.find((control) => control.marketplace === deps.adapter.id) ?? null;
    }
    const url = data.index === undefined ? undefined : deps.controlUrls[deps.adapter.id]?.[data.index];
    return url ? { marketplace: deps.adapter.id, url, kind: 'positive' } : null;
  }

  /** A control page: its verdict is stored apart from the listings' (run_controls). */
  async function checkOneControl(job: Job<ControlJobData>): Promise<string> {
    const run = await runOf(job);
    const control = await controlOf(job.data, run);
    if (!control) throw new UnrecoverableError(`no ${job.data.kind} control of ${deps.adapter.id} for job ${job.id}`);
    const log = deps.logger.child({
      run: run.runDate,
      job: job.id,
      marketplace: control.marketplace,
      control: control.url,
    });
    const observation = await checkControl(control, deps.adapter, { http: deps.http, logger: log, now: run.now });
    if (!observation) throw new UnrecoverableError(`${control.url} is not a product page of ${control.marketplace}`);
    await pauseIfThrottled(job, [observation], log);
    await recordControl(deps.db, run.id, control, observation);
    return `control ${observation.verdict}/${observation.reason}`;
  }

  return async (job: Job<CheckQueueData>): Promise<string> => {
    const ignored = (fields: string[]) =>
      deps.logger.warn(
        { job: job.id, name: job.name, marketplace: deps.adapter.id, fields },
        `check job ${job.id} carried ${fields.join(', ')} (an earlier version's fields, or forged): ignored, the listing is read from the store`,
      );
    // The job's data as this version reads it, in place of what Redis held (a pause's updateData
    // then writes back only these fields).
    if (job.name === 'check-control') {
      job.data = readJob('check-control', job, ignored);
      const { marketplace } = job.data;
      if (marketplace !== deps.adapter.id)
        throw new UnrecoverableError(`control of ${marketplace} reached the ${deps.adapter.id} queue`);
      return checkOneControl(job as Job<ControlJobData>);
    }
    if (job.name === 'check-shop') {
      job.data = readJob('check-shop', job, ignored);
      return checkOneShop(job as Job<ShopJobData>);
    }
    if (job.name !== 'check') throw new UnrecoverableError(`job ${job.id}: no check is called "${job.name}"`);
    job.data = readJob('check', job, ignored);
    return checkOne(job as Job<CheckJobData>);
  };
}
