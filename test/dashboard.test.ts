import { addUser, disableUser } from '@ocop-monitor/dashboard';
import { alertHistory, listAlerts } from '@ocop-monitor/monitor';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardWorld } from './dashboard-world.ts';
import type { Province } from './province.ts';

const PASSWORD = 'mật-khẩu-đủ-dài-2026';
let world: Province;
let app: FastifyInstance;
let base = '';
let closeSetup: (() => Promise<void>) | undefined;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A browser-like client: keeps its session cookie, knows its CSRF token once logged in. */
class Client {
  cookie = '';
  csrf = '';
  async call(method: string, path: string, form?: Record<string, string | string[]>, json?: unknown): Promise<Answer> {
    const body =
      json !== undefined
        ? JSON.stringify(json)
        : form
          ? new URLSearchParams(
              Object.entries(form).flatMap(([k, v]) => [v].flat().map((x): [string, string] => [k, x])),
            ).toString()
          : undefined;
    const response = await request(`${base}${path}`, {
      method: method as 'GET',
      headers: {
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(json !== undefined
          ? { 'content-type': 'application/json', 'x-csrf-token': this.csrf }
          : form
            ? { 'content-type': 'application/x-www-form-urlencoded' }
            : {}),
      },
      ...(body !== undefined ? { body } : {}),
    });
    const text = await response.body.text();
    const set = response.headers['set-cookie'];
    for (const line of [set ?? []].flat()) {
      const [pair] = String(line).split(';');
      if (pair?.startsWith('ocop_session=')) this.cookie = pair === 'ocop_session=' ? '' : pair;
    }
    const token = /name="_csrf" value="([^"]+)"/u.exec(text)?.[1];
    if (token) this.csrf = token;
    return { status: response.statusCode, headers: response.headers, body: text };
  }
  async login(username: string, password = PASSWORD): Promise<Answer> {
    const answer = await this.call('POST', '/login', { username, password });
    if (answer.status === 302) await this.call('GET', '/'); // picks up the CSRF token
    return answer;
  }
}

beforeAll(async () => {
  const setup = await dashboardWorld(51, async (w) => {
    // Hostile text from outside: a product name with a formula and markup, an evidence URL with a script scheme.
    await w.store.db.execute(
      sql`update products set name = '=HYPERLINK("x")<script>alert(1)</script>' where id = (select min(p.id) from products p where not exists (select 1 from listings l where l.product_id = p.id))`,
    );
    await w.store.db.execute(
      sql`update alerts set evidence = jsonb_set(evidence, '{url}', '"javascript:alert(1)"') where type = 'certificate_expiring'`,
    );
    for (const role of ['admin', 'reviewer', 'viewer'] as const)
      await addUser(w.store.db, { username: role, displayName: `Cán bộ ${role}`, password: PASSWORD, role });
  });
  ({ world, app, base } = setup);
  closeSetup = setup.close;
}, 120_000);

afterAll(async () => {
  await closeSetup?.();
});

const concrete = (url: string, id: number) => url.replace(':id', String(id));

describe('the dashboard: every route tried without a session and with each role', () => {
  it('without a session, pages send to the login and the API answers 401; only /login and /health are open', async () => {
    const [alert] = await listAlerts(world.store.db, { state: 'live' });
    const anonymous = new Client();
    expect(app.dashboardRoutes.length).toBeGreaterThanOrEqual(14);
    for (const route of app.dashboardRoutes) {
      const answer = await anonymous.call(
        route.method,
        concrete(route.url, alert?.id ?? 1),
        route.method === 'POST' ? {} : undefined,
      );
      const open = route.url === '/login' || route.url === '/health';
      if (open) continue;
      const expected = route.url.startsWith('/api/') ? 401 : 302;
      expect([route.method, route.url, answer.status]).toEqual([route.method, route.url, expected]);
    }
  });

  it('each role reads every page; only reviewers and admins review; every write needs the CSRF token', async () => {
    const alerts = await listAlerts(world.store.db, { state: 'live' });
    const target = alerts.find((a) => a.type === 'product_uncovered') ?? alerts[0];
    if (!target) throw new Error('no alert');
    for (const role of ['admin', 'reviewer', 'viewer'] as const) {
      const client = new Client();
      expect((await client.login(role)).status).toBe(302);
      for (const route of app.dashboardRoutes.filter((r) => r.method === 'GET' && r.url !== '/login')) {
        const answer = await client.call('GET', concrete(route.url, target.id));
        expect([role, route.url, answer.status]).toEqual([role, route.url, 200]);
      }
      const withoutToken = await client.call('POST', `/api/alerts/${target.id}/review`, undefined, undefined);
      expect(withoutToken.status).toBe(403);
      const snooze = { action: 'snooze', until: '2027-01-01', note: `by ${role}` };
      const answer = await client.call('POST', `/api/alerts/${target.id}/review`, undefined, snooze);
      expect([role, answer.status]).toEqual([role, role === 'viewer' ? 403 : 200]);
    }
    const history = await alertHistory(world.store.db, target.id);
    expect(history.filter((e) => e.action === 'snooze').map((e) => e.actor)).toEqual([
      'Cán bộ admin',
      'Cán bộ reviewer',
    ]);
  });

  it('a reviewer confirms an alert from its page, and the audit trail shows who, what and the note', async () => {
    const [delisted] = await listAlerts(world.store.db, { type: 'listing_delisted', state: 'open' });
    if (!delisted) throw new Error('no delisting alert');
    const reviewer = new Client();
    await reviewer.login('reviewer');
    const detail = await reviewer.call('GET', `/alerts/${delisted.id}`);
    expect(detail.body).toContain('404'); // the evidence: the marketplace's answer
    const posted = await reviewer.call('POST', `/alerts/${delisted.id}/review`, {
      _csrf: reviewer.csrf,
      action: 'confirm',
      note: 'Đã gọi điện cho HTX',
    });
    expect(posted.status).toBe(302);
    const after = await reviewer.call('GET', `/alerts/${delisted.id}`);
    expect(after.body).toContain('Cán bộ reviewer');
    expect(after.body).toContain('confirm');
    expect(after.body).toContain('Đã gọi điện cho HTX');
    const forged = await reviewer.call('POST', `/alerts/${delisted.id}/review`, { _csrf: 'forged', action: 'dismiss' });
    expect(forged.status).toBe(403);
  });

  it('marketplace text with markup, script links and formulas comes out inert in pages and exports', async () => {
    const viewer = new Client();
    await viewer.login('viewer');
    const coverage = await viewer.call('GET', '/');
    expect(coverage.body).not.toContain('<script>alert(1)</script>');
    expect(coverage.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const alertsPage = await viewer.call('GET', '/alerts?state=live&type=certificate_expiring');
    expect(alertsPage.body).not.toMatch(/href="javascript:/iu);
    const csv = await viewer.call('GET', '/export/coverage.csv');
    expect(csv.body).toContain("'=HYPERLINK");
    expect(csv.body).not.toMatch(/(^|,)"?[=+\-@]/mu);
    expect(coverage.headers['content-security-policy']).toMatch(/script-src 'none'/u);
    expect(coverage.headers['x-content-type-options']).toBe('nosniff');
    expect(coverage.body).toMatch(/<div role="img" aria-label="[^"]+">/u); // the chart, labelled
    expect(coverage.body).toContain('<svg');
  });

  it('the API is described by OpenAPI', async () => {
    const admin = new Client();
    await admin.login('admin');
    const doc = JSON.parse((await admin.call('GET', '/api/openapi.json')).body) as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/coverage', '/api/alerts', '/api/alerts/{id}/review']),
    );
  });

  it('sessions are revocable (disabling a user ends them) and login is rate-limited', async () => {
    const client = new Client();
    await client.login('viewer');
    expect((await client.call('GET', '/api/coverage')).status).toBe(200);
    await disableUser(world.store.db, 'viewer');
    expect((await client.call('GET', '/api/coverage')).status).toBe(401);
    const attacker = new Client();
    const statuses: number[] = [];
    for (let i = 0; i < 12; i += 1) statuses.push((await attacker.login('admin', `wrong-${i}-password`)).status);
    // Ten attempts a minute from one address (the other tests' logins count too): then 429, never in.
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });
});
