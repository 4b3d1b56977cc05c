import { createAdapters, createPoliteClient, type MarketplaceAdapter } from '@ocop-monitor/adapters';
import {
  type Sandbox,
  startLazadaWorld,
  startSandbox,
  startShopeeWorld,
  startTiktokWorld,
} from '@ocop-monitor/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const now = () => new Date('2026-12-05T00:00:00Z');
let sandbox: Sandbox;
let worlds: Array<Awaited<ReturnType<typeof startShopeeWorld | typeof startLazadaWorld | typeof startTiktokWorld>>>;

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 3, products: 60 });
  const world = sandbox.world;
  worlds = [
    await startShopeeWorld(world, { seed: 3, partnerId: 1, partnerKey: 'sandbox-partner-key-0123456789', now }),
    await startLazadaWorld(world, { seed: 3, appKey: '123456', appSecret: 'sandbox-app-secret-0123456789', now }),
    await startTiktokWorld(world, {
      seed: 3,
      appKey: 'abcd',
      appSecret: 'sandbox-app-secret-0123456789',
      serviceId: '7300000000000000001',
      redirectUrl: 'http://127.0.0.1/ket-noi-san/tiktok/callback',
      now,
    }),
  ];
});
afterAll(async () => {
  await Promise.all(worlds?.map((world) => world.close()) ?? []);
  await sandbox?.close();
});

describe("the sandbox's Shopee, Lazada and TikTok Shop shops", () => {
  it("buyer pages answer as each marketplace's do to plain HTTP: every listing reads blocked, none removed", async () => {
    const [shopee, lazada, tiktok] = worlds;
    const adapters: MarketplaceAdapter[] = createAdapters({
      shopee: { enabled: true, baseUrl: shopee?.platform.url },
      lazada: { enabled: true, baseUrl: lazada?.platform.url },
      tiktok: { enabled: true, baseUrl: tiktok?.platform.url },
    }).filter((adapter) => ['shopee', 'lazada', 'tiktok'].includes(adapter.id));
    const http = createPoliteClient({
      allowedHosts: adapters.flatMap((adapter) => [...adapter.hosts]),
      respectRobotsTxt: false,
      minIntervalMs: 0,
      jitterMs: 0,
      retries: 0,
    });
    try {
      const seen: string[] = [];
      for (const world of worlds) {
        const truth = world.truth();
        expect(truth.length, world.shops[0]?.marketplace).toBeGreaterThan(0);
        for (const listing of truth.slice(0, 5)) {
          const adapter = adapters.find((candidate) => candidate.id === listing.marketplace);
          const ref = adapter?.parseRef(listing.url);
          expect({ url: listing.url, itemId: ref?.itemId }).toEqual({ url: listing.url, itemId: listing.itemId });
          const observation = ref && adapter ? await adapter.check(ref, { http }) : null;
          expect({ url: listing.url, verdict: observation?.verdict }).toEqual({ url: listing.url, verdict: 'unknown' });
          expect(observation?.reason, listing.url).toBe('blocked');
          seen.push(listing.marketplace);
        }
      }
      expect([...new Set(seen)]).toEqual(['shopee', 'lazada', 'tiktok']);
    } finally {
      await http.close();
    }
  });

  it('each draws its own shops, ids in the platform’s shape, and moves day by day with the world', () => {
    const [shopee, lazada, tiktok] = worlds;
    expect(shopee?.shops.every((shop) => /^\d{9}$/u.test(shop.shopId))).toBe(true);
    expect(lazada?.shops.every((shop) => shop.items.every((item) => /^\d{10}$/u.test(item.itemId)))).toBe(true);
    expect(tiktok?.shops.every((shop) => /^\d{19}$/u.test(shop.shopId))).toBe(true);
    expect(tiktok?.shops.every((shop) => shop.items.every((item) => /^\d{19}$/u.test(item.itemId)))).toBe(true);
    const before = worlds.map((world) => world.truth().reduce((sold, item) => sold + item.sold, 0));
    sandbox.advanceDays(20);
    for (const world of worlds) world.catchUp();
    const after = worlds.map((world) => world.truth().reduce((sold, item) => sold + item.sold, 0));
    for (const [index, sold] of after.entries()) expect(sold).toBeGreaterThan(before[index] ?? 0);
  });
});
