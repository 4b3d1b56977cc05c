import { sql } from 'drizzle-orm';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { listAlerts } from '../alerts/list-alerts.ts';
import { reviewAlert } from '../alerts/review.ts';
import { openStore, type Store } from '../store/open-store.ts';
import { queryRows } from '../store/query-rows.ts';
import { alertFinding } from '../words/alert-finding.ts';
import { Ledger, type Reading, runAtOfDay } from './test-ledger.ts';

// One embedded store for the file, emptied before each case: opening PGlite costs seconds.
let store: Store;
const ready = openStore({ dataDir: 'memory://' }).then((opened) => {
  store = opened;
});
afterAll(async () => {
  await ready;
  await store.close();
});
beforeEach(async () => {
  await ready;
  await store.db.execute(sql`truncate alert_events, alerts, observations, marketplace_health, run_controls,
    run_shop_reads, coverage_snapshots, runs, listings, products, producers restart identity cascade`);
});

const onSale = { verdict: 'active' } as const;
const blocked = { verdict: 'unknown' } as const;
const seen404 = { verdict: 'delisted', provenance: 'seen' } as const;
const assumedRemoval = { verdict: 'delisted', provenance: 'assumed' } as const;
const reviewed = (day: number) => new Date(runAtOfDay(day).getTime() + 3_600_000);

describe('removals by seen and assumed rules', () => {
  it('two seen sightings confirm; the alert keeps the removal as evidence when a later check is blocked', async () => {
    const ledger = new Ledger(store.db);
    const [gone = 0, control = 0] = await ledger.link(2);
    await ledger.day(1, { [gone]: seen404, [control]: onSale });
    expect(await ledger.state(gone)).toBe('suspect');
    await ledger.day(2, { [gone]: seen404, [control]: onSale });
    expect(await ledger.state(gone)).toBe('delisted');
    await ledger.day(3, { [gone]: { verdict: 'unknown', reason: 'rate_limited' }, [control]: onSale });
    const [alert] = await ledger.alertsOf('listing_delisted', gone);
    expect(alert?.evidence).toMatchObject({
      removal: { matchedRule: 'voso.not-found', httpStatus: 404, provenance: 'seen' },
      firstSighting: { matchedRule: 'voso.not-found' },
      confirmedAt: expect.stringContaining(''),
    });
  });

  it('an assumed rule leaves the listing suspect and covered; a reviewer who confirms the possible removal delists it', async () => {
    const ledger = new Ledger(store.db);
    const [gone = 0, control = 0] = await ledger.link(2);
    await ledger.day(1, { [gone]: assumedRemoval, [control]: onSale });
    expect(await ledger.alertsOf('listing_possibly_removed', gone)).toEqual([]);
    for (const day of [2, 3, 4]) await ledger.day(day, { [gone]: assumedRemoval, [control]: onSale });
    expect(await ledger.state(gone)).toBe('suspect');
    expect(await ledger.alertsOf('listing_delisted', gone)).toEqual([]);
    const [possible] = await ledger.alertsOf('listing_possibly_removed', gone);
    expect(possible).toMatchObject({ state: 'open', openedAt: runAtOfDay(2) });
    expect(possible?.evidence).toMatchObject({
      removal: { matchedRule: 'voso.record.activated=0', provenance: 'assumed' },
    });
    // Coverage keeps the product until a person decides: its only other listing is on sale anyway,
    // so look at the listing itself — suspect, and its last conclusive check is fresh.
    const [fresh] = await queryRows<{ fresh: boolean }>(
      store.db,
      sql`select last_conclusive_at = ${runAtOfDay(4).toISOString()}::timestamptz as fresh from listings where id = ${gone}`,
    );
    expect(fresh?.fresh).toBe(true);

    await reviewAlert(store.db, {
      id: possible?.id ?? 0,
      action: 'confirm',
      by: 'Chuyên viên Sở',
      note: 'đã mở trang: sản phẩm bị ẩn',
      now: reviewed(4),
      confirmAfterHours: 6,
    });
    expect(await ledger.state(gone)).toBe('delisted');
    const [delisted] = await ledger.alertsOf('listing_delisted', gone);
    expect(delisted).toMatchObject({ state: 'confirmed' });
    expect(delisted?.evidence).toMatchObject({ removal: { provenance: 'assumed' } });
    expect((await ledger.alertsOf('listing_possibly_removed', gone))[0]).toMatchObject({ state: 'resolved' });
  });

  it('a possible removal the listing recovers from resolves by itself; one dismissed stays dismissed while it lasts', async () => {
    const ledger = new Ledger(store.db);
    const [a = 0, b = 0, control = 0] = await ledger.link(3);
    for (const day of [1, 2]) await ledger.day(day, { [a]: assumedRemoval, [b]: assumedRemoval, [control]: onSale });
    const [possibleB] = await ledger.alertsOf('listing_possibly_removed', b);
    await reviewAlert(store.db, {
      id: possibleB?.id ?? 0,
      action: 'dismiss',
      by: 'Chuyên viên Sở',
      note: 'vẫn đang bán',
      now: reviewed(2),
      confirmAfterHours: 6,
    });
    await ledger.day(3, { [a]: onSale, [b]: assumedRemoval, [control]: onSale });
    await ledger.day(4, { [a]: onSale, [b]: blocked, [control]: onSale });
    expect((await ledger.alertsOf('listing_possibly_removed', a)).map((x) => x.state)).toEqual(['resolved']);
    expect((await ledger.alertsOf('listing_possibly_removed', b)).map((x) => x.state)).toEqual(['dismissed']);
  });
});

describe('each run has a control', () => {
  it('removals in a run that read nothing of the marketplace on sale are held as one marketplace event', async () => {
    const ledger = new Ledger(store.db);
    const [a = 0, b = 0] = await ledger.link(2);
    await ledger.day(1, { [a]: onSale, [b]: onSale });
    const day2 = await ledger.day(2, { [a]: seen404, [b]: blocked });
    expect(day2?.massDelisting).toEqual([
      expect.objectContaining({ marketplace: 'voso', held: true, heldWhy: 'no-control', activeReads: 0 }),
    ]);
    await ledger.day(3, { [a]: seen404, [b]: blocked });
    expect(await ledger.state(a)).toBe('active');
    expect(await ledger.alertsOf('listing_delisted', a)).toEqual([]);
    // With one listing of the marketplace read on sale, the same evidence counts.
    await ledger.day(4, { [a]: seen404, [b]: onSale });
    await ledger.day(5, { [a]: seen404, [b]: onSale });
    expect(await ledger.state(a)).toBe('delisted');
  });

  it.for([
    ['could not be read (blocked)', { verdict: 'unknown', reason: 'blocked' }, 'unreadable'],
    ['answers as if a product were there', { verdict: 'active' }, 'differs'],
    ['reads by another rule than the kept answer', { verdict: 'delisted', provenance: 'assumed' }, 'differs'],
    ['was never asked', 'not asked', 'missing'],
  ] as const)(
    'seen removals in a run whose negative control %s are held as one marketplace event, listing by listing nothing moves',
    async ([, negative, why]) => {
      const ledger = new Ledger(store.db);
      const [a = 0, control = 0] = await ledger.link(2);
      await ledger.day(0, { [a]: onSale, [control]: onSale });
      const summary = await ledger.day(1, { [a]: seen404, [control]: onSale }, negative);
      expect(summary?.massDelisting).toEqual([
        expect.objectContaining({ marketplace: 'voso', held: true, heldWhy: 'negative-control', negativeControl: why }),
      ]);
      expect(await ledger.state(a)).toBe('active');
      expect(await ledger.alertsOf('listing_delisted', a)).toEqual([]);
      const [held] = await listAlerts(store.db, { type: 'marketplace_mass_delisting', state: 'live' });
      expect(alertFinding(held ?? { type: '', evidence: {} }, 'voso.vn', 'vi')).toContain('không tìm thấy');
      // The control answers as kept again: the same evidence counts, two sightings confirm.
      await ledger.day(2, { [a]: seen404, [control]: onSale });
      await ledger.day(3, { [a]: seen404, [control]: onSale });
      expect(await ledger.state(a)).toBe('delisted');
    },
  );

  it('assumed removals need no negative control: they only ever ask a reviewer', async () => {
    const ledger = new Ledger(store.db);
    const [a = 0, control = 0] = await ledger.link(2);
    const summary = await ledger.day(1, { [a]: assumedRemoval, [control]: onSale }, 'not asked');
    expect(summary?.massDelisting).toEqual([]);
    expect(await ledger.state(a)).toBe('suspect');
  });
});

describe('a listing the marketplace moved for good', () => {
  it('learns its new address and id, keeps its history; a new address another listing has is left alone', async () => {
    const ledger = new Ledger(store.db);
    const [renamed = 0, taken = 0] = await ledger.link(2);
    const [takenRow] = await queryRows<{ url: string; item_id: string }>(
      store.db,
      sql`select url, item_id from listings where id = ${taken}`,
    );
    await ledger.day(1, { [renamed]: onSale, [taken]: onSale });
    const moved = { url: 'https://voso.vn/tra-sen-tay-ho-moi-p555.html', itemId: '555' };
    const summary = await ledger.day(2, {
      [renamed]: { verdict: 'active', movedTo: moved },
      // Moved onto an address another listing already follows: two listings never share one page.
      [taken]: { verdict: 'active', movedTo: { url: 'https://voso.vn/x-p100000.html', itemId: '100000' } },
    });
    expect(summary?.moved).toBe(1);
    const rowsNow = await queryRows<{ id: number; url: string; item_id: string; checks: number }>(
      store.db,
      sql`select l.id, l.url, l.item_id, (select count(*)::int from observations o where o.listing_id = l.id) as checks
          from listings l order by l.id`,
    );
    expect(rowsNow).toEqual([
      { id: renamed, url: moved.url, item_id: '555', checks: 2 },
      { id: taken, url: takenRow?.url, item_id: takenRow?.item_id, checks: 2 },
    ]);
  });
});

describe('rules across outages', () => {
  const zeroSalesConfig = { rules: { zeroSales: { warnDays: 3, criticalDays: 6 } } };

  it('an open zero_sales alert is held, not resolved, while its listing is unreadable; no second alert when it reads again', async () => {
    const ledger = new Ledger(store.db, zeroSalesConfig);
    const [flat = 0, control = 0] = await ledger.link(2);
    for (const day of [1, 2, 3, 4])
      await ledger.day(day, { [flat]: { verdict: 'active', sold: 7 }, [control]: onSale });
    const [first] = await ledger.alertsOf('zero_sales', flat);
    expect(first?.state).toBe('open');
    await reviewAlert(store.db, {
      id: first?.id ?? 0,
      action: 'dismiss',
      by: 'Chuyên viên Sở',
      note: 'hàng theo mùa',
      now: reviewed(4),
      confirmAfterHours: 6,
    });
    // Four days blocked (stale after 72 h), one possible-removal sighting, then on sale, still no sale.
    for (const day of [5, 6, 7, 8]) await ledger.day(day, { [flat]: blocked, [control]: onSale });
    expect(await ledger.state(flat)).toBe('stale');
    await ledger.day(9, { [flat]: assumedRemoval, [control]: onSale });
    await ledger.day(10, { [flat]: { verdict: 'active', sold: 7 }, [control]: onSale });
    const alerts = await ledger.alertsOf('zero_sales', flat);
    expect(alerts.map((alert) => [alert.id, alert.state])).toEqual([[first?.id, 'dismissed']]);
  });

  it('out_of_stock needs every one of the last N daily runs to read it out of stock: a day without a run postpones it', async () => {
    const ledger = new Ledger(store.db, { rules: { outOfStock: { days: 3 } } });
    const [empty = 0, control = 0] = await ledger.link(2);
    const out = { verdict: 'active', stock: 'out_of_stock' } as const;
    for (const day of [1, 2]) await ledger.day(day, { [empty]: onSale, [control]: onSale });
    await ledger.day(3, { [empty]: out, [control]: onSale });
    // No run on days 4 and 5 (the machine was off): day 6 is the second reading, not the fourth day.
    const day6 = await ledger.day(6, { [empty]: out, [control]: onSale });
    expect(day6?.alerts.opened.out_of_stock).toBeUndefined();
    await ledger.day(7, { [empty]: out, [control]: onSale });
    expect(await ledger.alertsOf('out_of_stock', empty)).toEqual([]);
    // An unknown reading in the window postpones it too.
    await ledger.day(8, { [empty]: blocked, [control]: onSale });
    await ledger.day(9, { [empty]: out, [control]: onSale });
    await ledger.day(10, { [empty]: out, [control]: onSale });
    expect(await ledger.alertsOf('out_of_stock', empty)).toEqual([]);
    await ledger.day(11, { [empty]: out, [control]: onSale });
    expect((await ledger.alertsOf('out_of_stock', empty)).map((alert) => alert.openedAt)).toEqual([runAtOfDay(11)]);
  });

  it('an older run resumed after a newer one finished never overwrites the newer state, and changes no alert', async () => {
    const ledger = new Ledger(store.db);
    const [a = 0, control = 0] = await ledger.link(2);
    await ledger.day(1, { [a]: seen404, [control]: onSale });
    await ledger.day(3, { [a]: seen404, [control]: onSale });
    expect(await ledger.state(a)).toBe('delisted');
    const late = await ledger.day(2, { [a]: onSale, [control]: onSale });
    expect(late?.late).toBe(true);
    expect(await ledger.state(a)).toBe('delisted');
    expect((await ledger.alertsOf('listing_delisted', a)).map((alert) => alert.state)).toEqual(['open']);
  });
});

describe('the breaker', () => {
  it('quarantined runs stay out of the mass-delisting baseline', async () => {
    const ledger = new Ledger(store.db, { massDelisting: { minListings: 2, share: 0.25, normalRateFactor: 10 } });
    const ids = await ledger.link(10);
    const all = (reading: Reading, from = 0, to = 10): Record<number, Reading> =>
      Object.fromEntries(ids.slice(from, to).map((id) => [id, reading]));
    await ledger.day(1, all(onSale));
    // Two broken days: most checks blocked (quarantined), the rest 404 — their share must not become "normal".
    for (const day of [2, 3]) await ledger.day(day, { ...all(blocked, 0, 7), ...all(seen404, 7, 10) });
    const health = await queryRows<{ quarantined: boolean }>(
      store.db,
      sql`select quarantined from marketplace_health h join runs r on r.id = h.run_id where r.run_date > '2026-03-02' order by r.run_date`,
    );
    expect(health.map((h) => h.quarantined)).toEqual([true, true]);
    // Then 4 of 10 answer 404 at once: with the broken days left out the normal share is 0, so it is held.
    const day4 = await ledger.day(4, { ...all(onSale, 0, 6), ...all(seen404, 6, 10) });
    expect(day4?.massDelisting).toEqual([
      expect.objectContaining({ marketplace: 'voso', held: true, heldWhy: 'mass', normalShare: 0 }),
    ]);
  });
});
