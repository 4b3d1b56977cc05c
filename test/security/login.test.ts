import { createHash } from 'node:crypto';
import { addUser, createDashboard } from '@ocop-monitor/dashboard';
import { queryRows } from '@ocop-monitor/monitor';
import { sql } from 'drizzle-orm';
import { Agent, request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { DashboardClient, DEFAULT_PASSWORD } from '../dashboard-client.ts';
import { type ServedStore, servedStore } from './dashboard-on-store.ts';

let served: ServedStore | undefined;
afterEach(async () => {
  await served?.close();
  served = undefined;
});

/** One login attempt, from `from` (a 127.0.0.x address of this machine): the status and the page. */
async function answer(
  base: string,
  username: string,
  password: string,
  from = '127.0.0.1',
): Promise<{ status: number; body: string; retryAfter: string | undefined }> {
  const dispatcher = new Agent({ localAddress: from });
  try {
    const response = await request(`${base}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username, password }).toString(),
      dispatcher,
    });
    const retryAfter = response.headers['retry-after'];
    return { status: response.statusCode, body: await response.body.text(), retryAfter: retryAfter?.toString() };
  } finally {
    await dispatcher.close();
  }
}
const attempt = async (base: string, username: string, password: string, from = '127.0.0.1') =>
  (await answer(base, username, password, from)).status;

/** `tries` wrong passwords for `username`, from addresses 127.0.2.x, each under its own limits. */
async function guessFromMany(base: string, username: string, tries = 30): Promise<void> {
  for (let i = 0; i < tries; i += 1)
    expect(await attempt(base, username, `guess-${i}-password`, `127.0.2.${1 + Math.floor(i / 9)}`)).toBe(401);
}

describe('the login limits', () => {
  it('key on the name as the lookup reads it: after 10 failures for "demo", "demo  ", " DEMO" and a decomposed spelling are refused too', async () => {
    served = await servedStore();
    await addUser(served.store.db, {
      username: 'demo',
      displayName: 'Demo',
      password: DEFAULT_PASSWORD,
      role: 'viewer',
    });
    for (let i = 0; i < 10; i += 1) expect(await attempt(served.base, 'demo', `wrong-${i}-password`)).toBe(401);
    for (const padded of ['demo  ', ' DEMO', 'Demo', 'demo'.normalize('NFD'), '\u00a0demo'.trim()])
      expect([padded, await attempt(served.base, padded, DEFAULT_PASSWORD)]).toEqual([padded, 429]);
    // Another account from the same address is not locked out by them.
    expect(await attempt(served.base, 'reviewer', DEFAULT_PASSWORD)).toBe(302);
  });

  it('count an account’s failures from every address: guessing from many addresses meets 429 too', {
    timeout: 90_000,
  }, async () => {
    served = await servedStore();
    // Thirty failures from four addresses, each under its own limit of ten a minute…
    for (const [from, tries] of [
      ['127.0.0.2', 9],
      ['127.0.0.3', 9],
      ['127.0.0.4', 9],
      ['127.0.0.5', 3],
    ] as const)
      for (let i = 0; i < tries; i += 1)
        expect(await attempt(served.base, 'admin', `guess-${from}-${i}`, from)).toBe(401);
    // …and the account refuses the next try from an address it never logged in from, even with its
    // password, for a while; other accounts are not touched.
    expect(await attempt(served.base, 'admin', DEFAULT_PASSWORD, '127.0.0.6')).toBe(429);
    expect(await attempt(served.base, 'reviewer', DEFAULT_PASSWORD, '127.0.0.6')).toBe(302);
  });

  it('remember the owner’s address across a restart: a new dashboard on the same store does not slow it, and keeps no address in the clear', {
    timeout: 90_000,
  }, async () => {
    served = await servedStore();
    expect(await attempt(served.base, 'admin', DEFAULT_PASSWORD, '127.0.0.8')).toBe(302);
    // The restart: this dashboard goes, another starts on the same store, with its counts empty.
    await served.app.close();
    const again = await createDashboard({
      db: served.store.db,
      freshnessHours: 48,
      confirmAfterHours: 6,
      countedMarketplaces: [],
      secureCookies: false,
    });
    await again.listen({ port: 0, host: '127.0.0.1' });
    try {
      const base = `http://127.0.0.1:${(again.server.address() as { port: number }).port}`;
      await guessFromMany(base, 'admin');
      expect(await attempt(base, 'admin', DEFAULT_PASSWORD, '127.0.2.9')).toBe(429);
      // The owner's desk was learnt before the restart: not slowed, a typo there changes nothing.
      expect(await attempt(base, 'admin', 'typo-in-the-password', '127.0.0.8')).toBe(401);
      expect(await attempt(base, 'admin', DEFAULT_PASSWORD, '127.0.0.8')).toBe(302);
      const stored = await queryRows<{ address_hash: string }>(
        served.store.db,
        sql`select address_hash from login_addresses`,
      );
      expect(stored).toHaveLength(1);
      expect(stored[0]?.address_hash).toMatch(/^[0-9a-f]{64}$/u);
      expect(JSON.stringify(stored)).not.toContain('127.0.0.8');
    } finally {
      again.server.closeAllConnections();
      await again.close();
    }
  });

  it('keep an account’s last 20 addresses only', { timeout: 90_000 }, async () => {
    served = await servedStore();
    for (let i = 1; i <= 22; i += 1)
      expect(await attempt(served.base, 'viewer', DEFAULT_PASSWORD, `127.0.4.${i}`)).toBe(302);
    const [kept] = await queryRows<{ n: number }>(served.store.db, sql`select count(*)::int as n from login_addresses`);
    expect(kept?.n).toBe(20);
    // The oldest address is forgotten, the newest kept: guessing slows the first, not the last.
    await guessFromMany(served.base, 'viewer');
    expect(await attempt(served.base, 'viewer', DEFAULT_PASSWORD, '127.0.4.1')).toBe(429);
    expect(await attempt(served.base, 'viewer', DEFAULT_PASSWORD, '127.0.4.22')).toBe(302);
  });

  it('never lock the owner out from an address the account logged in from before', { timeout: 90_000 }, async () => {
    served = await servedStore();
    expect(await attempt(served.base, 'admin', DEFAULT_PASSWORD, '127.0.0.7')).toBe(302);
    await guessFromMany(served.base, 'admin');
    // The guesser's next try waits, with Retry-After; the owner at their usual desk logs in, and
    // mistyping there first changes nothing.
    const refused = await answer(served.base, 'admin', DEFAULT_PASSWORD, '127.0.2.9');
    expect(refused.status).toBe(429);
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    expect(refused.body).toContain('quá nhiều lần đăng nhập sai');
    expect(await attempt(served.base, 'admin', 'typo-in-the-password', '127.0.0.7')).toBe(401);
    expect(await attempt(served.base, 'admin', DEFAULT_PASSWORD, '127.0.0.7')).toBe(302);
  });

  it('answer an unknown name exactly like a known one: same status and page, wrong password or slowed', {
    timeout: 90_000,
  }, async () => {
    served = await servedStore();
    const known = await answer(served.base, 'reviewer', 'wrong-password-1', '127.0.3.1');
    const unknown = await answer(served.base, 'nobody-here', 'wrong-password-1', '127.0.3.1');
    expect([unknown.status, unknown.body]).toEqual([known.status, known.body]);
    expect(known.status).toBe(401);
    // 29 more each: the name's thirtieth failure, from addresses neither ever logged in from.
    await guessFromMany(served.base, 'reviewer', 29);
    await guessFromMany(served.base, 'nobody-here', 29);
    const slowedKnown = await answer(served.base, 'reviewer', DEFAULT_PASSWORD, '127.0.3.2');
    const slowedUnknown = await answer(served.base, 'nobody-here', DEFAULT_PASSWORD, '127.0.3.2');
    expect([slowedUnknown.status, slowedUnknown.body]).toEqual([slowedKnown.status, slowedKnown.body]);
    expect(slowedKnown.status).toBe(429);
  });

  it('cap one address across names: after 30 failures it waits for any name it never logged in with', {
    timeout: 90_000,
  }, async () => {
    served = await servedStore();
    expect(await attempt(served.base, 'viewer', DEFAULT_PASSWORD, '127.0.4.1')).toBe(302);
    for (let i = 0; i < 30; i += 1)
      expect(await attempt(served.base, `name-${i}`, 'wrong-password-1', '127.0.4.1')).toBe(401);
    // The 31st name waits — no Argon2 run spent on it — real account or not…
    expect(await attempt(served.base, 'name-30', 'wrong-password-1', '127.0.4.1')).toBe(429);
    expect(await attempt(served.base, 'reviewer', DEFAULT_PASSWORD, '127.0.4.1')).toBe(429);
    // …while the account that logged in from there before still does, and other addresses are not touched.
    expect(await attempt(served.base, 'viewer', DEFAULT_PASSWORD, '127.0.4.1')).toBe(302);
    expect(await attempt(served.base, 'reviewer', DEFAULT_PASSWORD, '127.0.4.2')).toBe(302);
  });

  it('an unknown name costs an Argon2 verify like a real one: the answer’s time does not tell which accounts exist', async () => {
    served = await servedStore();
    const base = served.base;
    const median = async (username: string) => {
      const times: number[] = [];
      for (let i = 0; i < 5; i += 1) {
        const started = performance.now();
        expect(await attempt(base, username, `wrong-${i}-password`, `127.0.1.${i + 1}`)).toBe(401);
        times.push(performance.now() - started);
      }
      return times.sort((a, b) => a - b)[2] ?? 0;
    };
    const known = await median('reviewer');
    const unknown = await median('nobody-here');
    // Without the dummy verify an unknown name answered in a fifth of the time or less.
    expect(unknown / known).toBeGreaterThan(0.5);
  });
});

describe('behind the reverse proxy (trustProxy)', () => {
  /** One login through the proxy for a browser at `browser`: the status. */
  const viaProxy = async (base: string, username: string, password: string, browser: string) => {
    const response = await request(`${base}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': browser },
      body: new URLSearchParams({ username, password }).toString(),
    });
    await response.body.dump();
    return response.statusCode;
  };

  it('the per-address cap is each browser’s, not the proxy’s: one guessing browser waits, the others log in', {
    timeout: 90_000,
  }, async () => {
    served = await servedStore({ trustProxy: '127.0.0.1' });
    for (let i = 0; i < 30; i += 1)
      expect(await viaProxy(served.base, `name-${i}`, 'wrong-password-1', '203.0.113.5')).toBe(401);
    expect(await viaProxy(served.base, 'reviewer', DEFAULT_PASSWORD, '203.0.113.5')).toBe(429);
    expect(await viaProxy(served.base, 'reviewer', DEFAULT_PASSWORD, '203.0.113.6')).toBe(302);
  });
});

describe('sessions', () => {
  it('a new login ends the browser’s older session, and sweeps expired sessions', async () => {
    served = await servedStore();
    const browser = new DashboardClient(served.base);
    await browser.login('reviewer');
    const first = browser.cookie;
    const [{ id: userId } = { id: 0 }] = await queryRows<{ id: number }>(
      served.store.db,
      sql`select id from users where username = 'viewer'`,
    );
    await served.store.db.execute(
      sql`insert into sessions (id, user_id, csrf_token, expires_at) values ('expired-one', ${userId}, 'x', now() - interval '1 day')`,
    );
    await browser.login('reviewer');
    expect(browser.cookie).not.toBe(first);
    const tokenOf = (cookie: string) =>
      createHash('sha256')
        .update(cookie.split('=')[1] ?? '')
        .digest('hex');
    const left = await queryRows<{ id: string }>(served.store.db, sql`select id from sessions order by id`);
    expect(left.map((s) => s.id)).toEqual([tokenOf(browser.cookie)]);
    // The older cookie opens nothing.
    const stale = new DashboardClient(served.base);
    stale.cookie = first;
    expect((await stale.call('GET', '/api/alerts')).status).toBe(401);
  });

  it('every answer to a logged-in person says Cache-Control: no-store; the queue page without Redis is for admins only', async () => {
    served = await servedStore();
    const viewer = new DashboardClient(served.base);
    await viewer.login('viewer');
    for (const path of ['/', '/alerts', '/api/alerts', '/api/coverage'])
      expect([path, (await viewer.call('GET', path)).headers['cache-control']]).toEqual([path, 'no-store']);
    expect((await viewer.call('GET', '/queues')).status).toBe(403);
    const reviewer = new DashboardClient(served.base);
    await reviewer.login('reviewer');
    expect((await reviewer.call('GET', '/queues')).status).toBe(403);
    const admin = new DashboardClient(served.base);
    await admin.login('admin');
    expect((await admin.call('GET', '/queues')).status).toBe(200);
  });
});
