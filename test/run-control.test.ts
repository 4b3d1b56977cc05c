import { openStore } from '@ocop-monitor/monitor';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../workers/src/config/load.ts';
import { inProcessDay, type Province, province, QueueEngine, queueDay, rows } from './province.ts';
import { REDIS_URL, redisAvailable } from './redis-target.ts';

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const item of open.splice(0).reverse()) await item.close();
});

/**
 * A province watching only two voso listings, which their seller takes down on the same day (a
 * real 404) once `takeDown` is called: from then on the run reads nothing of voso on sale. Without
 * a control that is one marketplace event; with a control page that reads on sale, removals count.
 */
async function twoListingsGone(seed: number, control: boolean): Promise<{ world: Province; takeDown(): void }> {
  const prefix = `{ocop-ctl-${process.pid}-${Math.random().toString(36).slice(2, 8)}}`;
  const world = await province(seed, 60, 'none', await openStore({ dataDir: 'memory://' }), { queue: { prefix } });
  open.push(world);
  const watched = await rows<{ id: number; item_id: string }>(
    world.store,
    sql`select id, item_id from listings where marketplace = 'voso' order by id limit 2`,
  );
  const ids = new Set(watched.map((w) => w.item_id));
  await world.store.db.execute(
    sql`update listings set state = 'retired' where marketplace = 'voso' and id not in (${sql.join(
      watched.map((w) => sql`${w.id}`),
      sql`, `,
    )})`,
  );
  const listings = world.sandbox.world.listings.filter((l) => l.marketplace === 'voso');
  if (control) {
    // Any other voso product on sale will do (here one the province stopped watching).
    const other = listings.find((l) => !ids.has(l.itemId) && l.removedOnDay === null && l.listedOnDay <= 0);
    if (!other) throw new Error('no other voso listing on sale to use as a control');
    world.config.monitor.controlUrls = { voso: [world.sandbox.urlOf(other)] };
  }
  return {
    world,
    takeDown() {
      for (const listing of listings.filter((l) => ids.has(l.itemId)))
        Object.assign(listing, {
          removedOnDay: world.sandbox.world.day + 1,
          removalReason: 'seller',
          removalMode: 'http404',
        });
    },
  };
}

const vosoStates = async (world: Province) =>
  (
    await rows<{ state: string }>(
      world.store,
      sql`select state from listings where marketplace = 'voso' and state <> 'retired' order by id`,
    )
  ).map((r) => r.state);

describe('each run has a control', () => {
  it('in process: removals in a run that read nothing of the marketplace on sale are held; a control page on sale lets them count', {
    timeout: 120_000,
  }, async () => {
    const held = await twoListingsGone(41, false);
    await inProcessDay(held.world);
    held.takeDown();
    await inProcessDay(held.world);
    const day3 = await inProcessDay(held.world);
    expect(day3?.massDelisting).toEqual([
      expect.objectContaining({ marketplace: 'voso', heldWhy: 'no-control', activeReads: 0, controlsOnSale: 0 }),
    ]);
    expect(await vosoStates(held.world)).toEqual(['active', 'active']);

    const controlled = await twoListingsGone(41, true);
    await inProcessDay(controlled.world);
    controlled.takeDown();
    await inProcessDay(controlled.world);
    const day3Controlled = await inProcessDay(controlled.world);
    expect(day3Controlled?.massDelisting).toEqual([]);
    expect(await vosoStates(controlled.world)).toEqual(['delisted', 'delisted']);
    // The configured page read on sale each day; each marketplace's address no product has read as
    // its own kept not-found answer each day.
    const controls = await rows<{ kind: string; verdict: string; rule: string; n: number }>(
      controlled.world.store,
      sql`select kind, verdict, split_part(matched_rule, '.', 2) as rule, count(*)::int as n from run_controls
          group by 1, 2, 3 order by 1`,
    );
    expect(controls).toEqual([
      { kind: 'negative', verdict: 'delisted', rule: 'not-found', n: 12 },
      { kind: 'positive', verdict: 'active', rule: 'record', n: 3 },
    ]);
  });

  it.skipIf(!redisAvailable)(
    'through BullMQ: control pages are checked as jobs of their marketplace',
    {
      timeout: 120_000,
    },
    async () => {
      const { world, takeDown } = await twoListingsGone(42, true);
      const engine = await QueueEngine.start(world.runtime, world.store, REDIS_URL, {
        checks: { marketplaces: [] },
        runs: true,
        scheduler: false,
      });
      open.push({
        close: async () => {
          await engine.obliterate();
          await engine.close();
        },
      });
      await queueDay(world, engine);
      takeDown();
      await queueDay(world, engine);
      await queueDay(world, engine);
      expect(await vosoStates(world)).toEqual(['delisted', 'delisted']);
      const [controls] = await rows<{ n: number }>(
        world.store,
        sql`select count(*)::int as n from run_controls where verdict = 'active'`,
      );
      expect(controls?.n).toBe(3);
    },
  );

  it('a control page must be a product page of an enabled marketplace', () => {
    const load = (controlUrls: unknown) => () => loadConfig({ env: {}, overrides: { monitor: { controlUrls } } });
    expect(load({ voso: ['https://voso.vn/tra-sen-p101533.html'] })).not.toThrow();
    expect(load({ voso: ['https://voso.vn/'] })).toThrow(ConfigError);
    expect(load({ voso: ['https://voso.vn/'] })).toThrow(
      /monitor\.controlUrls\.voso\.0: .*not a product page of voso/u,
    );
    expect(load({ lazada: ['https://lazada.vn/x-p1.html'] })).toThrow(
      /monitor\.controlUrls\.lazada\.0: .*not an enabled marketplace/u,
    );
  });
});
