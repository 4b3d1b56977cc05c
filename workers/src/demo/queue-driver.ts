import { findRun, type RunSummary, type Store } from '@ocop-monitor/monitor';
import { QueueEngine } from '../queue/engine.ts';
import { ensureRedis } from '../queue/redis.ts';
import type { Runtime } from '../runtime.ts';

/**
 * Runs the demo's days through BullMQ: the engine's workers in this process, on Redis (a private
 * redis-server when none is configured), under a prefix of its own that is removed afterwards.
 */
export async function startQueueDriver(runtime: Runtime, store: Store) {
  const redis = await ensureRedis(process.env);
  runtime.config.queue.prefix = `{ocop-demo-${process.pid}-${Date.now()}}`;
  const engine = await QueueEngine.start(runtime, store, redis.url, {
    checks: { marketplaces: [] },
    runs: true,
    notify: true,
    scheduler: false,
  });
  return {
    async run(runDate: string, runAt: Date): Promise<RunSummary | null> {
      await engine.enqueueRun(runDate, { simulatedClock: runAt });
      while (!(await engine.progress(runDate)).finalized) await new Promise((resolve) => setTimeout(resolve, 100));
      return ((await findRun(store.db, runDate))?.summary as RunSummary | null) ?? null;
    },
    async close() {
      await engine.obliterate();
      await engine.close();
      await redis.stop();
    },
  };
}
