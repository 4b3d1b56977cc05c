import { queryRows } from '@ocop-monitor/monitor';
import { sql } from 'drizzle-orm';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DashboardClient } from './dashboard-client.ts';
import {
  invitationLink,
  type LazadaConsentWorld,
  lazadaConsentWorld,
  onServer,
  seedLazadaProduct,
} from './seller-consent-world.ts';

let world: LazadaConsentWorld;
beforeAll(async () => {
  world = await lazadaConsentWorld();
});
afterAll(() => world?.close());

const text = (html: string) => html.replace(/<[^>]+>/gu, ' ').replace(/\s+/gu, ' ');

describe('a Lazada listing whose shop is not known, as staff and the producer live it', () => {
  it('staff invite without a shop; the callback names none; the consent completes, the listing gets its shop and the page shows it active', async () => {
    const { served, platform } = world;
    const db = served.store.db;
    const productId = await seedLazadaProduct(db, 3);
    const reviewer = new DashboardClient(served.base);
    await reviewer.login('reviewer');
    const before = await reviewer.call('GET', `/products/${productId}`);
    expect(text(before.body)).toContain('shop chưa rõ (sàn cho biết khi chủ thể đồng ý)');
    const listing = /name="listing" value="(\d+)"/u.exec(before.body)?.[1] ?? '';
    const sent = await reviewer.call('POST', `/products/${productId}/consent`, {
      _csrf: reviewer.csrf,
      listing,
      channel: 'email',
    });
    expect(sent.status).toBe(303);
    const [consent] = await queryRows<{ id: number; shop_id: string }>(
      db,
      sql`select id, shop_id from seller_consents`,
    );
    expect(consent?.shop_id).toBe('');
    const invited = await reviewer.call('GET', `/products/${productId}`);
    expect(text(invited.body)).toMatch(/Đã gửi lời mời ngày \d\d\/\d\d\/\d{4}, chủ thể chưa đồng ý/u);

    const link = await invitationLink(db, Number(consent?.id));
    const token = link.split('/').at(-1) ?? '';
    // Lazada's record has no sales count: the invitation promises status and stock only.
    const [message] = await queryRows<{ text: string; sms: string }>(
      db,
      sql`select payload->>'text' as text, payload->>'sms' as sms from notifications where kind = 'seller_consent'`,
    );
    expect(message?.text).toContain('chỉ trạng thái sản phẩm, tồn kho — không đọc thông tin người mua');
    expect(`${message?.text} ${message?.sms}`).not.toMatch(/đã bán/u);
    const producer = new DashboardClient(served.base);
    const agree = await producer.call('POST', `/dong-y/${token}`, { action: 'consent' });
    const authorise = String(agree.headers.location);
    expect(authorise.startsWith(`${platform.url}/oauth/authorize?`)).toBe(true);
    // On Lazada's page the producer presses "Đồng ý" for their seller account.
    const html = await (await request(authorise)).body.text();
    const press = /href="([^"]*seller_id=200123456[^"]*)"/u.exec(html)?.[1]?.replaceAll('&amp;', '&') ?? '';
    const back = await request(new URL(press, authorise).href);
    await back.body.dump();
    const callback = new URL(String(back.headers.location));
    expect(callback.searchParams.has('shop_id')).toBe(false);
    const done = await producer.call('GET', onServer(served, callback.href).slice(served.base.length));
    expect([done.status, done.headers.location]).toEqual([303, '/ket-noi-san/lazada/cam-on']);

    const [bound] = await queryRows<{ shop_id: string; state: string }>(
      db,
      sql`select shop_id, state from seller_consents where id = ${consent?.id}`,
    );
    expect(bound).toEqual({ shop_id: '200123456', state: 'active' });
    const [row] = await queryRows<{ shop_id: string | null }>(
      db,
      sql`select shop_id from listings where product_id = ${productId}`,
    );
    expect(row?.shop_id).toBe('200123456');
    const active = await reviewer.call('GET', `/products/${productId}`);
    expect(text(active.body)).toContain('shop 200123456');
    expect(text(active.body)).toMatch(
      /Đang đọc dữ liệu của chính người bán trên Lazada từ ngày \d\d\/\d\d\/\d{4} \(trạng thái, tồn kho\)/u,
    );
    // Lazada's record has no number sold: staff are not told it is read.
    expect(text(active.body)).not.toMatch(/tồn kho, số đã bán/u);
  });
});
