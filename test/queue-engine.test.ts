import { openStore } from '@ocop-monitor/monitor';
import { listingRows } from '@ocop-monitor/sandbox';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { inProcessDay, outcome, province, QueueEngine, queueDay, rows } from './province.ts';
import { REDIS_URL, redisAvailable } from './redis-target.ts';

const prefix = () => `{ocop-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}}`;
const memory = () => openStore({ dataDir: 'memory://' });

describe.skipIf(!redisAvailable)('the BullMQ engine', () => {
  it('gives the same observations, states, alerts and coverage as the in-process engine', {
    timeout: 180_000,
  }, async () => {
    const viaQueue = await province(31, 50, 'none', await memory(), { queue: { prefix: prefix() } });
    const inProcess = await province(31, 50, 'none', await memory());
    const engine = await QueueEngine.start(viaQueue.runtime, viaQueue.store, REDIS_URL, {
      checks: { marketplaces: [] },
      runs: true,
      scheduler: false,
    });
    try {
      for (let day = 0; day < 5; day += 1) {
        await queueDay(viaQueue, engine);
        await inProcessDay(inProcess);
      }
      const queued = await outcome(viaQueue.store);
      expect(queued.observations.length).toBeGreaterThan(200);
      expect(queued).toEqual(await outcome(inProcess.store));
    } finally {
      await engine.obliterate();
      await engine.close();
      await viaQueue.close();
      await inProcess.close();
    }
  });

  it('two schedulers and two run-now triggers at once make one run per day', { timeout: 120_000 }, async () => {
    const world = await province(32, 40, 'none', await memory(), { queue: { prefix: prefix() } });
    const roles = { checks: { marketplaces: [] }, runs: true, scheduler: true };
    const [first, second] = await Promise.all([
      QueueEngine.start(world.runtime, world.store, REDIS_URL, roles),
      QueueEngine.start(world.runtime, world.store, REDIS_URL, roles),
    ]);
    try {
      const schedulers = await first.runsQueue.getJobSchedulers();
      expect(schedulers.map((s) => s.key).sort()).toEqual(['daily-run', 'registry-sync', 'watchdog']);
      // The weekly sync with the national registry: Mondays at 02:00 in Vietnam, run by a runs worker.
      expect(schedulers.find((s) => s.key === 'registry-sync')).toMatchObject({
        pattern: '0 2 * * 1',
        tz: 'Asia/Ho_Chi_Minh',
      });
      const sync = await first.runsQueue.add('registry-sync', {});
      await expect.poll(() => sync.getState(), { timeout: 30_000 }).toBe('completed');
      const [synced] = await rows<{ complete: boolean; products: number }>(
        world.store,
        sql`select complete, (select count(*)::int from national_registry_records where in_province) as products from registry_syncs`,
      );
      expect(synced).toEqual({ complete: true, products: 40 });
      world.sandbox.advanceDays(1);
      const date = world.sandbox.truth().date;
      const runAt = new Date(`${date}T06:00:00+07:00`);
      await Promise.all([
        first.enqueueRun(date, { simulatedClock: runAt }),
        second.enqueueRun(date, { simulatedClock: runAt }),
      ]);
      const { waitFinalised } = await import('./province.ts');
      await waitFinalised(world.store, date);
      const [counts] = await rows<{ runs: number; observations: number; listings: number; duplicate_alerts: number }>(
        world.store,
        sql`select (select count(*)::int from runs) as runs, (select count(*)::int from observations) as observations,
                   (select count(*)::int from listings) as listings,
                   (select count(*)::int from (select type, subject from alerts group by 1, 2 having count(*) > 1) d) as duplicate_alerts`,
      );
      // Every listing the registry export linked is checked exactly once, by one run.
      const linked = listingRows(world.sandbox.world, world.sandbox.urlOf).length;
      expect(linked).toBeGreaterThan(20);
      expect(counts).toEqual({ runs: 1, observations: linked, listings: linked, duplicate_alerts: 0 });
      const completed = await first.runsQueue.getJobs(['completed']);
      expect(completed.filter((job) => job.name === 'daily-run')).toHaveLength(1);
    } finally {
      await first.obliterate();
      await first.close();
      await second.close();
      await world.close();
    }
  });

  it('a fully blocked marketplace ends unknown and quarantined while the others finish', {
    timeout: 120_000,
  }, async () => {
    const world = await province(33, 60, { voso: 'blocked' }, await memory(), {
      queue: { prefix: prefix(), blockedBackoffMs: 200 },
    });
    const engine = await QueueEngine.start(world.runtime, world.store, REDIS_URL, {
      checks: { marketplaces: [] },
      runs: true,
      scheduler: false,
    });
    try {
      const summary = await queueDay(world, engine);
      const byMarketplace = await rows<{ marketplace: string; verdict: string; reason: string; n: number }>(
        world.store,
        sql`select marketplace, verdict, reason, count(*)::int as n from observations group by 1, 2, 3 order by 1, 2, 3`,
      );
      expect(byMarketplace.filter((r) => r.marketplace === 'voso').map((r) => `${r.verdict}/${r.reason}`)).toEqual([
        'unknown/blocked',
      ]);
      expect(byMarketplace.filter((r) => r.marketplace !== 'voso').every((r) => r.verdict !== 'unknown')).toBe(true);
      expect(summary?.health.find((h) => h.marketplace === 'voso')?.quarantined).toBe(true);
      expect(summary?.alerts.opened.listing_delisted ?? 0).toBe(0);
      expect(summary?.alerts.opened.marketplace_degraded).toBe(1);
    } finally {
      await engine.obliterate();
      await engine.close();
      await world.close();
    }
  });
});
