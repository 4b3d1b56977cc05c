import type { MarketplaceAdapter, Observation, PoliteHttpClient } from '@ocop-monitor/adapters';
import {
  checkControl,
  checkShop,
  type Database,
  type DurableObservationWriter,
  observeListing,
  recordControl,
  recordShopReads,
} from '@ocop-monitor/monitor';
import { type Job, type Queue, UnrecoverableError, Worker } from 'bullmq';
import type { Logger } from 'pino';
import type { CheckJobData, CheckQueueData, ControlJobData, ShopJobData } from './jobs.ts';
import type { EngineMetrics } from './metrics.ts';
import type { QueueConfig } from './options.ts';

export interface CheckProcessorDeps {
  db: Database;
  writer: DurableObservationWriter;
  adapter: MarketplaceAdapter;
  http: PoliteHttpClient;
  queue: Queue<CheckQueueData>;
  config: QueueConfig;
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

  async function checkOne(job: Job<CheckJobData>): Promise<string> {
    const { data } = job;
    const log = deps.logger.child({
      run: data.runDate,
      job: job.id,
      marketplace: data.marketplace,
      listing: data.listingId,
    });
    const started = performance.now();
    const listing = {
      id: data.listingId,
      marketplace: data.marketplace,
      itemId: data.itemId,
      shopId: data.shopId,
      url: data.url,
    };
    const observation = await observeListing(listing, deps.adapter, {
      http: deps.http,
      logger: log,
      ...(data.clockMs === undefined ? {} : { now: () => new Date(data.clockMs as number) }),
    });
    deps.metrics.checkDuration.observe({ marketplace: data.marketplace }, (performance.now() - started) / 1000);
    await pauseIfThrottled(job, [observation], log);
    await deps.writer.record(data.runId, data.listingId, observation);
    counted(data.marketplace, observation);
    log.debug({ verdict: observation.verdict, reason: observation.reason }, 'checked');
    return `${observation.verdict}/${observation.reason}`;
  }

  async function checkOneShop(job: Job<ShopJobData>): Promise<string> {
    const { data } = job;
    const log = deps.logger.child({
      run: data.runDate,
      job: job.id,
      marketplace: data.marketplace,
      shop: data.shop.url,
    });
    const clockMs = data.clockMs;
    const checked = await checkShop(
      {
        marketplace: data.marketplace,
        shop: data.shop,
        listings: data.listings.map(({ listingId, ...listing }) => ({
          id: listingId,
          marketplace: data.marketplace,
          ...listing,
        })),
      },
      deps.adapter,
      { http: deps.http, logger: log, now: clockMs === undefined ? () => new Date() : () => new Date(clockMs) },
    );
    // The pages were served whatever happens next: they count in the run's requests.
    await recordShopReads(deps.db, data.runId, [checked.read]);
    await pauseIfThrottled(
      job,
      checked.observations.map(({ observation }) => observation),
      log,
    );
    await Promise.all(
      checked.observations.map(({ listingId, observation }) => deps.writer.record(data.runId, listingId, observation)),
    );
    for (const { observation } of checked.observations) counted(data.marketplace, observation);
    const { fromCards, shopPages, listingPages } = checked.read;
    log.debug({ fromCards, shopPages, listingPages }, 'shop checked');
    return `shop: ${fromCards}/${checked.read.listings} from cards, ${shopPages + listingPages} requests`;
  }

  /** A control page: its verdict is stored apart from the listings' (run_controls). */
  async function checkOneControl(job: Job<ControlJobData>): Promise<string> {
    const { data } = job;
    const log = deps.logger.child({ run: data.runDate, job: job.id, marketplace: data.marketplace, control: data.url });
    const observation = await checkControl(data, deps.adapter, {
      http: deps.http,
      logger: log,
      ...(data.clockMs === undefined ? {} : { now: () => new Date(data.clockMs as number) }),
    });
    if (!observation) throw new UnrecoverableError(`${data.url} is not a product page of ${data.marketplace}`);
    await pauseIfThrottled(job, [observation], log);
    // Jobs queued before controls had kinds were all configured pages on sale.
    await recordControl(deps.db, data.runId, { ...data, kind: data.kind ?? 'positive' }, observation);
    return `control ${observation.verdict}/${observation.reason}`;
  }

  return async (job: Job<CheckQueueData>): Promise<string> => {
    if (job.data.marketplace !== deps.adapter.id) {
      throw new UnrecoverableError(`check of ${job.data.marketplace} reached the ${deps.adapter.id} queue`);
    }
    if (job.name === 'check-control') return checkOneControl(job as Job<ControlJobData>);
    return job.name === 'check-shop' ? checkOneShop(job as Job<ShopJobData>) : checkOne(job as Job<CheckJobData>);
  };
}
