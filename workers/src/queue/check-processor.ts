import type { MarketplaceAdapter, PoliteHttpClient } from '@ocop-monitor/adapters';
import { type DurableObservationWriter, observeListing } from '@ocop-monitor/monitor';
import { type Job, type Queue, UnrecoverableError, Worker } from 'bullmq';
import type { Logger } from 'pino';
import type { CheckJobData } from './jobs.ts';
import type { EngineMetrics } from './metrics.ts';
import type { QueueConfig } from './options.ts';

export interface CheckProcessorDeps {
  writer: DurableObservationWriter;
  adapter: MarketplaceAdapter;
  http: PoliteHttpClient;
  queue: Queue<CheckJobData>;
  config: QueueConfig;
  logger: Logger;
  metrics: EngineMetrics;
}

/**
 * One listing's check in a run: the adapter's verdict recorded once (an upsert keyed by run and
 * listing, so a retried or re-delivered job never counts twice). A block or a 429 pauses this
 * marketplace's queue only, a bounded number of times, then the `unknown` is recorded.
 */
export function createCheckProcessor(deps: CheckProcessorDeps) {
  return async (job: Job<CheckJobData>): Promise<string> => {
    const { data } = job;
    if (data.marketplace !== deps.adapter.id) {
      throw new UnrecoverableError(`check of ${data.marketplace} reached the ${deps.adapter.id} queue`);
    }
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
    const pauses = data.pauses ?? 0;
    const throttled =
      observation.verdict === 'unknown' && (observation.reason === 'rate_limited' || observation.reason === 'blocked');
    if (throttled && pauses < deps.config.maxRateLimitRetries) {
      const retryAfterMs = (observation.evidence.retryAfterSeconds ?? 0) * 1000;
      const pauseMs = Math.max(retryAfterMs, deps.config.blockedBackoffMs);
      log.warn({ reason: observation.reason, pauseMs }, 'marketplace pushed back: pausing its queue');
      await job.updateData({ ...data, pauses: pauses + 1 });
      await deps.queue.rateLimit(pauseMs);
      throw Worker.RateLimitError();
    }
    await deps.writer.record(data.runId, data.listingId, observation);
    deps.metrics.verdicts.inc({
      marketplace: data.marketplace,
      verdict: observation.verdict,
      reason: observation.reason,
    });
    log.debug({ verdict: observation.verdict, reason: observation.reason }, 'checked');
    return `${observation.verdict}/${observation.reason}`;
  };
}
