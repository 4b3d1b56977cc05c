import { queryRows, sellerTokensFor } from '@ocop-monitor/monitor';
import { deliverDue, notifyConfigSchema, planDigest } from '@ocop-monitor/notify';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DashboardClient } from './dashboard-client.ts';
import {
  authoriseOnShopee,
  type ConsentWorld,
  consentWorld,
  invitationLink,
  onServer,
  PUBLIC_URL,
  seedShopeeProduct,
} from './seller-consent-world.ts';

let world: ConsentWorld;
beforeAll(async () => {
  world = await consentWorld();
});
afterAll(() => world?.close());

const text = (html: string) =>
  html
    .replace(/<[^>]+>/gu, ' ')
    .replace(/&#39;/gu, "'")
    .replace(/\s+/gu, ' ');

describe('consent as staff and the producer live it', () => {
  it('staff send the link by e-mail from the product page; the producer reads what is read, agrees on Shopee, is thanked; staff see it active, then revoke it', async () => {
    const { served } = world;
    const db = served.store.db;
    const productId = await seedShopeeProduct(db, '50123', 3);
    const reviewer = new DashboardClient(served.base);
    await reviewer.login('reviewer');

    const before = await reviewer.call('GET', `/products/${productId}`);
    expect(text(before.body)).toContain('Chưa mời chủ thể đồng ý: tin đăng được kiểm tra bằng trang sản phẩm.');
    // The producer's agreed channels with their addresses, from the registry.
    expect(before.body).toContain('E-mail — htx50123@example.vn');
    expect(before.body).toContain('SMS — +84912345678');
    const listing = /name="listing" value="(\d+)"/u.exec(before.body)?.[1] ?? '';

    const sent = await reviewer.call('POST', `/products/${productId}/consent`, {
      _csrf: reviewer.csrf,
      listing,
      channel: 'email',
    });
    expect([sent.status, sent.headers.location]).toEqual([303, `/products/${productId}?consent=sent#dong-y`]);
    const [consent] = await queryRows<{ id: number; invited_by: string }>(
      db,
      sql`select id, invited_by from seller_consents where shop_id = '50123'`,
    );
    expect(consent?.invited_by).toBe('reviewer');
    const link = await invitationLink(db, Number(consent?.id));
    expect(link.startsWith(`${PUBLIC_URL}/dong-y/`)).toBe(true);
    const token = link.split('/').at(-1) ?? '';

    // In the outbox, with the producer and the subject — and the token nowhere but in the message.
    const outbox = await reviewer.call('GET', '/outbox');
    expect(text(outbox.body)).toContain('Sở Công Thương xin phép đọc tình trạng sản phẩm của shop trên Shopee');
    expect(outbox.body).toContain('htx50123@example.vn');
    // Shopee's record has exact sales: the invitation says they are read.
    const [message] = await queryRows<{ text: string }>(
      db,
      sql`select payload->>'text' as text from notifications where kind = 'seller_consent'`,
    );
    expect(message?.text).toContain(
      'chỉ trạng thái sản phẩm, tồn kho và số lượng đã bán — không đọc thông tin người mua',
    );
    const [row] = await queryRows<{ key: string; state: string; kind: string }>(
      db,
      sql`select key, state, kind from notifications where kind = 'seller_consent'`,
    );
    expect(row).toEqual({ key: `seller-consent:${consent?.id}:email`, state: 'pending', kind: 'seller_consent' });
    const invited = await reviewer.call('GET', `/products/${productId}?consent=sent`);
    expect(text(invited.body)).toContain('Đã đưa tin mời vào hộp thư đi.');
    expect(text(invited.body)).toMatch(/Đã gửi lời mời ngày \d\d\/\d\d\/\d{4}, chủ thể chưa đồng ý/u);
    expect(text(invited.body)).toContain('Tin mời qua E-mail (htx50123@example.vn): chờ gửi');
    for (const answer of [outbox, invited]) expect(answer.body).not.toContain(token);

    // The producer, on a phone, without logging in.
    const producer = new DashboardClient(served.base);
    const opened = await producer.call('GET', onServer(served, link).slice(served.base.length));
    expect(opened.status).toBe(200);
    expect(opened.headers['cache-control']).toBe('no-store');
    expect(opened.headers['referrer-policy']).toBe('no-referrer');
    // "Đồng ý" is sent on to Shopee's own page: the page's form-action lets it go there, and nowhere else.
    expect(opened.headers['content-security-policy']).toContain(`form-action 'self' ${world.platform.url};`);
    const words = text(opened.body);
    expect(words).toContain('Trạng thái từng sản phẩm của shop trên Shopee');
    expect(words).toContain('Số lượng còn trong kho.');
    expect(words).toContain('Số lượng đã bán.');
    expect(words).toContain('Không bao giờ đọc thông tin người mua');
    expect(words).toContain('Rút lại khi nào cũng được');
    expect(opened.body).toContain('name="viewport" content="width=device-width, initial-scale=1"');
    // The page posts to its own address: the token is written nowhere in it.
    expect(opened.body).not.toContain(token);

    const agree = await producer.call('POST', `/dong-y/${token}`, { action: 'consent' });
    expect(agree.status).toBe(303);
    const authorise = String(agree.headers.location);
    expect(authorise.startsWith(`${world.platform.url}/api/v2/shop/auth_partner?`)).toBe(true);
    expect(new URL(authorise).searchParams.get('redirect')).toMatch(
      new RegExp(`^${PUBLIC_URL}/ket-noi-san/shopee/callback\\?state=`, 'u'),
    );
    const callback = await authoriseOnShopee(authorise, '50123');
    const back = await producer.call('GET', onServer(served, callback).slice(served.base.length));
    expect([back.status, back.headers.location]).toEqual([303, '/ket-noi-san/shopee/cam-on']);
    const thanks = await producer.call('GET', '/ket-noi-san/shopee/cam-on');
    expect(text(thanks.body)).toContain('Cảm ơn anh/chị. Shopee đã xác nhận');

    const active = await reviewer.call('GET', `/products/${productId}`);
    expect(text(active.body)).toMatch(
      /Đang đọc dữ liệu của chính người bán trên Shopee từ ngày \d\d\/\d\d\/\d{4} \(trạng thái, tồn kho, số đã bán\)/u,
    );
    // The producer's link now shows since when, and the way to withdraw.
    const again = await producer.call('GET', `/dong-y/${token}`);
    expect(text(again.body)).toMatch(/Anh\/chị đã đồng ý .* từ ngày \d\d\/\d\d\/\d{4}/u);
    expect(again.body).toContain('Rút lại sự đồng ý');

    // A viewer reads where the consent stands, without the forms nor the producer's addresses.
    const viewer = new DashboardClient(served.base);
    await viewer.login('viewer');
    const seen = await viewer.call('GET', `/products/${productId}`);
    expect(text(seen.body)).toContain('Đang đọc dữ liệu của chính người bán trên Shopee');
    expect(seen.body).not.toContain('Thu hồi sự đồng ý');
    expect(seen.body).not.toContain('Gửi lời mời');
    expect(seen.body).not.toContain('htx50123@example.vn');

    const revokeForm = /action="(\/products\/\d+\/consent\/\d+\/revoke)"/u.exec(active.body)?.[1] ?? '';
    const revoked = await reviewer.call('POST', revokeForm, { _csrf: reviewer.csrf });
    expect(revoked.status).toBe(303);
    const after = await reviewer.call('GET', `/products/${productId}?consent=revoked`);
    expect(text(after.body)).toMatch(
      /Đã kết thúc ngày \d\d\/\d\d\/\d{4} \(cán bộ Sở đã thu hồi\): tin đăng được kiểm tra lại bằng trang sản phẩm như trước/u,
    );
    // Today tells staff in words, with the product to open.
    const today = await reviewer.call('GET', '/');
    expect(text(today.body)).toContain('Dữ liệu từ người bán đã dừng');
    expect(text(today.body)).toMatch(/HTX Cửa Hội 50123 \(Shopee\): Đã kết thúc ngày .* \(cán bộ Sở đã thu hồi\)/u);
    expect(today.body).toContain(`href="/products/${productId}#dong-y"`);
    // And so does the department's digest.
    await planDigest(
      db,
      notifyConfigSchema.parse({ department: [{ name: 'Lan', email: 'lan@soct.example.vn' }] }),
      new Date(),
    );
    const [digest] = await queryRows<{ text: string }>(
      db,
      sql`select payload->>'text' as text from notifications where kind = 'digest'`,
    );
    expect(digest?.text).toMatch(
      /Dữ liệu từ người bán đã dừng \/ seller records no longer read\n {2}- HTX Cửa Hội 50123 \(Shopee\): Đã kết thúc ngày \d\d\/\d\d\/\d{4} \(cán bộ Sở đã thu hồi\)/u,
    );
    const [ended] = await queryRows<{ state: string; ended_by: string; tokens: string | null }>(
      db,
      sql`select state, ended_by, tokens from seller_consents where id = ${consent?.id}`,
    );
    expect(ended).toEqual({ state: 'ended', ended_by: 'reviewer', tokens: null });
    // The producer's link now says the department stopped, and cannot start again.
    const stopped = await producer.call('GET', `/dong-y/${token}`);
    expect(stopped.status).toBe(410);
    expect(text(stopped.body)).toContain('Sở Công Thương đã dừng việc đọc dữ liệu shop theo liên kết này.');
    expect((await producer.call('POST', `/dong-y/${token}`, { action: 'consent' })).status).toBe(410);
  });

  it('a token Shopee no longer renews ends the consent: staff read it on the product page and on Today, the listing goes back to its page', async () => {
    const { served } = world;
    const db = served.store.db;
    const productId = await seedShopeeProduct(db, '50123', 21);
    const admin = new DashboardClient(served.base);
    await admin.login('admin');
    const page = await admin.call('GET', `/products/${productId}`);
    const listing = /name="listing" value="(\d+)"/u.exec(page.body)?.[1] ?? '';
    await admin.call('POST', `/products/${productId}/consent`, { _csrf: admin.csrf, listing, channel: 'email' });
    const [row] = await queryRows<{ id: number }>(db, sql`select max(id) as id from seller_consents`);
    const token = (await invitationLink(db, Number(row?.id))).split('/').at(-1) ?? '';
    const producer = new DashboardClient(served.base);
    const agree = await producer.call('POST', `/dong-y/${token}`, { action: 'consent' });
    const back = await authoriseOnShopee(String(agree.headers.location), '50123');
    expect((await producer.call('GET', onServer(served, back).slice(served.base.length))).status).toBe(303);

    // The shop's refresh token is spent elsewhere; near the end of the access token, the refresh is refused.
    const now = new Date();
    const current = await sellerTokensFor(db, { source: world.source, shopId: '50123', key: world.key, now });
    if (!current) throw new Error('the consent should be active');
    await world.source.refreshTokens(current, now);
    world.platformAhead.ms = 4 * 3_600_000 - 10 * 60_000;
    try {
      const later = new Date(Date.now() + world.platformAhead.ms);
      expect(
        await sellerTokensFor(db, { source: world.source, shopId: '50123', key: world.key, now: later }),
      ).toBeNull();
    } finally {
      world.platformAhead.ms = 0;
    }
    const shown = text((await admin.call('GET', `/products/${productId}`)).body);
    expect(shown).toMatch(
      /Đã kết thúc ngày \d\d\/\d\d\/\d{4} \(không gia hạn được quyền đọc \(chủ thể cần đồng ý lại\)\): tin đăng được kiểm tra lại bằng trang sản phẩm như trước/u,
    );
    const today = text((await admin.call('GET', '/')).body);
    expect(today).toMatch(/HTX Cửa Hội 50123 \(Shopee\): Đã kết thúc ngày [\d/]+ \(không gia hạn được quyền đọc/u);
    // The producer's link offers to agree again.
    expect(text((await producer.call('GET', `/dong-y/${token}`)).body)).toContain(
      'không gia hạn được quyền đọc trên Shopee',
    );
  });

  it('the producer declines or withdraws by the link; a revoked invitation still waiting is never sent; an expired link says so', async () => {
    const { served } = world;
    const db = served.store.db;
    const productId = await seedShopeeProduct(db, '60001', 9);
    const admin = new DashboardClient(served.base);
    await admin.login('admin');
    const page = await admin.call('GET', `/products/${productId}`);
    const listing = /name="listing" value="(\d+)"/u.exec(page.body)?.[1] ?? '';
    const invite = async () => {
      await admin.call('POST', `/products/${productId}/consent`, { _csrf: admin.csrf, listing, channel: 'sms' });
      const [latest] = await queryRows<{ id: number }>(
        db,
        sql`select max(id) as id from seller_consents where shop_id = '60001'`,
      );
      return { id: Number(latest?.id), token: (await invitationLink(db, Number(latest?.id))).split('/').at(-1) ?? '' };
    };

    const first = await invite();
    const producer = new DashboardClient(served.base);
    const declined = await producer.call('POST', `/dong-y/${first.token}`, { action: 'withdraw' });
    expect(text(declined.body)).toContain('Đã rút lại.');
    const shown = await admin.call('GET', `/products/${productId}`);
    expect(text(shown.body)).toContain('chủ thể đã rút lại sự đồng ý');
    // Declining an invitation changed nothing that was read: Today does not list it.
    expect(text((await admin.call('GET', '/')).body)).not.toContain('HTX Cửa Hội 60001 (Shopee)');

    // Staff revoke an invitation whose message still waits (quiet hours, retries): it never goes out.
    const waiting = await invite();
    const revokeForm = /action="(\/products\/\d+\/consent\/\d+\/revoke)"/u.exec(
      (await admin.call('GET', `/products/${productId}`)).body,
    )?.[1];
    expect(revokeForm).toBe(`/products/${productId}/consent/${waiting.id}/revoke`);
    await admin.call('POST', revokeForm ?? '', { _csrf: admin.csrf });
    await deliverDue(db, new Map(), notifyConfigSchema.parse({ enabled: true }));
    const [held] = await queryRows<{ state: string; last_error: string }>(
      db,
      sql`select state, last_error from notifications where key = ${`seller-consent:${waiting.id}:sms`}`,
    );
    expect(held).toEqual({
      state: 'withdrawn',
      last_error: 'withdrawn before sending: the consent it invites to has ended',
    });

    // An invitation nobody answered in 30 days.
    const second = await invite();
    await db.execute(sql`update seller_consents set created_at = now() - interval '31 days' where id = ${second.id}`);
    const expired = await producer.call('GET', `/dong-y/${second.token}`);
    expect(expired.status).toBe(410);
    expect(text(expired.body)).toContain('Liên kết này đã hết hạn.');
    expect((await producer.call('POST', `/dong-y/${second.token}`, { action: 'consent' })).status).toBe(410);
    const staffSees = await admin.call('GET', `/products/${productId}`);
    expect(text(staffSees.body)).toMatch(/Lời mời gửi ngày \d\d\/\d\d\/\d{4} đã hết hạn mà chủ thể chưa đồng ý/u);
  });
});

describe('the way back from the marketplace fails: each failure in its own words, and the way to try again', () => {
  // The producer's link still works after these: they are told to open it again, not to ask for a new one.
  const openAgain = 'mở lại liên kết đã nhận (bắt đầu bằng /dong-y/) và bấm “Đồng ý”';

  it('cancelled on the marketplace (no code), the confirmation used in another tab, the platform down', async () => {
    const own = await consentWorld();
    let platformClosed = false;
    try {
      const { served } = own;
      const db = served.store.db;
      const productId = await seedShopeeProduct(db, '50123', 31);
      const admin = new DashboardClient(served.base);
      await admin.login('admin');
      const page = await admin.call('GET', `/products/${productId}`);
      const listing = /name="listing" value="(\d+)"/u.exec(page.body)?.[1] ?? '';
      await admin.call('POST', `/products/${productId}/consent`, { _csrf: admin.csrf, listing, channel: 'email' });
      const [invited] = await queryRows<{ id: number }>(db, sql`select max(id) as id from seller_consents`);
      const token = (await invitationLink(db, Number(invited?.id))).split('/').at(-1) ?? '';
      const producer = new DashboardClient(served.base);

      // Cancelled on Shopee's page: sent back with a state and no code.
      const agree = await producer.call('POST', `/dong-y/${token}`, { action: 'consent' });
      const state = new URL(String(agree.headers.location)).searchParams.get('redirect') ?? '';
      expect(state).toContain('/ket-noi-san/shopee/callback?state=');
      const cancelled = await producer.call('GET', onServer(served, state).slice(served.base.length));
      expect(cancelled.status).toBe(400);
      expect(text(cancelled.body)).toContain('Anh/chị đã không xác nhận trên trang của sàn');
      expect(text(cancelled.body)).toContain(openAgain);

      // Agreed in one tab, and the same return opened in another: the second finds its confirmation used.
      const again = await producer.call('POST', `/dong-y/${token}`, { action: 'consent' });
      const back = await authoriseOnShopee(String(again.headers.location), '50123');
      const path = onServer(served, back).slice(served.base.length);
      expect((await producer.call('GET', path)).status).toBe(303);
      const secondTab = await producer.call('GET', path);
      expect(secondTab.status).toBe(400);
      expect(text(secondTab.body)).toContain('Lần xác nhận này không còn dùng được');
      expect(text(secondTab.body)).toContain(openAgain);
      expect(text(secondTab.body)).not.toContain('Nếu anh/chị muốn đồng ý, hãy liên hệ');

      // Withdrawn, then agreed again; the platform stops answering between "Đồng ý" and the way back.
      expect((await producer.call('POST', `/dong-y/${token}`, { action: 'withdraw' })).status).toBe(200);
      const third = await producer.call('POST', `/dong-y/${token}`, { action: 'consent' });
      const backAgain = await authoriseOnShopee(String(third.headers.location), '50123');
      await own.platform.close();
      platformClosed = true;
      const down = await producer.call('GET', onServer(served, backAgain).slice(served.base.length));
      expect(down.status).toBe(502);
      expect(text(down.body)).toContain('Sàn đang không trả lời');
      expect(text(down.body)).toContain(openAgain);
      expect(text(down.body)).not.toContain('sàn không chấp nhận');
    } finally {
      if (platformClosed) await own.served.close();
      else await own.close();
    }
  });
});
