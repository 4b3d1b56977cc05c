import { addUser, createDashboard } from '@ocop-monitor/dashboard';
import { alertHistory, listAlerts, openStore, reviewAlert } from '@ocop-monitor/monitor';
import type { Listing } from '@ocop-monitor/sandbox';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { DashboardClient, DEFAULT_PASSWORD } from './dashboard-client.ts';
import { inProcessDay, type Province, province, rows, runAtOf } from './province.ts';

const open: Province[] = [];
afterEach(async () => {
  for (const world of open.splice(0)) await world.close();
});

async function sandboxProvince(seed: number): Promise<Province> {
  const world = await province(seed, 120, 'none', await openStore({ dataDir: 'memory://' }));
  open.push(world);
  return world;
}

const statesOf = async (world: Province, marketplace: string) =>
  Object.fromEntries(
    (
      await rows<{ state: string; n: number }>(
        world.store,
        sql`select state, count(*)::int as n from listings where marketplace = ${marketplace} group by state`,
      )
    ).map((r) => [r.state, r.n]),
  );

/** The seller of one listing takes it down on the next simulated day (an ordinary removal). */
function removeTomorrow(world: Province, listing: Listing): void {
  Object.assign(listing, {
    removedOnDay: world.sandbox.world.day + 1,
    removalReason: 'seller',
    removalMode: 'http404',
  });
}

const onSaleListing = (world: Province, marketplace: string) => {
  const known = new Set(
    world.sandbox
      .truth()
      .listings.filter((l) => l.knownToProvince)
      .map((l) => l.itemId),
  );
  const listing = world.sandbox.world.listings.find(
    (l) => l.marketplace === marketplace && l.removedOnDay === null && known.has(l.itemId),
  );
  if (!listing) throw new Error(`no ${marketplace} listing on sale`);
  return listing;
};

describe('a marketplace that moves its URLs answers 404 for every listing at once', () => {
  it('holds that run: listings keep their state, one mass-delisting alert, coverage kept; other marketplaces go on; a rejected hold changes nothing and resolves when the site answers again', {
    timeout: 120_000,
  }, async () => {
    const world = await sandboxProvince(5);
    for (let day = 1; day <= 3; day += 1) await inProcessDay(world);
    const before = await statesOf(world, 'voso');
    expect(before.active).toBeGreaterThan(20);
    const watched = (before.active ?? 0) + (before.stale ?? 0);
    const beforeDay3 = (
      await rows<{ covered: number }>(
        world.store,
        sql`select (report->>'covered')::int as covered from coverage_snapshots order by snapshot_date desc limit 1`,
      )
    )[0]?.covered;
    const tikiListing = onSaleListing(world, 'tiki');
    removeTomorrow(world, tikiListing);

    world.sandbox.setFaults({ voso: 'moved' });
    const day4 = await inProcessDay(world);
    expect(day4?.massDelisting).toEqual([
      expect.objectContaining({ marketplace: 'voso', held: true, delistedEvidence: watched }),
    ]);
    expect(day4?.health.find((h) => h.marketplace === 'voso')).toMatchObject({ quarantined: false });
    expect(await statesOf(world, 'voso')).toEqual(before);
    // Coverage never drops on one run of 404s: only confirmations of earlier sightings may lower it.
    // (No transition key: none confirmed today.)
    const confirmedToday = day4?.transitions['suspect→delisted'] ?? 0;
    if (beforeDay3 === undefined) throw new Error('no coverage snapshot before the move');
    expect(beforeDay3).toBeGreaterThan(20);
    expect(day4?.coverage.covered).toBeGreaterThanOrEqual(beforeDay3 - confirmedToday);

    const day5 = await inProcessDay(world);
    expect(day5?.massDelisting.map((m) => m.marketplace)).toEqual(['voso']);
    expect(await statesOf(world, 'voso')).toEqual(before);
    const listingAlerts = await listAlerts(world.store.db, { type: 'listing_delisted' });
    expect(listingAlerts.filter((a) => a.marketplace === 'voso')).toEqual([]);
    // The ordinary removal on Tiki, seen on day 4 and again on day 5, is flagged in a held run.
    expect(listingAlerts.map((a) => (a.evidence as { url: string }).url)).toContain(world.sandbox.urlOf(tikiListing));
    const mass = await listAlerts(world.store.db, { type: 'marketplace_mass_delisting' });
    expect(mass).toHaveLength(1);
    const [alert] = mass;
    if (!alert) throw new Error('no mass-delisting alert');
    expect(alert).toMatchObject({ subject: 'marketplace:voso', state: 'open', severity: 'critical' });
    expect(alert.evidence).toMatchObject({ delistedEvidence: watched, previouslyActive: watched });
    const examples = (alert.evidence as { examples: Array<{ httpStatus: number; url: string }> }).examples;
    expect(examples.length).toBeGreaterThan(0);
    expect(examples.every((e) => e.httpStatus === 404)).toBe(true);

    // The reviewer rejects it: nothing of voso changes while it stays moved.
    const reviewedAt = new Date(runAtOf(world.sandbox.truth().date).getTime() + 3_600_000);
    await reviewAlert(world.store.db, {
      id: alert.id,
      action: 'dismiss',
      by: 'reviewer',
      note: 'voso đổi URL',
      now: reviewedAt,
      confirmAfterHours: 6,
    });
    await inProcessDay(world);
    expect(await statesOf(world, 'voso')).toEqual(before);
    expect((await listAlerts(world.store.db, { type: 'marketplace_mass_delisting' }))[0]?.state).toBe('dismissed');

    // The marketplace answers normally again: the alert resolves by itself.
    world.sandbox.setFaults('none');
    await inProcessDay(world);
    const [after] = await listAlerts(world.store.db, { type: 'marketplace_mass_delisting' });
    expect(after?.state).toBe('resolved');
    expect((await alertHistory(world.store.db, alert.id)).map((e) => e.action)).toEqual([
      'opened',
      'dismiss',
      'resolved',
    ]);
    expect((await statesOf(world, 'voso')).delisted ?? 0).toBe(before.delisted ?? 0);
  });

  it('an accepted hold takes effect: held 404s (a seen rule) become delistings with their alerts', {
    timeout: 120_000,
  }, async () => {
    const world = await sandboxProvince(6);
    for (let day = 1; day <= 3; day += 1) await inProcessDay(world);
    const before = await statesOf(world, 'voso');
    world.sandbox.setFaults({ voso: 'moved' }); // every product page answers 404
    await inProcessDay(world);
    const day5 = await inProcessDay(world);
    expect(day5?.massDelisting.map((m) => [m.marketplace, m.heldWhy])).toEqual([['voso', 'mass']]);
    const [alert] = await listAlerts(world.store.db, { type: 'marketplace_mass_delisting' });
    if (!alert) throw new Error('no mass-delisting alert');
    const now = new Date(runAtOf(world.sandbox.truth().date).getTime() + 3_600_000);
    await reviewAlert(world.store.db, { id: alert.id, action: 'confirm', by: 'reviewer', now, confirmAfterHours: 6 });
    // Two held sightings a day apart: the confirmation rule is met, so they are delisted at once.
    const total = Object.values(before).reduce((a, b) => a + b, 0);
    expect(await statesOf(world, 'voso')).toEqual({ delisted: total });
    const vosoAlerts = (await listAlerts(world.store.db, { type: 'listing_delisted' })).filter(
      (a) => a.marketplace === 'voso',
    );
    expect(vosoAlerts.length).toBe(total);
    const history = await alertHistory(world.store.db, alert.id);
    expect(history.map((e) => [e.actor, e.action])).toEqual([
      ['system', 'opened'],
      ['reviewer', 'confirm'],
      ['system', 'released'],
    ]);
    expect(history.at(-1)?.note).toContain(`${total - (before.delisted ?? 0)} listing(s)`);
  });

  it('an accepted hold of redirects home (an assumed rule) asks a reviewer per listing, never delists on its own', {
    timeout: 120_000,
  }, async () => {
    const world = await sandboxProvince(6);
    for (let day = 1; day <= 3; day += 1) await inProcessDay(world);
    const before = await statesOf(world, 'voso');
    world.sandbox.setFaults({ voso: 'moved-home' }); // every product page sent to the home page
    await inProcessDay(world);
    await inProcessDay(world);
    const [alert] = await listAlerts(world.store.db, { type: 'marketplace_mass_delisting' });
    if (!alert) throw new Error('no mass-delisting alert');
    const now = new Date(runAtOf(world.sandbox.truth().date).getTime() + 3_600_000);
    await reviewAlert(world.store.db, { id: alert.id, action: 'confirm', by: 'reviewer', now, confirmAfterHours: 6 });
    const total = Object.values(before).reduce((a, b) => a + b, 0);
    const wasDelisted = before.delisted ?? 0;
    expect(await statesOf(world, 'voso')).toEqual({
      suspect: total - wasDelisted,
      ...(wasDelisted ? { delisted: wasDelisted } : {}),
    });
    const delisted = await listAlerts(world.store.db, { type: 'listing_delisted' });
    expect(delisted.filter((a) => a.marketplace === 'voso' && a.openedAt >= now)).toEqual([]);
    const possible = (await listAlerts(world.store.db, { type: 'listing_possibly_removed', state: 'live' })).filter(
      (a) => a.marketplace === 'voso',
    );
    expect(possible.length).toBe(total - wasDelisted);
    expect(possible[0]?.evidence).toMatchObject({ removal: { matchedRule: 'voso.redirect', provenance: 'assumed' } });
  });

  it('accepting a later hold releases only its own runs: a run held under a dismissed alert stays held', {
    timeout: 120_000,
  }, async () => {
    const world = await sandboxProvince(7);
    for (let day = 1; day <= 3; day += 1) await inProcessDay(world);
    const before = await statesOf(world, 'voso');
    expect(before.delisted ?? 0).toBe(0);
    const watched = Object.values(before).reduce((a, b) => a + b, 0);
    world.sandbox.setFaults({ voso: 'moved' });
    await inProcessDay(world); // held under alert A
    const [first] = await listAlerts(world.store.db, { type: 'marketplace_mass_delisting' });
    if (!first) throw new Error('no mass-delisting alert');
    const dismissedAt = new Date(runAtOf(world.sandbox.truth().date).getTime() + 3_600_000);
    await reviewAlert(world.store.db, {
      id: first.id,
      action: 'dismiss',
      by: 'reviewer',
      note: 'voso lỗi',
      now: dismissedAt,
      confirmAfterHours: 6,
    });
    world.sandbox.setFaults({ voso: 'blocked' }); // a day voso cannot be read: A resolves, nothing moves
    await inProcessDay(world);
    expect((await listAlerts(world.store.db, { id: first.id }))[0]?.state).toBe('resolved');
    world.sandbox.setFaults({ voso: 'moved' });
    await inProcessDay(world); // held under alert B
    const second = (await listAlerts(world.store.db, { type: 'marketplace_mass_delisting', state: 'live' }))[0];
    if (!second || second.id === first.id) throw new Error('no second mass-delisting alert');
    const now = new Date(runAtOf(world.sandbox.truth().date).getTime() + 3_600_000);
    await reviewAlert(world.store.db, { id: second.id, action: 'confirm', by: 'reviewer', now, confirmAfterHours: 6 });
    // Only B's one run took effect: one sighting each, so suspect — A's dismissed run would have confirmed them.
    expect(await statesOf(world, 'voso')).toEqual({ suspect: watched });
    const held = await rows<{ alert_id: number; released: boolean }>(
      world.store,
      sql`select alert_id, released_at is not null as released from marketplace_health where marketplace = 'voso' and held order by run_id`,
    );
    expect(held).toEqual([
      { alert_id: first.id, released: false },
      { alert_id: second.id, released: true },
    ]);
  });

  it('accepting a hold on the dashboard uses the configured confirmation delay', { timeout: 120_000 }, async () => {
    const world = await sandboxProvince(8);
    for (let day = 1; day <= 3; day += 1) await inProcessDay(world);
    const before = await statesOf(world, 'voso');
    world.sandbox.setFaults({ voso: 'moved' });
    await inProcessDay(world);
    await inProcessDay(world); // two held runs, 24 h apart
    const [alert] = await listAlerts(world.store.db, { type: 'marketplace_mass_delisting' });
    if (!alert) throw new Error('no mass-delisting alert');
    await addUser(world.store.db, {
      username: 'reviewer',
      displayName: 'Cán bộ',
      password: DEFAULT_PASSWORD,
      role: 'reviewer',
    });
    const app = await createDashboard({
      db: world.store.db,
      freshnessHours: 48,
      confirmAfterHours: 48, // this province confirms removals two days apart
      countedMarketplaces: world.runtime.adapters.map((a) => a.id),
      secureCookies: false,
      now: () => new Date(runAtOf(world.sandbox.truth().date).getTime() + 3_600_000),
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const reviewer = new DashboardClient(`http://127.0.0.1:${(app.server.address() as { port: number }).port}`);
      expect((await reviewer.login('reviewer')).status).toBe(302);
      const answer = await reviewer.call('POST', `/api/alerts/${alert.id}/review`, undefined, { action: 'confirm' });
      expect(answer.status).toBe(200);
    } finally {
      await app.close();
    }
    // The held sightings are 24 h apart, under the 48 h this province asks: suspect, not delisted.
    const total = Object.values(before).reduce((a, b) => a + b, 0);
    expect(await statesOf(world, 'voso')).toEqual({
      suspect: total - (before.delisted ?? 0),
      ...(before.delisted ? { delisted: before.delisted } : {}),
    });
  });
});
