import { createDashboard, type DashboardDeps } from '@ocop-monitor/dashboard';
import { openStore } from '@ocop-monitor/monitor';
import { Queue } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import { inProcessDay, type Province, province } from './province.ts';
import { REDIS_URL, redisAvailable } from './redis-target.ts';

export interface DashboardWorld {
  world: Province;
  app: FastifyInstance;
  /** http://127.0.0.1:<port> */
  base: string;
  /** The queues the boards show (none without Redis). */
  queues: Queue[];
  close(): Promise<void>;
}

/**
 * A sandbox province after three daily runs, one listing removed by its marketplace (so one
 * listing_delisted alert waits for review), and the dashboard serving it on a real port.
 * `prepare` runs on the store before the server starts (accounts, hostile text).
 */
export async function dashboardWorld(
  seed: number,
  prepare: (world: Province) => Promise<void>,
  /** More of the dashboard's settings (open data). */
  extra: Partial<DashboardDeps> = {},
): Promise<DashboardWorld> {
  const world = await province(seed, 40, 'none', await openStore({ dataDir: 'memory://' }));
  await inProcessDay(world);
  const listing = world.sandbox.world.listings.find((l) => l.knownToProvince && l.removedOnDay === null);
  if (!listing) throw new Error('no listing on sale');
  Object.assign(listing, {
    removedOnDay: world.sandbox.world.day + 1,
    removalReason: 'policy',
    removalMode: 'http404',
  });
  await inProcessDay(world);
  await inProcessDay(world);
  await prepare(world);
  // Real queues on the test Redis, under a prefix of their own, for the queue boards.
  const prefix = `ocop-dash-${process.pid}-${seed}`;
  const queues = redisAvailable
    ? ['runs', ...world.runtime.adapters.map((a) => `check-${a.id}`)].map(
        (name) => new Queue(name, { connection: { url: REDIS_URL }, prefix }),
      )
    : [];
  await queues[0]?.add('probe', { note: 'a job for the board to show' });
  const app = await createDashboard({
    db: world.store.db,
    freshnessHours: 48,
    confirmAfterHours: world.runtime.config.monitor.confirmAfterHours,
    reportHeader: {
      department: `Sở Công Thương tỉnh ${world.sandbox.world.provinceName}`,
      province: world.sandbox.world.provinceName,
    },
    countedMarketplaces: world.runtime.adapters.map((a) => a.id),
    adapters: world.runtime.adapters,
    queues,
    secureCookies: false, // plain http on 127.0.0.1 in tests
    now: () => new Date(`${world.sandbox.truth().date}T08:00:00+07:00`),
    ...extra,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    world,
    app,
    base: `http://127.0.0.1:${(app.server.address() as { port: number }).port}`,
    queues,
    async close() {
      await app.close();
      for (const queue of queues) {
        await queue.obliterate({ force: true });
        await queue.close();
      }
      await world.close();
    },
  };
}
