import { openStore, runDaily, type Store } from '@ocop-monitor/monitor';
import { listOutbox, ZaloTokens } from '@ocop-monitor/notify';
import { type ProviderSimulators, SANDBOX_PROVIDER_CREDENTIALS, startProviderSimulators } from '@ocop-monitor/sandbox';
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createNotifier } from '../workers/src/notifier.ts';
import { sandboxNotifyLayer } from '../workers/src/sandbox-config.ts';
import { type Province, province, runAtOf } from './province.ts';
import { seedAlert, seedListing } from './security/notify-seed.ts';
import { createPostgresDatabase, postgresAvailable } from './store-targets.ts';

// Fresh providers for each test: Zalo's refresh tokens are single use, so each test's store must
// start from the token its own simulator issued.
let providers: ProviderSimulators;
beforeEach(async () => {
  providers = await startProviderSimulators();
});
afterEach(() => providers.close());

const notifyConfig = () => sandboxNotifyLayer(providers);

async function simulate(world: Province, days: number) {
  for (let d = 1; d <= days; d += 1) {
    world.sandbox.advanceDays(1);
    const runAt = runAtOf(world.sandbox.truth().date);
    await runDaily({
      db: world.store.db,
      adapters: world.runtime.adapters,
      http: world.runtime.http,
      config: world.config.monitor,
      runDate: world.sandbox.truth().date,
      runAt,
      now: () => runAt,
      afterAlerts: world.runtime.notifier.afterAlerts,
    });
    await world.runtime.notifier.deliver(world.store.db, () => runAt);
  }
}

describe('producers on Zalo ZNS, SMS brandname and e-mail, through the simulated providers', () => {
  it('ZNS first; a phone not on Zalo falls back to plain SMS; one token refresh serves every send', {
    timeout: 180_000,
  }, async () => {
    const world = await province(41, 120, 'none', await openStore({ dataDir: 'memory://' }), {
      notify: notifyConfig(),
    });
    try {
      await simulate(world, 33);
      const outbox = await listOutbox(world.store.db);
      const sentZns = outbox.filter((n) => n.channel === 'zns' && n.state === 'sent');
      expect(sentZns.length).toBeGreaterThan(0);
      expect(providers.zns.messages.length).toBe(sentZns.length);
      for (const message of providers.zns.messages) {
        expect(message.phone).toMatch(/^84\d{9}$/u);
        expect(message.templateId).toMatch(/^30100[23]$/u); // zero_sales, out_of_stock: released by time, no reviewer here
        expect(message.data.product_name?.length).toBeLessThanOrEqual(200);
        expect(message.trackingId).toMatch(/^alert:\d+:producer:\d+:zns:v1:r0$/u);
      }
      expect(providers.zns.refreshes).toBe(1);
      // Phones ending in 3 or 7 are not on Zalo here (-118): their message fell back to SMS, folded to plain letters.
      const fellBack = outbox.filter((n) => n.channel === 'zns' && n.state === 'fell_back');
      expect(fellBack.length).toBeGreaterThan(0);
      expect(fellBack.every((n) => /[37]$/u.test(n.recipient) && n.lastError?.startsWith('ZNS -118'))).toBe(true);
      const sms = providers.sms.messages;
      expect(sms.length).toBe(fellBack.length);
      for (const message of sms) {
        expect(message.content).toMatch(/^[\x20-\x7e]+$/u); // GSM-7, one segment
        expect(message.content.length).toBeLessThanOrEqual(160);
        expect(message.unicode).toBe(false);
      }
    } finally {
      await world.close();
    }
  });

  it('two processes refreshing the Zalo token at once burn the single-use refresh token once', async () => {
    const target = postgresAvailable ? await createPostgresDatabase() : null;
    const stores: Store[] = [];
    try {
      const open = () => openStore(target ? { databaseUrl: target.url } : { dataDir: 'memory://' });
      const first = await open();
      stores.push(first);
      const second = target ? await open() : first;
      if (second !== first) stores.push(second);
      const oauth = { oauthUrl: providers.zns.url, ...SANDBOX_PROVIDER_CREDENTIALS.zns };
      const before = providers.zns.refreshes;
      // Seed: the store holds the refresh token the simulator issued last.
      const seeded = await new ZaloTokens(first.db, oauth).accessToken();
      providers.zns.expireAccessToken();
      const tokens = await Promise.all([
        new ZaloTokens(first.db, oauth).accessToken(seeded),
        new ZaloTokens(second.db, oauth).accessToken(seeded),
      ]);
      expect(tokens[0]).toBe(tokens[1]);
      expect(tokens[0]).not.toBe(seeded);
      // The seed refreshed once; the two at once refreshed once more. A second refresh with the burnt
      // token would have been refused (-14014) and failed one of them.
      expect(providers.zns.refreshes - before).toBe(2);
    } finally {
      for (const store of stores) await store.close();
      await target?.drop();
    }
  });

  it('a message waiting through the night is withdrawn, not sent, when its alert ended before morning', async () => {
    const store = await openStore({ dataDir: 'memory://' });
    const notifier = createNotifier((await import('@ocop-monitor/notify')).notifyConfigSchema.parse(notifyConfig()));
    try {
      const facts = {
        type: 'zero_sales',
        productName: 'Nước mắm Cửa Việt',
        producerName: 'HTX Cửa Việt',
        marketplace: 'voso',
        listingUrl: 'https://voso.vn/nuoc-mam-p1.html',
        evidence: {},
        openedAt: '2026-03-01T00:00:00.000Z',
      };
      for (const [phone, ended] of [
        ['+84912000111', true],
        ['+84912000121', false],
      ] as const) {
        const { listingId } = await seedListing(store.db, { channels: ['zalo'], zaloPhone: phone });
        const alertId = await seedAlert(store.db, listingId, {
          type: 'zero_sales',
          state: 'open',
          openedAt: new Date('2026-02-27T15:00:00Z'), // released automatically 48 h later: due
        });
        if (ended)
          await store.db.execute(
            sql`update alerts set state = 'resolved', resolved_at = '2026-03-01T22:00:00Z' where id = ${alertId}`,
          );
        await store.db.execute(sql`insert into notifications (key, kind, alert_id, recipient, channel, template_version, payload, state, not_before)
          values (${`night:${phone}`}, 'alert', ${alertId}, ${phone}, 'zns', 'v1',
                  ${JSON.stringify({ facts: { ...facts, alertId }, fallbacks: [] })}::jsonb, 'deferred', '2026-03-01T23:00:00Z')`);
      }
      // The listing sold again in the night: its alert resolved before 06:00. Only the other goes.
      const morning = await notifier.deliver(store.db, () => new Date('2026-03-01T23:00:00Z'));
      expect(morning).toMatchObject({ sent: 1, withdrawn: 1 });
      const [withdrawn] = await listOutbox(store.db, { state: 'withdrawn' });
      expect(withdrawn?.key).toBe('night:+84912000111');
      expect(withdrawn?.lastError).toMatch(/alert ended/u);
    } finally {
      await notifier.close();
      await store.close();
    }
  });

  it('quiet hours: a ZNS message due at 23:00 waits until 06:00 (Asia/Ho_Chi_Minh), then goes', async () => {
    const store = await openStore({ dataDir: 'memory://' });
    const notifier = createNotifier((await import('@ocop-monitor/notify')).notifyConfigSchema.parse(notifyConfig()));
    try {
      const facts = {
        alertId: 1,
        type: 'out_of_stock',
        productName: 'Nước mắm Cửa Việt',
        producerName: 'HTX Cửa Việt',
        marketplace: 'voso',
        listingUrl: 'https://voso.vn/nuoc-mam-p1.html',
        evidence: {},
        openedAt: '2026-03-01T00:00:00.000Z',
      };
      await store.db.execute(sql`insert into notifications (key, kind, recipient, channel, template_version, payload, state, not_before)
        values ('quiet', 'test', '+84912000111', 'zns', 'v1', ${JSON.stringify({ facts, fallbacks: [] })}::jsonb, 'pending', '2026-03-01T15:00:00Z')`);
      const night = new Date('2026-03-01T16:00:00Z'); // 23:00 local
      const atNight = await notifier.deliver(store.db, () => night);
      expect(atNight).toMatchObject({ deferred: 1, sent: 0 });
      const [deferred] = await listOutbox(store.db, { state: 'deferred' });
      expect(new Date(deferred?.notBefore ?? '')).toEqual(new Date('2026-03-01T23:00:00Z')); // 06:00 local
      expect(await notifier.deliver(store.db, () => new Date('2026-03-01T22:59:00Z'))).toMatchObject({ sent: 0 });
      const morning = await notifier.deliver(store.db, () => new Date('2026-03-01T23:00:00Z'));
      expect(morning).toMatchObject({ sent: 1 });
    } finally {
      await notifier.close();
      await store.close();
    }
  });
});
