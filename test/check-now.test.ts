import type { Observation } from '@ocop-monitor/adapters';
import { addUser, type DashboardDeps } from '@ocop-monitor/dashboard';
import { findRun, formatDateTime, latestReading, ObservationRecorder, openRun, queryRows } from '@ocop-monitor/monitor';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createListingCheck, nextScheduledCheck } from '../workers/src/check-now.ts';
import { QueueEngine } from '../workers/src/queue/engine.ts';
import { DashboardClient as Client } from './dashboard-client.ts';
import { type DashboardWorld, dashboardWorld } from './dashboard-world.ts';
import { inProcessDay, runAtOf } from './province.ts';
import { REDIS_URL, redisAvailable } from './redis-target.ts';

let setup: DashboardWorld;
// Filled in once the world exists: the dashboard is built after `prepare`, with these settings.
const extra: Partial<DashboardDeps> = {};
const CLOCK = { now: new Date() };

beforeAll(async () => {
  setup = await dashboardWorld(
    91,
    async (w) => {
      for (const [username, role] of [
        ['lan', 'reviewer'],
        ['xem', 'viewer'],
      ] as const)
        await addUser(w.store.db, { username, displayName: username, password: 'mật-khẩu-đủ-dài-2026', role });
      CLOCK.now = new Date(`${w.sandbox.truth().date}T09:30:00+07:00`);
      extra.checkListingNow = createListingCheck(w.runtime, w.store, { now: () => CLOCK.now });
      extra.nextCheckAt = nextScheduledCheck(w.runtime.config.queue.dailyHour);
    },
    extra,
  );
}, 180_000);

afterAll(async () => {
  await setup?.close();
});

/** A listing the store reads on sale, and the sandbox's record of it (to take it off sale). */
async function listingOnSale() {
  const rows = await queryRows<{ id: number; product_id: number; url: string }>(
    setup.world.store.db,
    sql`select id, product_id, url from listings where state = 'active' order by id`,
  );
  for (const row of rows) {
    const truth = setup.world.sandbox.world.listings.find(
      (l) => setup.world.sandbox.urlOf(l) === row.url && l.removedOnDay === null,
    );
    if (truth) return { id: Number(row.id), productId: Number(row.product_id), truth };
  }
  throw new Error('no listing on sale in the store and the sandbox');
}

const readings = async (listingId: number) =>
  (
    await queryRows<{ n: number }>(
      setup.world.store.db,
      sql`select count(*)::int as n from observations where listing_id = ${listingId}`,
    )
  )[0]?.n;

describe('"Kiểm tra lại ngay"', () => {
  it('a reviewer presses it: the listing is read again and its product page shows the new reading and the next scheduled check', async () => {
    const listing = await listingOnSale();
    // The marketplace takes it down after the last run: only a new reading can know.
    Object.assign(listing.truth, {
      removedOnDay: setup.world.sandbox.world.day,
      removalReason: 'policy',
      removalMode: 'http404',
    });
    const lan = new Client(setup.base);
    await lan.login('lan');
    const before = await lan.call('GET', `/products/${listing.productId}`);
    expect(before.body).toContain('Kiểm tra lại ngay');
    const next = extra.nextCheckAt?.(CLOCK.now);
    expect(next).toBeInstanceOf(Date);
    expect(before.body).toContain(`Lần kiểm tra theo lịch tới: ${formatDateTime(next ?? '')}`);
    expect(before.body).not.toContain(`${formatDateTime(CLOCK.now)} — Báo bị gỡ`);

    CLOCK.now = new Date(CLOCK.now.getTime() + 7 * 60_000);
    const pressed = await lan.call('POST', `/listings/${listing.id}/check`, { _csrf: lan.csrf });
    expect(pressed.status).toBe(303);
    expect(pressed.headers.location).toBe(`/products/${listing.productId}?kiem-tra=checked`);
    const after = await lan.call('GET', String(pressed.headers.location));
    expect(after.body).toContain('Đã kiểm tra lại tin đăng');
    expect(after.body).toContain(`${formatDateTime(CLOCK.now)} — Báo bị gỡ`);
  });

  it('from an alert page it returns to the alert, which shows the reading', async () => {
    const [alert] = await queryRows<{ id: number; listing_id: number }>(
      setup.world.store.db,
      sql`select id, listing_id from alerts where listing_id is not null order by id limit 1`,
    );
    expect(alert).toBeDefined();
    const lan = new Client(setup.base);
    await lan.login('lan');
    const page = await lan.call('GET', `/alerts/${alert?.id}`);
    expect(page.body).toContain(`action="/listings/${alert?.listing_id}/check"`);
    CLOCK.now = new Date(CLOCK.now.getTime() + 5 * 60_000);
    const pressed = await lan.call('POST', `/listings/${alert?.listing_id}/check`, {
      _csrf: lan.csrf,
      alert: String(alert?.id),
    });
    expect(pressed.headers.location).toBe(`/alerts/${alert?.id}?kiem-tra=checked`);
    const after = await lan.call('GET', String(pressed.headers.location));
    expect(after.body).toContain(`Lần đọc mới nhất:</strong> ${formatDateTime(CLOCK.now)}`);
  });

  it("a press while the marketplace blocks keeps the day's conclusive reading and says the check was unclear", async () => {
    const listing = await listingOnSale();
    const dayReading = () =>
      queryRows<{ run_id: number; verdict: string; checked_at: string }>(
        setup.world.store.db,
        sql`select run_id, verdict, checked_at::text from observations where listing_id = ${listing.id} order by run_id desc limit 1`,
      );
    const before = await dayReading();
    expect(before[0]?.verdict).toBe('active');
    const lan = new Client(setup.base);
    await lan.login('lan');
    setup.world.sandbox.setFaults('blocked');
    try {
      CLOCK.now = new Date(CLOCK.now.getTime() + 60_000);
      const pressed = await lan.call('POST', `/listings/${listing.id}/check`, { _csrf: lan.csrf });
      expect(pressed.headers.location).toBe(`/products/${listing.productId}?kiem-tra=unclear`);
      const page = await lan.call('GET', String(pressed.headers.location));
      expect(page.body).toContain('Chưa đọc được tin đăng lúc này');
    } finally {
      setup.world.sandbox.setFaults('none');
    }
    expect(await dayReading()).toEqual(before);
  });

  it('a viewer is not offered the button, and pressing it anyway is refused in Vietnamese without a check', async () => {
    const listing = await listingOnSale();
    const viewer = new Client(setup.base);
    await viewer.login('xem');
    const page = await viewer.call('GET', `/products/${listing.productId}`);
    expect(page.status).toBe(200);
    expect(page.body).not.toContain('Kiểm tra lại ngay');
    const count = await readings(listing.id);
    expect(count).toBeGreaterThan(0);
    const refused = await viewer.call('POST', `/listings/${listing.id}/check`, { _csrf: viewer.csrf });
    expect(refused.status).toBe(403);
    expect(refused.body).toContain('Tài khoản chỉ xem không yêu cầu kiểm tra lại được.');
    expect(await readings(listing.id)).toBe(count);
  });

  it('nobody logged in cannot ask for a check: sent to the login page, nothing read', async () => {
    const listing = await listingOnSale();
    const count = await readings(listing.id);
    const anonymous = await new Client(setup.base).call('POST', `/listings/${listing.id}/check`, {});
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.location).toBe('/login');
    expect(await readings(listing.id)).toBe(count);
  });

  it('without the CSRF token nothing is checked', async () => {
    const listing = await listingOnSale();
    const lan = new Client(setup.base);
    await lan.login('lan');
    const count = await readings(listing.id);
    const refused = await lan.call('POST', `/listings/${listing.id}/check`, { _csrf: 'not-the-token' });
    expect(refused.status).toBe(403);
    expect(await readings(listing.id)).toBe(count);
  });
});

describe.runIf(redisAvailable)('"Kiểm tra lại ngay" under the queue engine', () => {
  it("is a check job on the listing's marketplace queue: a check worker reads it and records the reading", async () => {
    const { runtime, store } = setup.world;
    const engine = await QueueEngine.start(runtime, store, REDIS_URL, {
      checks: { marketplaces: [] },
      runs: false,
      scheduler: false,
    });
    try {
      const listing = await listingOnSale();
      const asked = new Date(CLOCK.now.getTime() + 60 * 60_000);
      const check = createListingCheck(runtime, store, { checkQueues: engine.checkQueues, now: () => asked });
      const startedAt = Date.now();
      expect(await check(listing.id)).toBe('queued');
      // The day's run already read this listing: the new reading replaces that one (one per run).
      const fresh = async () => ((await latestReading(store.db, listing.id))?.at.getTime() ?? 0) >= startedAt - 1_000;
      while (Date.now() - startedAt < 20_000 && !(await fresh()))
        await new Promise((resolve) => setTimeout(resolve, 100));
      const reading = await latestReading(store.db, listing.id);
      // The worker checks on the real clock (the run is not on a simulated one): a reading made just now.
      expect(reading?.at.getTime()).toBeGreaterThanOrEqual(startedAt - 1_000);
      expect(reading?.verdict).toBe('active');
    } finally {
      await engine.obliterate();
      await engine.close();
    }
  }, 60_000);
});

// Last in the file: the world moves on a day.
describe('"Kiểm tra lại ngay" before the day\'s run', () => {
  it('a press after midnight opens no run; the scheduled run reads that listing and re-reads one left unknown', async () => {
    const { store, sandbox } = setup.world;
    const tomorrow = new Date(Date.parse(`${sandbox.truth().date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    CLOCK.now = new Date(`${tomorrow}T00:10:00+07:00`);
    const pressed = await listingOnSale();
    const lan = new Client(setup.base);
    await lan.login('lan');
    const answer = await lan.call('POST', `/listings/${pressed.id}/check`, { _csrf: lan.csrf });
    expect(answer.headers.location).toBe(`/products/${pressed.productId}?kiem-tra=not-started`);
    expect((await lan.call('GET', String(answer.headers.location))).body).toContain('lượt hôm nay chưa bắt đầu');
    expect(await findRun(store.db, tomorrow)).toBeUndefined();

    // A run opened early and left with an unknown reading (a crash while the marketplace blocked).
    const [other] = await queryRows<{ id: number }>(
      store.db,
      sql`select id from listings where state = 'active' and id <> ${pressed.id} order by id limit 1`,
    );
    const early = await openRun(store.db, tomorrow, runAtOf(tomorrow), 'in-process');
    const recorder = new ObservationRecorder(store.db, early.id);
    const blocked: Observation = {
      marketplace: 'voso',
      itemId: 'x',
      url: 'https://voso.vn/x',
      checkedAt: CLOCK.now.toISOString(),
      verdict: 'unknown',
      reason: 'blocked',
      data: null,
      evidence: {
        httpStatus: 403,
        finalUrl: null,
        redirects: [],
        matchedRule: 'test.blocked',
        bodySha256: null,
        bytes: 0,
        durationMs: 1,
        retryAfterSeconds: null,
        detail: null,
      },
    };
    await recorder.add(Number(other?.id), blocked);
    await recorder.flush();

    await inProcessDay(setup.world);
    const readings = await queryRows<{ listing_id: number; run_date: string; verdict: string }>(
      store.db,
      sql`select o.listing_id, r.run_date::text, o.verdict from observations o join runs r on r.id = o.run_id
          where r.run_date = ${tomorrow} and o.listing_id in (${pressed.id}, ${Number(other?.id)}) order by o.listing_id`,
    );
    expect(readings).toEqual(
      [pressed.id, Number(other?.id)]
        .sort((a, b) => a - b)
        .map((id) => ({ listing_id: id, run_date: tomorrow, verdict: expect.not.stringMatching(/^unknown$/u) })),
    );
  }, 120_000);
});
