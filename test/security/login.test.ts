import { createHash } from 'node:crypto';
import { addUser } from '@ocop-monitor/dashboard';
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

/** One login attempt, from `from` (a 127.0.0.x address of this machine): the status. */
async function attempt(base: string, username: string, password: string, from = '127.0.0.1'): Promise<number> {
  const dispatcher = new Agent({ localAddress: from });
  try {
    const response = await request(`${base}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username, password }).toString(),
      dispatcher,
    });
    await response.body.dump();
    return response.statusCode;
  } finally {
    await dispatcher.close();
  }
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

  it('count an account’s failures from every address: guessing from many addresses meets 429 too', async () => {
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
    // …and the account refuses the next try from anywhere, even with its password, for a while.
    expect(await attempt(served.base, 'admin', DEFAULT_PASSWORD, '127.0.0.6')).toBe(429);
    expect(await attempt(served.base, 'reviewer', DEFAULT_PASSWORD, '127.0.0.6')).toBe(302);
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

  it('every answer to a logged-in person says Cache-Control: no-store; the queue page without Redis is not for viewers', async () => {
    served = await servedStore();
    const viewer = new DashboardClient(served.base);
    await viewer.login('viewer');
    for (const path of ['/', '/alerts', '/api/alerts', '/api/coverage'])
      expect([path, (await viewer.call('GET', path)).headers['cache-control']]).toEqual([path, 'no-store']);
    expect((await viewer.call('GET', '/queues')).status).toBe(403);
    const reviewer = new DashboardClient(served.base);
    await reviewer.login('reviewer');
    expect((await reviewer.call('GET', '/queues')).status).toBe(200);
  });
});
