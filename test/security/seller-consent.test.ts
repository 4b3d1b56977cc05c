import { createShopeeSellerSource } from '@ocop-monitor/adapters';
import { openTokens, queryRows } from '@ocop-monitor/monitor';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DashboardClient } from '../dashboard-client.ts';
import {
  authoriseOnShopee,
  type ConsentWorld,
  consentWorld,
  invitationLink,
  onServer,
  PUBLIC_URL,
  seedShopeeProduct,
} from '../seller-consent-world.ts';
import { servedStore } from './dashboard-on-store.ts';

let world: ConsentWorld;
let staff: DashboardClient;
// Every page and API answer the tests read, and everything the server wrote to its log.
const seen: string[] = [];
const logged: string[] = [];

beforeAll(async () => {
  world = await consentWorld();
  staff = new DashboardClient(world.served.base);
  await staff.login('admin');
  const write = process.stderr.write.bind(process.stderr);
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
    logged.push(String(chunk));
    return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
  });
});
afterAll(async () => {
  vi.restoreAllMocks();
  await world?.close();
});

async function call(client: DashboardClient, method: string, path: string, form?: Record<string, string>) {
  const answer = await client.call(method, path, form);
  seen.push(answer.body, JSON.stringify(answer.headers));
  return answer;
}

/** A product on Shopee in `shopId`, invited by e-mail from its page: the consent's id and its link's token. */
async function invited(shopId: string, itemId: number) {
  const db = world.served.store.db;
  const productId = await seedShopeeProduct(db, shopId, itemId);
  const page = await call(staff, 'GET', `/products/${productId}`);
  const listing = /name="listing" value="(\d+)"/u.exec(page.body)?.[1] ?? '';
  await call(staff, 'POST', `/products/${productId}/consent`, { _csrf: staff.csrf, listing, channel: 'email' });
  const [row] = await queryRows<{ id: number }>(
    db,
    sql`select max(id) as id from seller_consents where shop_id = ${shopId}`,
  );
  const consentId = Number(row?.id);
  const token = (await invitationLink(db, consentId)).split('/').at(-1) ?? '';
  return { productId, consentId, token };
}

/** The producer presses "Đồng ý" and authorises `asShop` on the marketplace: the callback's path on this server. */
async function callbackFor(token: string, asShop: string) {
  const producer = new DashboardClient(world.served.base);
  // Not among the pages read: this redirect carries the state to the marketplace, which is its purpose.
  const agree = await producer.call('POST', `/dong-y/${token}`, { action: 'consent' });
  const back = await authoriseOnShopee(String(agree.headers.location), asShop);
  return onServer(world.served, back).slice(world.served.base.length);
}

const consentRow = async (id: number) =>
  (
    await queryRows<{ state: string; tokens: string | null; ended_why: string | null }>(
      world.served.store.db,
      sql`select state, tokens, ended_why from seller_consents where id = ${id}`,
    )
  )[0];

describe('the OAuth callback believes only a state it issued, once, for the shop it invited', () => {
  it('a made-up state is refused in words and nothing is stored', async () => {
    const { consentId } = await invited('50123', 3);
    const producer = new DashboardClient(world.served.base);
    const answer = await call(
      producer,
      'GET',
      '/ket-noi-san/shopee/callback?state=made-up-state&code=abc&shop_id=50123',
    );
    expect(answer.status).toBe(400);
    expect(answer.body).toContain('Lần xác nhận này không còn dùng được');
    expect(answer.body).not.toMatch(/ConsentError|\bat \w+ \(/u);
    expect(await consentRow(consentId)).toEqual({ state: 'invited', tokens: null, ended_why: null });
  });

  it('a state issued for one shop, brought back by another shop, is refused; the invited shop is not authorised', async () => {
    const { consentId, token } = await invited('50123', 4);
    const path = await callbackFor(token, '60001');
    const answer = await call(new DashboardClient(world.served.base), 'GET', path);
    expect(answer.status).toBe(400);
    expect(answer.body).toContain('shop vừa xác nhận không phải shop được mời');
    expect(await consentRow(consentId)).toEqual({ state: 'invited', tokens: null, ended_why: null });
  });

  it('a replayed callback (the same state and code again) is refused; the first one stands', async () => {
    const { consentId, token } = await invited('50123', 5);
    const path = await callbackFor(token, '50123');
    const producer = new DashboardClient(world.served.base);
    expect((await call(producer, 'GET', path)).status).toBe(303);
    const sealed = (await consentRow(consentId))?.tokens;
    const replay = await call(producer, 'GET', path);
    expect(replay.status).toBe(400);
    expect(await consentRow(consentId)).toEqual({ state: 'active', tokens: sealed, ended_why: null });
  });
});

describe("a producer's link reaches its own consent only", () => {
  it("withdrawing by one shop's link leaves another shop's consent active; a made-up link changes nothing", async () => {
    const a = await invited('50123', 6);
    const b = await invited('60001', 7);
    for (const [consent, shop] of [
      [a, '50123'],
      [b, '60001'],
    ] as const)
      await call(new DashboardClient(world.served.base), 'GET', await callbackFor(consent.token, shop));
    expect((await consentRow(b.consentId))?.state).toBe('active');

    const stranger = new DashboardClient(world.served.base);
    const madeUp = await call(stranger, 'POST', `/dong-y/${'x'.repeat(43)}`, { action: 'withdraw' });
    expect(madeUp.status).toBe(404);
    expect(madeUp.body).toContain('Liên kết này không đúng hoặc không còn dùng được.');
    expect((await consentRow(b.consentId))?.state).toBe('active');

    const withdrawn = await call(stranger, 'POST', `/dong-y/${a.token}`, { action: 'withdraw' });
    expect(withdrawn.body).toContain('Đã rút lại.');
    expect(await consentRow(a.consentId)).toMatchObject({ state: 'ended', ended_why: 'withdrawn', tokens: null });
    expect((await consentRow(b.consentId))?.state).toBe('active');
  });
});

describe('staff roles', () => {
  it('a viewer can neither send a link nor revoke a consent; without a session or the CSRF token nothing happens either', async () => {
    const { productId, consentId, token } = await invited('60001', 8);
    await call(new DashboardClient(world.served.base), 'GET', await callbackFor(token, '60001'));
    const db = world.served.store.db;
    const count = async () =>
      (await queryRows<{ n: number }>(db, sql`select count(*)::int as n from notifications`))[0]?.n;
    const before = await count();
    const listing = (
      await queryRows<{ id: number }>(db, sql`select id from listings where product_id = ${productId}`)
    )[0]?.id;

    const viewer = new DashboardClient(world.served.base);
    await viewer.login('viewer');
    await call(viewer, 'GET', '/');
    const send = await call(viewer, 'POST', `/products/${productId}/consent`, {
      _csrf: viewer.csrf,
      listing: String(listing),
      channel: 'email',
    });
    expect(send.status).toBe(403);
    const revoke = await call(viewer, 'POST', `/products/${productId}/consent/${consentId}/revoke`, {
      _csrf: viewer.csrf,
    });
    expect(revoke.status).toBe(403);

    const anonymous = new DashboardClient(world.served.base);
    expect((await call(anonymous, 'POST', `/products/${productId}/consent/${consentId}/revoke`, {})).status).toBe(302);
    expect(
      (await call(staff, 'POST', `/products/${productId}/consent/${consentId}/revoke`, { _csrf: 'wrong' })).status,
    ).toBe(403);
    // A consent revoked from another product's page is refused: the id must be one of this product's shops.
    const other = await seedShopeeProduct(db, '50123', 99);
    expect(
      (await call(staff, 'POST', `/products/${other}/consent/${consentId}/revoke`, { _csrf: staff.csrf })).status,
    ).toBe(404);

    expect(await count()).toBe(before);
    expect((await consentRow(consentId))?.state).toBe('active');
  });
});

describe('secrets', () => {
  it("the shops' tokens, the authorisation state and code never reach a page, an API answer or the log; invitation tokens never a staff page", async () => {
    const { productId, consentId, token } = await invited('50123', 10);
    const path = await callbackFor(token, '50123');
    const callback = new URL(path, 'http://x');
    await call(new DashboardClient(world.served.base), 'GET', path);
    for (const page of [`/products/${productId}`, '/outbox', '/api/outbox', `/api/products/${productId}`, '/'])
      await call(staff, 'GET', page);
    await call(new DashboardClient(world.served.base), 'GET', `/dong-y/${token}`);
    await call(new DashboardClient(world.served.base), 'GET', '/ket-noi-san/shopee/cam-on');

    const sealed = (await consentRow(consentId))?.tokens ?? '';
    const tokens = openTokens(sealed, '50123', world.key);
    const secrets = [
      tokens.accessToken,
      tokens.refreshToken,
      callback.searchParams.get('state') ?? '',
      callback.searchParams.get('code') ?? '',
    ];
    expect(secrets.every((secret) => secret.length >= 8)).toBe(true);
    const everything = [...seen, ...logged].join('\n');
    for (const secret of secrets) expect(everything).not.toContain(secret);
    // The invitation's token: only in the producer's own address, never in a staff page or answer.
    const staffAnswers = seen.filter(
      (body) => body.includes('Đăng xuất') || body.startsWith('[') || body.startsWith('{"product'),
    );
    expect(staffAnswers.length).toBeGreaterThan(3);
    for (const body of staffAnswers) expect(body).not.toContain(token);
    expect(logged.join('\n')).not.toContain(token);
  });

  it('a server fault on a producer page is a page in words, and its log line names no token', async () => {
    // The platform's authorisation link cannot be made (a fault of the server, not of the link).
    const source = createShopeeSellerSource({
      partnerId: 2_001_234,
      partnerKey: 'sandbox-partner-key-0123456789abcdef',
      baseUrl: world.platform.url,
    });
    const broken = await servedStore({
      sellers: {
        sources: [
          {
            ...source,
            authorizationUrl: () => {
              throw new Error('the partner key file could not be read');
            },
          },
        ],
        key: world.key,
        publicUrl: PUBLIC_URL,
        channels: ['email'],
      },
    });
    try {
      const productId = await seedShopeeProduct(broken.store.db, '50123', 11);
      const admin = new DashboardClient(broken.base);
      await admin.login('admin');
      const page = await admin.call('GET', `/products/${productId}`);
      const listing = /name="listing" value="(\d+)"/u.exec(page.body)?.[1] ?? '';
      await admin.call('POST', `/products/${productId}/consent`, { _csrf: admin.csrf, listing, channel: 'email' });
      const [row] = await queryRows<{ id: number }>(broken.store.db, sql`select max(id) as id from seller_consents`);
      const link = await invitationLink(broken.store.db, Number(row?.id));
      const brokenToken = link.split('/').at(-1) ?? '';
      const from = logged.length;
      const answer = await new DashboardClient(broken.base).call('POST', `/dong-y/${brokenToken}`, {
        action: 'consent',
      });
      expect(answer.status).toBe(500);
      expect(answer.body).toContain('Máy chủ gặp lỗi');
      expect(answer.body).not.toContain('partner key file');
      const lines = logged.slice(from).join('\n');
      expect(lines).toContain('POST /dong-y/[token]');
      expect(lines).not.toContain(brokenToken);
    } finally {
      await broken.close();
    }
  });
});

describe('guessing links', () => {
  it('a burst of made-up links from one address is slowed (429), answered as a page in words', async () => {
    const guesser = new DashboardClient(world.served.base);
    const answers = [];
    for (let i = 0; i < 32; i += 1) answers.push(await guesser.call('GET', `/dong-y/${String(i).padStart(43, 'g')}`));
    expect(answers.slice(0, 5).every((a) => a.status === 404)).toBe(true);
    const slowed = answers.at(-1);
    expect(slowed?.status).toBe(429);
    expect(slowed?.headers['content-type']).toContain('text/html');
    expect(slowed?.body).toContain('<html lang="vi">');
  });
});
