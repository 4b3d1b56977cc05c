import { addUser, createDashboard } from '@ocop-monitor/dashboard';
import { alertFinding, openStore, reviewAlert, type Store } from '@ocop-monitor/monitor';
import { listOutbox, notifyConfigSchema, planNotifications } from '@ocop-monitor/notify';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ledger, runAtOfDay } from '../packages/monitor/src/runs/test-ledger.ts';
import { DashboardClient, DEFAULT_PASSWORD } from './dashboard-client.ts';

let store: Store;
beforeAll(async () => {
  store = await openStore({ dataDir: 'memory://' });
});
afterAll(() => store?.close());

const onSale = { verdict: 'active' } as const;

describe("an item the producer hid themself (the seller's own record: seller_hidden)", () => {
  it('is delisted and shown to staff in words, reaches the department’s webhook, and no message goes to the producer — unlike an item the seller deleted', async () => {
    const ledger = new Ledger(store.db);
    const [hidden = 0, deleted = 0, ...others] = await ledger.link(6);
    await ledger.day(1, {
      [hidden]: {
        verdict: 'delisted',
        provenance: 'authoritative',
        rule: 'shopee-seller.item.UNLIST',
        reason: 'seller_hidden',
      },
      [deleted]: {
        verdict: 'delisted',
        provenance: 'authoritative',
        rule: 'shopee-seller.item.SELLER_DELETE',
        reason: 'marketplace_state',
      },
      ...Object.fromEntries(others.map((id) => [id, onSale])),
    });
    expect([await ledger.state(hidden), await ledger.state(deleted)]).toEqual(['delisted', 'delisted']);
    const [hiddenAlert] = await ledger.alertsOf('listing_delisted', hidden);
    const [deletedAlert] = await ledger.alertsOf('listing_delisted', deleted);
    if (!hiddenAlert || !deletedAlert) throw new Error('both removals should raise an alert');
    expect(hiddenAlert.evidence).toMatchObject({ removalReason: 'seller_hidden' });
    // Staff read what happened, and that the producer is not messaged about it.
    expect(alertFinding(hiddenAlert, 'Shopee', 'vi')).toBe(
      'Chính người bán đã ẩn sản phẩm trên Shopee (theo dữ liệu của shop): không nhắn cho chủ thể',
    );
    expect(alertFinding(deletedAlert, 'Shopee', 'vi')).toBe(
      'Người bán đã xoá sản phẩm trên Shopee (theo dữ liệu của shop)',
    );

    // On the alert page: what the seller's record said, why one reading is enough, and no message previewed.
    const app = await createDashboard({
      db: store.db,
      freshnessHours: 48,
      confirmAfterHours: 6,
      countedMarketplaces: ['voso'],
      secureCookies: false,
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      await addUser(store.db, { username: 'lan', displayName: 'Lan', password: DEFAULT_PASSWORD, role: 'reviewer' });
      const reviewer = new DashboardClient(`http://127.0.0.1:${(app.server.address() as { port: number }).port}`);
      await reviewer.login('lan');
      const words = (await reviewer.call('GET', `/alerts/${hiddenAlert.id}`)).body.replace(/<[^>]+>/gu, ' ');
      expect(words).toContain(
        'Chính người bán đã ẩn sản phẩm trên voso.vn (theo dữ liệu của shop): không nhắn cho chủ thể',
      );
      expect(words).toContain('Đây là hồ sơ của chính người bán trên voso.vn, đọc với sự đồng ý của chủ thể');
      // The advice does not promise the producer a message they will not get.
      expect(words).toContain(
        'Chính chủ thể đã ẩn sản phẩm trên gian hàng của mình, nên hệ thống không nhắn cho chủ thể',
      );
      expect(words).not.toContain('chủ thể nhận tin và được hướng dẫn đăng lại');
      expect(words).not.toContain('Tin chủ thể sẽ nhận');
      // The deleted item's producer will be told: its page previews the message.
      expect((await reviewer.call('GET', `/alerts/${deletedAlert.id}`)).body).toContain('Tin chủ thể sẽ nhận');
    } finally {
      await app.close();
    }

    // The producer agreed to e-mail; a reviewer confirms both removals.
    await store.db.execute(sql`update producers set email = 'htx@example.vn', channels = '{email}'::text[]`);
    const now = new Date(runAtOfDay(1).getTime() + 3_600_000);
    for (const alert of [hiddenAlert, deletedAlert])
      await reviewAlert(store.db, { id: alert.id, action: 'confirm', by: 'lan', now, confirmAfterHours: 6 });
    const config = notifyConfigSchema.parse({
      enabled: true,
      email: { host: '127.0.0.1', from: 'so@example.vn' },
      webhooks: [{ name: 'so', url: 'https://so.example.vn/hook', secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' }],
    });
    await planNotifications(store.db, config, now, new Set(['email', 'webhook']));
    const outbox = await listOutbox(store.db);
    const about = (alertId: number) =>
      outbox
        .filter((entry) => entry.alertId === alertId)
        .map((entry) => entry.channel)
        .sort();
    expect(about(hiddenAlert.id)).toEqual(['webhook']);
    expect(about(deletedAlert.id)).toEqual(['email', 'webhook']);
  });
});
