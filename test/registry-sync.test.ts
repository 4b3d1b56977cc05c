import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  importProducts,
  queryRows,
  type RegistrySource,
  type RegistrySyncSummary,
  type Store,
} from '@ocop-monitor/monitor';
import { PRODUCT_COLUMNS, productRows, type Sandbox, startSandbox, toCsv } from '@ocop-monitor/sandbox';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../workers/src/config/load.ts';
import { syncNationalRegistry } from '../workers/src/registry-sync.ts';
import { sandboxConfigLayer } from '../workers/src/sandbox-config.ts';
import { STORE_TARGETS } from './store-targets.ts';

const dayDate = (sandbox: Sandbox) => new Date(`${sandbox.truth().date}T03:00:00+07:00`);
const configFor = (sandbox: Sandbox) =>
  loadConfig({ overrides: sandboxConfigLayer(sandbox.baseUrls, sandbox.registry.baseUrl), env: {} });
const idsOf = (summary: RegistrySyncSummary, kind: string) =>
  summary.events
    .filter((e) => e.kind === kind)
    .map((e) => e.nationalId)
    .sort();

/** The province's registry as its officials keep it: the sandbox's export, imported from a file. */
async function importProvinceFile(store: Store, sandbox: Sandbox): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ocop-registry-'));
  writeFileSync(join(dir, 'san-pham.csv'), toCsv(PRODUCT_COLUMNS, productRows(sandbox.world)));
  await importProducts(store.db, join(dir, 'san-pham.csv'));
}

describe.each(STORE_TARGETS)('registry sync with the national OCOP system, on $name', (target) => {
  const opened: Array<{ close(): Promise<void> }> = [];
  afterEach(async () => {
    for (const item of opened.splice(0).reverse()) await item.close();
  });
  const setUp = async (seed: number) => {
    const sandbox = await startSandbox({ seed, products: 150 });
    opened.push(sandbox);
    const store = await target.open();
    opened.push(store);
    await importProvinceFile(store, sandbox);
    return { sandbox, store, config: configFor(sandbox) };
  };

  it.skipIf(!target.available)(
    'finds every change the national system made over a month, adds new products, and never overwrites what the province typed',
    { timeout: 60_000 },
    async () => {
      const { sandbox, store, config } = await setUp(3);
      // One product the province keeps under its local code only.
      const [localOnly] = await queryRows<{ id: number; national_id: string }>(
        store.db,
        sql`update products set national_id = null where id = (select min(id) from products) returning id, (select national_id from products p where p.id = products.id) as national_id`,
      );
      const first = await syncNationalRegistry(config, store, dayDate(sandbox));
      // Day 0: the province's file and the national system agree; other provinces' products are left
      // out; the product without its national id is reported for linking, not added a second time.
      expect(first.complete).toBe(true);
      expect(first.inProvince).toBe(150);
      expect(first.listed).toBeGreaterThan(150);
      expect(first.counts).toEqual({ conflict: 1 });
      expect(first.events[0]).toMatchObject({ kind: 'conflict', productId: Number(localOnly?.id) });
      const [total] = await queryRows<{ n: number }>(store.db, sql`select count(*)::int as n from products`);
      expect(total?.n).toBe(150);

      // The province corrects a product's name by hand; the national system will change its stars.
      const starsChange = sandbox.registry.changes.find((c) => c.kind === 'stars_changed');
      if (!starsChange) throw new Error('the sandbox changes no stars');
      await store.db.execute(
        sql`update products set name = name || ' (tỉnh sửa)' where national_id = ${starsChange.id}`,
      );
      const handStars = sandbox.registry.changes.find((c) => c.kind === 'stars_changed' && c.id !== starsChange.id);
      if (handStars)
        await store.db.execute(sql`update products set stars = 5 where national_id = ${handStars.id} and stars <> 5`);

      sandbox.advanceDays(30);
      const month = await syncNationalRegistry(config, store, dayDate(sandbox));
      expect(month.complete).toBe(true);
      const due = (kind: string) =>
        sandbox.registry.changes
          .filter((c) => c.kind === kind && c.day <= 30)
          .map((c) => c.id)
          .sort();
      expect(idsOf(month, 'new')).toEqual(due('new'));
      expect(idsOf(month, 'recertified')).toEqual(due('recertified'));
      expect(idsOf(month, 'revoked')).toEqual(due('revoked'));
      expect(idsOf(month, 'removed')).toEqual(due('removed'));
      // Stars follow the registry where the province had left them; where it had typed its own, a conflict.
      const handChanged = handStars?.id;
      expect(idsOf(month, 'stars_changed')).toEqual(due('stars_changed').filter((id) => id !== handChanged));
      if (handChanged) expect(idsOf(month, 'conflict')).toContain(handChanged);
      const [renamed] = await queryRows<{ name: string; stars: number }>(
        store.db,
        sql`select name, stars from products where national_id = ${starsChange.id}`,
      );
      expect(renamed?.name).toMatch(/\(tỉnh sửa\)$/u); // the hand correction stays
      // The registry did not rename it: the province's own name stands, with no conflict to report.
      expect(idsOf(month, 'conflict')).not.toContain(starsChange.id);
      expect(idsOf(month, 'stars_changed')).toContain(starsChange.id);
      // Products whose certificate ran out during the month.
      const expiring = sandbox.world.products
        .filter((p) => p.expiryDate >= sandbox.world.startDate && p.expiryDate < sandbox.truth().date)
        .map((p) => p.nationalId)
        .filter((id) => !due('recertified').includes(id) && !due('removed').includes(id))
        .sort();
      expect(idsOf(month, 'expired')).toEqual(expect.arrayContaining(expiring));
      // What the sync changed is in the store: the new products and the revocations.
      const [counts] = await queryRows<{ national: number; revoked: number; events: number }>(
        store.db,
        sql`select (select count(*)::int from products where source = 'national') as national,
                   (select count(*)::int from products where status = 'revoked') as revoked,
                   (select count(*)::int from registry_events where sync_id = ${month.syncId}) as events`,
      );
      expect(counts?.national).toBe(due('new').length);
      expect(counts?.revoked).toBe(due('revoked').length + due('removed').length);
      expect(counts?.events).toBe(month.events.length);

      // A week later nothing changed: nothing is reported twice, and other provinces' details are not read again.
      sandbox.advanceDays(7);
      const quiet = await syncNationalRegistry(config, store, dayDate(sandbox));
      expect(quiet.events.filter((e) => e.kind !== 'expired' && e.kind !== 'conflict')).toEqual([]);
      // Requests: the list pages (the first sync's requests beyond one detail per listed id, one more
      // page per type at most) and one detail per product of this province.
      const listPages = first.requests - first.listed;
      expect(quiet.requests).toBeLessThanOrEqual(listPages + 6 + quiet.inProvince);
      expect(quiet.requests).toBeLessThan(first.requests);
    },
  );

  it.skipIf(!target.available)(
    'an outage mid-read removes nothing; a registry that suddenly lists far fewer products has its removals held',
    { timeout: 60_000 },
    async () => {
      const { sandbox, store, config } = await setUp(4);
      await syncNationalRegistry(config, store, dayDate(sandbox));
      sandbox.registry.setOutage(true);
      const broken = await syncNationalRegistry(config, store, dayDate(sandbox));
      expect(broken.complete).toBe(false);
      expect(broken.problems.join('\n')).toMatch(/HTTP 503/u);
      // Five failures in a row and it stops asking: a registry that is down is not hammered.
      expect(broken.problems.join('\n')).toMatch(/gave up after 5 failures/u);
      expect(broken.requests).toBeLessThanOrEqual(12);
      expect(broken.counts.removed).toBeUndefined();
      sandbox.registry.setOutage(false);
      const [before] = await queryRows<{ n: number }>(
        store.db,
        sql`select count(*)::int as n from products where status = 'active'`,
      );

      // A source that says it read everything but lost half the list (a registry restored from an old backup).
      const { nationalRegistrySource } = await import('@ocop-monitor/monitor');
      const { PoliteHttpClient } = await import('@ocop-monitor/adapters');
      const http = new PoliteHttpClient({
        ...config.http,
        allowedHosts: [new URL(sandbox.registry.baseUrl).host],
      });
      const national = nationalRegistrySource({
        baseUrl: sandbox.registry.baseUrl,
        provinceName: 'Quảng Trị',
        pageSize: 50,
        http,
      });
      const halved: RegistrySource = {
        id: 'national',
        read: async (known) => {
          const read = await national.read(known);
          return { ...read, listed: read.listed.filter((_, i) => i % 2 === 0) };
        },
      };
      const { syncRegistry } = await import('@ocop-monitor/monitor');
      const held = await syncRegistry(store.db, halved, { now: dayDate(sandbox), provinceCode: '45' });
      await http.close();
      expect(held.counts.removals_held).toBe(1);
      expect(held.counts.removed).toBeUndefined();
      const [after] = await queryRows<{ n: number }>(
        store.db,
        sql`select count(*)::int as n from products where status = 'active'`,
      );
      expect(after?.n).toBe(before?.n);
    },
  );
});
