import { createServer, type Server } from 'node:http';
import { findRun, openRun, openStore } from '@ocop-monitor/monitor';
import { sql } from 'drizzle-orm';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInVietnam } from '../../workers/src/store-runtime.ts';
import { inProcessDay, type Province, province, QueueEngine, rows, waitFinalised } from '../province.ts';
import { REDIS_URL, redisAvailable } from '../redis-target.ts';

let forged: Server;
let forgedUrl = '';
const forgedHits: string[] = [];

beforeAll(async () => {
  // Where a forged job would send a worker: any request reaching it is the failure.
  forged = createServer((request, response) => {
    forgedHits.push(request.url ?? '');
    response.end('<html><title>forged</title></html>');
  });
  await new Promise<void>((resolve) => forged.listen(0, '127.0.0.1', resolve));
  forgedUrl = `http://127.0.0.1:${(forged.address() as { port: number }).port}/steal`;
});
afterAll(() => new Promise<void>((resolve) => forged.close(() => resolve())));

async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; !(await condition()); i += 1) {
    if (i > 600) throw new Error(`never: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.skipIf(!redisAvailable)('jobs written into Redis by someone else', () => {
  it('a check, a shop check and controls carrying a forged address, marketplace and clock: the worker reads the listing from the store and never fetches the forged address', {
    timeout: 120_000,
  }, async () => {
    const prefix = `{ocop-forged-${process.pid}}`;
    const world: Province = await province(51, 6, 'none', await openStore({ dataDir: 'memory://' }), {
      queue: { prefix },
    });
    const engine = await QueueEngine.start(world.runtime, world.store, REDIS_URL, {
      checks: { marketplaces: [] },
      runs: false,
      scheduler: false,
    });
    try {
      const [listing] = await rows<{ id: number; marketplace: string; url: string; item_id: string }>(
        world.store,
        sql`select id, marketplace, url, item_id from listings order by id`,
      );
      if (!listing) throw new Error('the province has no listing');
      // An address the marketplace's adapter accepts: another listing of the same marketplace.
      const [other] = await rows<{ url: string }>(
        world.store,
        sql`select url from listings where marketplace = ${listing.marketplace} and id <> ${listing.id} order by id limit 1`,
      );
      if (!other) throw new Error('the province has one listing only');
      const date = world.sandbox.truth().date;
      const run = await openRun(world.store.db, date, new Date(`${date}T06:00:00+07:00`), 'queue');
      const queue = engine.checkQueues.get(listing.marketplace);
      if (!queue) throw new Error(`no queue for ${listing.marketplace}`);
      const lies = {
        url: forgedUrl,
        marketplace: listing.marketplace,
        itemId: 'forged',
        clockMs: Date.UTC(2099, 0, 1),
      };
      await queue.add('check', { runId: run.id, listingId: listing.id, ...lies, url: other.url } as never, {
        jobId: 'forged-check',
      });
      await queue.add(
        'check-shop',
        {
          runId: run.id,
          listingIds: [listing.id],
          shop: { marketplace: listing.marketplace, shopId: 'x', url: forgedUrl },
          listings: [{ listingId: listing.id, itemId: 'forged', shopId: null, url: forgedUrl }],
          ...lies,
        } as never,
        { jobId: 'forged-shop' },
      );
      await queue.add('check-control', { runId: run.id, kind: 'negative', ...lies } as never, { jobId: 'forged-neg' });
      await queue.add('check-control', { runId: run.id, kind: 'positive', ...lies } as never, { jobId: 'forged-pos' });
      await until(async () => {
        const counts = await queue.getJobCounts('completed', 'failed');
        return (counts.completed ?? 0) + (counts.failed ?? 0) >= 4;
      }, 'the four forged jobs ended');
      expect(forgedHits).toEqual([]);
      // The listing was checked at its own address, on the real clock, for the run the store has.
      const [observed] = await rows<{ checked_at: string; n: number; urls: string[] }>(
        world.store,
        sql`select max(checked_at)::text as checked_at, count(*)::int as n, array_agg(evidence->>'finalUrl') as urls
            from observations where run_id = ${run.id} and listing_id = ${listing.id}`,
      );
      expect(observed?.n).toBe(1);
      expect(observed?.urls).toEqual([listing.url]);
      expect(new Date(observed?.checked_at ?? 0).getUTCFullYear()).toBeLessThan(2099);
      // The negative control's address is the adapter's, derived from a listing in the store.
      const controls = await rows<{ url: string; kind: string }>(
        world.store,
        sql`select url, kind from run_controls where run_id = ${run.id}`,
      );
      expect(controls.map((c) => c.kind)).toEqual(['negative']);
      expect(controls[0]?.url).not.toContain('/steal');
      // A positive control names an entry of the worker's own configuration; a job without one fails.
      expect((await queue.getJob('forged-pos'))?.failedReason).toMatch(/no positive control/u);
    } finally {
      await engine.obliterate();
      await engine.close();
      await world.close();
    }
  });

  it('run jobs carrying a clock, for a day to come, or of the old shape: the run is dated by the store, nothing opens for the future, an old job is converted or dropped in words', {
    timeout: 120_000,
  }, async () => {
    const prefix = `{ocop-forged-run-${process.pid}}`;
    const world: Province = await province(52, 4, 'none', await openStore({ dataDir: 'memory://' }), {
      queue: { prefix },
    });
    // What the workers say, to read back: warnings and above.
    const said: Array<{ msg: string; [key: string]: unknown }> = [];
    Object.assign(world.runtime, {
      logger: pino({ level: 'warn' }, { write: (line: string) => said.push(JSON.parse(line)) }),
    });
    const engine = await QueueEngine.start(world.runtime, world.store, REDIS_URL, {
      checks: { marketplaces: [] },
      runs: true,
      scheduler: false,
    });
    try {
      // Today: the only day a run job may open a run for.
      const date = todayInVietnam();
      const year2099 = Date.UTC(2099, 0, 1);
      const before = Date.now();
      // The shape an earlier version wrote (the run's time and the demo's clock in the job), met after an upgrade.
      await engine.runsQueue.add(
        'daily-run',
        { runDate: date, runAtMs: year2099, clockMs: year2099 },
        { jobId: `forged-run-${date}` },
      );
      await engine.runsQueue.add('daily-run', { runDate: '2099-01-01', clockMs: year2099 }, { jobId: 'forged-future' });
      await engine.runsQueue.add('daily-run', { runDate: 'ngày mai' }, { jobId: 'forged-garbled' });
      const [listing] = await rows<{ id: number; marketplace: string }>(
        world.store,
        sql`select id, marketplace from listings order by id limit 1`,
      );
      const checks = engine.checkQueues.get(listing?.marketplace ?? '');
      if (!checks) throw new Error('no check queue for the first listing');
      // An old check job naming its listing by address, without the run's id.
      await checks.add('check', { url: forgedUrl, itemId: 'forged', clockMs: year2099 } as never, {
        jobId: 'old-check',
      });

      await waitFinalised(world.store, date);
      await until(async () => {
        const states = await Promise.all(
          ['forged-future', 'forged-garbled'].map(async (id) => (await engine.runsQueue.getJob(id))?.getState()),
        );
        const check = await (await checks.getJob('old-check'))?.getState();
        return [...states, check].every((state) => state === 'completed' || state === 'failed');
      }, 'the forged run jobs and the old check ended');

      // The run is the store's: opened on the real clock, its checks dated now, not in 2099.
      const run = await findRun(world.store.db, date);
      expect(run?.engine).toBe('queue');
      expect(run?.runAt.getTime()).toBeGreaterThanOrEqual(before - 1_000);
      expect(run?.runAt.getTime()).toBeLessThanOrEqual(Date.now());
      const [checked] = await rows<{ first: string; last: string; n: number }>(
        world.store,
        sql`select min(checked_at)::text as first, max(checked_at)::text as last, count(*)::int as n
            from observations where run_id = ${run?.id ?? 0}`,
      );
      expect(checked?.n).toBeGreaterThan(0);
      expect(new Date(checked?.first ?? 0).getTime()).toBeGreaterThanOrEqual(before - 1_000);
      expect(new Date(checked?.last ?? 0).getTime()).toBeLessThanOrEqual(Date.now());
      // The old job was converted, and the log says what it carried and that it was not taken.
      expect(said.map((line) => line.msg)).toContainEqual(
        expect.stringMatching(/of an earlier version carried clockMs, runAtMs: ignored/u),
      );
      // A day to come opens nothing; a garbled job and the old check are dropped, in words, not retried.
      expect(await findRun(world.store.db, '2099-01-01')).toBeUndefined();
      expect((await engine.runsQueue.getJob('forged-future'))?.returnvalue).toMatch(/in the future: dropped/u);
      const garbled = await engine.runsQueue.getJob('forged-garbled');
      expect(garbled?.failedReason).toMatch(/not of this version's shape and is dropped: runDate/u);
      expect(garbled?.attemptsMade).toBe(1);
      const oldCheck = await checks.getJob('old-check');
      expect(oldCheck?.failedReason).toMatch(/not of this version's shape and is dropped: runId: .*; listingId/u);
      expect(forgedHits).toEqual([]);
    } finally {
      await engine.obliterate();
      await engine.close();
      await world.close();
    }
  });

  it('jobs for days gone: a check for a run finished long ago changes nothing; a run or trigger for a past day opens no run; each is dropped in words', {
    timeout: 180_000,
  }, async () => {
    const prefix = `{ocop-forged-past-${process.pid}}`;
    const world: Province = await province(53, 6, 'none', await openStore({ dataDir: 'memory://' }), {
      queue: { prefix },
    });
    const said: Array<{ msg: string; [key: string]: unknown }> = [];
    Object.assign(world.runtime, {
      logger: pino({ level: 'warn' }, { write: (line: string) => said.push(JSON.parse(line)) }),
    });
    for (let day = 0; day < 3; day += 1) await inProcessDay(world);
    const engine = await QueueEngine.start(world.runtime, world.store, REDIS_URL, {
      checks: { marketplaces: [] },
      runs: true,
      scheduler: false,
    });
    try {
      const [listing] = await rows<{ id: number; marketplace: string }>(
        world.store,
        sql`select id, marketplace from listings order by id limit 1`,
      );
      const [first] = await rows<{ id: number }>(world.store, sql`select id from runs order by run_date limit 1`);
      const readings = () =>
        rows(
          world.store,
          sql`select run_id, verdict, reason, checked_at::text from observations where listing_id = ${listing?.id} order by run_id`,
        );
      const before = await readings();
      const runsBefore = await rows(
        world.store,
        sql`select id, run_date::text, finalized_at::text from runs order by id`,
      );
      const checks = engine.checkQueues.get(listing?.marketplace ?? '');
      if (!checks) throw new Error('no check queue for the first listing');
      await checks.add(
        'check',
        { runId: Number(first?.id), listingId: Number(listing?.id) },
        { jobId: 'forged-old-run' },
      );
      await engine.runsQueue.add('daily-run', { runDate: '2026-01-02' }, { jobId: 'forged-past-run' });
      await engine.runsQueue.add(
        'trigger',
        {},
        { jobId: 'forged-trigger', timestamp: Date.parse('2026-01-03T00:00:00Z') },
      );
      const ended = async (queue: typeof checks | typeof engine.runsQueue, id: string) =>
        ['completed', 'failed'].includes((await (await queue.getJob(id))?.getState()) ?? '');
      await until(
        async () =>
          (await ended(checks, 'forged-old-run')) &&
          (await ended(engine.runsQueue, 'forged-past-run')) &&
          (await ended(engine.runsQueue, 'forged-trigger')),
        'the three forged jobs ended',
      );
      expect(await readings()).toEqual(before);
      expect(await rows(world.store, sql`select id, run_date::text, finalized_at::text from runs order by id`)).toEqual(
        runsBefore,
      );
      expect((await checks.getJob('forged-old-run'))?.failedReason).toMatch(/finished and not the newest: dropped/u);
      expect((await engine.runsQueue.getJob('forged-past-run'))?.returnvalue).toMatch(
        /run 2026-01-02 is a past day the store has no run of .*: dropped/u,
      );
      expect((await engine.runsQueue.getJob('forged-trigger'))?.returnvalue).toMatch(
        /is for 2026-01-03, not today .*: dropped/u,
      );
      expect(said.map((line) => line.msg)).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/forged-old-run names run .* dropped/u),
          expect.stringMatching(/forged-past-run: run 2026-01-02 is a past day/u),
          expect.stringMatching(/trigger forged-trigger is for 2026-01-03/u),
        ]),
      );
    } finally {
      await engine.obliterate();
      await engine.close();
      await world.close();
    }
  });
});
