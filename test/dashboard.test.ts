import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { addUser, disableUser } from '@ocop-monitor/dashboard';
import { alertHistory, listAlerts, queryRows } from '@ocop-monitor/monitor';
import type { Queue } from 'bullmq';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { FormData, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DashboardClient as Client, DEFAULT_PASSWORD } from './dashboard-client.ts';
import { dashboardWorld } from './dashboard-world.ts';

import type { Province } from './province.ts';
import { REDIS_URL, redisAvailable } from './redis-target.ts';

const run = promisify(execFile);
const CLI = new URL('../workers/src/cli/main.ts', import.meta.url).pathname;

const PASSWORD = DEFAULT_PASSWORD;
let world: Province;
let app: FastifyInstance;
let base = '';
let closeSetup: (() => Promise<void>) | undefined;
let queues: Queue[] = [];

beforeAll(async () => {
  const setup = await dashboardWorld(51, async (w) => {
    // Hostile text from outside: a product name with a formula and markup, an evidence URL with a script scheme.
    await w.store.db.execute(
      sql`update products set name = '=HYPERLINK("x")<script>alert(1)</script>' where id = (select min(p.id) from products p where not exists (select 1 from listings l where l.product_id = p.id))`,
    );
    await w.store.db.execute(
      sql`update alerts set evidence = jsonb_set(evidence, '{url}', '"javascript:alert(1)"') where type = 'certificate_expiring'`,
    );
    // A commune name from the registry file: it is drawn in the coverage bar chart's SVG too.
    await w.store.db.execute(
      sql`update products set commune_name = '<script>alert(2)</script>Xã "Lạ"' where commune_code = (select min(commune_code) from products)`,
    );
    for (const role of ['admin', 'reviewer', 'viewer'] as const)
      await addUser(w.store.db, { username: role, displayName: `Cán bộ ${role}`, password: PASSWORD, role });
    // Two listings found by discovery, waiting for a person.
    for (const item of ['999991', '999992'])
      await w.store.db.execute(
        sql`insert into listing_proposals (product_id, marketplace, item_id, url, title, shop_name, score, reasons, proposed_at)
            select min(id), 'voso', ${item}, ${`${w.sandbox.baseUrls.voso}/tim-thay-p${item}.html`}, 'Sản phẩm tìm thấy', 'HTX Tìm Thấy', 0.93,
                   '{"productWords":1,"producer":1}'::jsonb, now() from products`,
      );
    // A second admin for the tests after the rate-limit one (which locks out 'admin' for a minute).
    await addUser(w.store.db, { username: 'importer', displayName: 'Cán bộ nhập', password: PASSWORD, role: 'admin' });
    await addUser(w.store.db, { username: 'lookout', displayName: 'Cán bộ xem', password: PASSWORD, role: 'viewer' });
  });
  ({ world, app, base, queues } = setup);
  closeSetup = setup.close;
}, 120_000);

afterAll(async () => {
  await closeSetup?.();
});

/** A route's URL with real values in its parameters: an alert, a product, a queue and its job. */
async function concrete(url: string, alertId: number): Promise<string> {
  const [product] = await queryRows<{ id: number }>(world.store.db, sql`select min(product_id) as id from listings`);
  const [job] = (await queues[0]?.getJobs(['waiting'])) ?? [];
  return url
    .replace(/^\/(api\/)?products\/:id/u, `/$1products/${product?.id}`)
    .replace(':id', String(alertId))
    .replace(':queueName', 'runs')
    .replace(':jobId', job?.id ?? 'none')
    .replace(':queueStatus', 'failed')
    .replace(':schedulerId', 'none')
    .replace('*', 'none.js');
}

type Role = 'admin' | 'reviewer' | 'viewer';
/** Who may use a route: the queue board for admins, the outbox not for viewers, the import for admins. */
function allowed(role: Role, url: string): boolean {
  if (url.startsWith('/queues')) return role === 'admin';
  if (url.includes('/outbox')) return role !== 'viewer';
  if (url.includes('/registry/')) return role === 'admin';
  return true;
}

describe('the dashboard: every route tried without a session and with each role', () => {
  it('without a session, pages send to the login and the API answers 401; only /login and /health are open', async () => {
    const [alert] = await listAlerts(world.store.db, { state: 'live' });
    const anonymous = new Client(base);
    expect(app.dashboardRoutes.length).toBeGreaterThanOrEqual(40);
    for (const route of app.dashboardRoutes) {
      const answer = await anonymous.call(
        route.method,
        await concrete(route.url, alert?.id ?? 1),
        route.method === 'GET' ? undefined : {},
      );
      const open = route.url === '/login' || route.url === '/health';
      if (open) continue;
      const expected = route.url.startsWith('/api/') ? 401 : 302;
      expect([route.method, route.url, answer.status]).toEqual([route.method, route.url, expected]);
    }
  });

  it('each role reads every page it may and is refused the others; only reviewers and admins review; every write needs the CSRF token', async () => {
    const alerts = await listAlerts(world.store.db, { state: 'live' });
    const target = alerts.find((a) => a.type === 'product_uncovered') ?? alerts[0];
    if (!target) throw new Error('no alert');
    for (const role of ['admin', 'reviewer', 'viewer'] as const) {
      const client = new Client(base);
      expect((await client.login(role)).status).toBe(302);
      for (const route of app.dashboardRoutes.filter((r) => r.method === 'GET' && r.url !== '/login')) {
        const answer = await client.call('GET', await concrete(route.url, target.id));
        const board = route.url.includes('queues/');
        // Bull Board's own routes answer 404 for what does not exist (a static file, a metric): reaching them is the point.
        // /admin/queues, where admins once wrote through the board, leads to the read-only board.
        const reached =
          route.url === '/admin/queues'
            ? answer.status === 302 && answer.headers.location === '/queues'
            : board
              ? answer.status < 500 && ![302, 401, 403].includes(answer.status)
              : answer.status === 200;
        const outcome = allowed(role, route.url) ? reached : answer.status === 403;
        expect([role, route.url, answer.status, outcome]).toEqual([role, route.url, answer.status, true]);
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

  it.skipIf(!redisAvailable)(
    'the queue board is read-only for everyone (its writes cannot carry our CSRF token); operators pause from the shell',
    { timeout: 60_000 },
    async () => {
      const runs = queues[0];
      if (!runs) throw new Error('no queue');
      const clients = Object.fromEntries(
        await Promise.all(
          (['admin', 'reviewer', 'viewer'] as const).map(async (role) => {
            const client = new Client(base);
            await client.login(role);
            return [role, client] as const;
          }),
        ),
      );
      const listed = await clients.admin?.call('GET', '/queues/api/queues');
      expect(JSON.parse(listed?.body ?? '{}').queues.map((q: { name: string }) => q.name)).toContain('runs');
      for (const role of ['admin', 'reviewer'] as const) {
        expect((await clients[role]?.call('PUT', '/queues/api/queues/runs/pause', {}))?.status).toBe(403);
        expect((await clients[role]?.call('PUT', '/admin/queues/api/queues/runs/pause', {}))?.status).toBe(403);
      }
      // A technical page: only admins open it (and only they have it in their menu).
      for (const role of ['reviewer', 'viewer'] as const)
        expect((await clients[role]?.call('GET', '/queues/api/queues'))?.status).toBe(403);
      const board = await clients.admin?.call('GET', '/queues');
      expect(board?.headers['content-security-policy']).toMatch(/script-src 'self'/u);
      expect(await runs.isPaused()).toBe(false);
      // The shell: `ocop-monitor queues pause runs`, under the board's queue prefix.
      const config = join(mkdtempSync(join(tmpdir(), 'ocop-queues-')), 'queues.yaml');
      writeFileSync(config, `queue:\n  prefix: "${runs.opts.prefix}"\n`);
      const cli = (action: string) =>
        run(process.execPath, [CLI, '--config', config, 'queues', action, 'runs'], {
          env: { ...process.env, REDIS_URL, LOG_LEVEL: 'warn' },
        });
      expect((await cli('pause')).stdout).toContain('runs: tạm dừng / paused');
      expect(await runs.isPaused()).toBe(true);
      expect((await cli('resume')).stdout).toContain('runs: đang chạy / running');
      expect(await runs.isPaused()).toBe(false);
    },
  );

  it('a reviewer confirms an alert from its page, and the audit trail shows who, what and the note', async () => {
    const [delisted] = await listAlerts(world.store.db, { type: 'listing_delisted', state: 'open' });
    if (!delisted) throw new Error('no delisting alert');
    const reviewer = new Client(base);
    await reviewer.login('reviewer');
    const detail = await reviewer.call('GET', `/alerts/${delisted.id}`);
    expect(detail.body).toContain('404'); // the evidence: the marketplace's answer
    expect(detail.body).toMatch(/<q>[^<]*404[^<]*<\/q>/u); // what the page showed, as text
    expect(detail.body).toContain('Lần đầu thấy bị gỡ'); // and when
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
    const viewer = new Client(base);
    await viewer.login('viewer');
    const coverage = await viewer.call('GET', '/coverage');
    expect(coverage.body).not.toContain('<script>alert(1)</script>');
    expect(coverage.body).not.toContain('<script>alert(2)');
    expect(coverage.body).toContain('&lt;script&gt;alert(2)'); // in the table and in the chart's text
    expect(coverage.body.match(/<svg[\s\S]*?<\/svg>/gu)?.join('')).toContain('&lt;script&gt;alert(2)');
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
    const admin = new Client(base);
    await admin.login('admin');
    const doc = JSON.parse((await admin.call('GET', '/api/openapi.json')).body) as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    // Every API route the server has is described, with its method.
    for (const route of app.dashboardRoutes.filter((r) => r.url.startsWith('/api/') && r.url !== '/api/openapi.json')) {
      const path = route.url.replace(/:(\w+)/gu, '{$1}');
      expect([
        route.method,
        path,
        Boolean((doc.paths[path] as Record<string, unknown> | undefined)?.[route.method.toLowerCase()]),
      ]).toEqual([route.method, path, true]);
    }
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/coverage',
        '/api/alerts',
        '/api/alerts/{id}/review',
        '/api/products/{id}',
        '/api/registry/import',
      ]),
    );
  });

  it('sessions are revocable (disabling a user ends them) and login is rate-limited', async () => {
    const client = new Client(base);
    await client.login('viewer');
    expect((await client.call('GET', '/api/coverage')).status).toBe(200);
    await disableUser(world.store.db, 'viewer');
    expect((await client.call('GET', '/api/coverage')).status).toBe(401);
    const attacker = new Client(base);
    const statuses: number[] = [];
    for (let i = 0; i < 12; i += 1) statuses.push((await attacker.login('admin', `wrong-${i}-password`)).status);
    // Ten attempts a minute from one address (the other tests' logins count too): then 429, never in.
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    // The limit is per address and account: colleagues behind the same office address still log in.
    expect((await new Client(base).login('reviewer')).status).toBe(302);
  });
});

/** A multipart upload as a browser's form sends it. */
async function upload(client: Client, path: string, name: string, content: string | Buffer, kind = 'products') {
  const form = new FormData();
  form.append('_csrf', client.csrf);
  form.append('kind', kind);
  form.append('file', new Blob([content]), name);
  const response = await request(`${base}${path}`, { method: 'POST', headers: { cookie: client.cookie }, body: form });
  return { status: response.statusCode, body: await response.body.text() };
}

describe('the dashboard: products, marketplaces and registry import', () => {
  it('a product page shows its listings, the check timeline, a labelled sold-count chart and its alerts', async () => {
    const [delisted] = await listAlerts(world.store.db, { type: 'listing_delisted' });
    if (!delisted?.productId) throw new Error('no delisting alert with a product');
    const viewer = new Client(base);
    await viewer.login('reviewer');
    const page = await viewer.call('GET', `/products/${delisted.productId}`);
    expect(page.status).toBe(200);
    const [listing] = await queryRows<{ url: string }>(
      world.store.db,
      sql`select url from listings where id = ${delisted.listingId}`,
    );
    expect(page.body).toContain(listing?.url);
    expect(page.body).toContain(`href="/alerts/${delisted.id}"`);
    expect(page.body).toMatch(/<td data-label="Kết quả">Báo bị gỡ<\/td>/u); // the timeline shows the removal, in words
    expect(page.body).toContain('Liên hệ chủ thể'); // staff see how to reach the producer
    expect(page.body).not.toMatch(/>#\d+</u); // no internal ids
    expect(page.body).toMatch(/<div role="img" aria-label="[^"]*(Sold count|bán)[^"]*">/u);
    const api = JSON.parse((await viewer.call('GET', `/api/products/${delisted.productId}`)).body) as {
      checks: unknown[];
      timeline: Array<{ verdict: string }>;
    };
    expect(api.checks.length).toBeGreaterThanOrEqual(3);
    expect(api.timeline.map((span) => span.verdict)).toContain('delisted');
    // Search folds accents: the product's name typed without them finds it.
    const [product] = await queryRows<{ name: string }>(
      world.store.db,
      sql`select name from products where id = ${delisted.productId}`,
    );
    const typed = (product?.name ?? '').normalize('NFD').replace(/\p{M}/gu, '').split(' ').slice(0, 2).join(' ');
    const found = await viewer.call('GET', `/products?q=${encodeURIComponent(typed)}`);
    expect(found.body).toContain(`href="/products/${delisted.productId}"`);
    expect((await viewer.call('GET', '/products/999999')).status).toBe(404);
  });

  it('marketplace health lists every marketplace of each run with its checks', async () => {
    const viewer = new Client(base);
    await viewer.login('reviewer');
    const rows = JSON.parse((await viewer.call('GET', '/api/marketplaces')).body) as Array<{
      runDate: string;
      marketplace: string;
      checks: number;
    }>;
    expect(new Set(rows.map((r) => r.runDate)).size).toBe(3);
    expect(new Set(rows.map((r) => r.marketplace))).toEqual(new Set(world.runtime.adapters.map((a) => a.id)));
    expect(rows.every((r) => r.checks > 0)).toBe(true);
    const page = await viewer.call('GET', '/marketplaces');
    for (const adapter of world.runtime.adapters) expect(page.body).toContain(`<td>${adapter.displayName}</td>`);
  });

  it('an admin uploads a registry file: good rows go in, the bad row is reported by row and column', async () => {
    const admin = new Client(base);
    await admin.login('importer');
    const header = readFileSync(new URL('../examples/san-pham-mau.csv', import.meta.url), 'utf8').split('\n')[0];
    const good =
      '999001,OCOP-QT-9001,Nước mắm Cửa Việt,Thực phẩm,QĐ 148/2023,3,HTX Cửa Việt,Hợp tác xã,3200999001,,,,,,,,,,15/03/2024,,45,19012,2025';
    const bad =
      '999002,OCOP-QT-9002,Mè xửng,Thực phẩm,QĐ 148/2023,9,HTX Mè,Hợp tác xã,3200999002,,,,,,,,,,15/03/2024,,45,19012,2025';
    const before = await queryRows<{ n: number }>(world.store.db, sql`select count(*)::int as n from products`);
    const answer = await upload(admin, '/registry/import', 'danh-muc.csv', [header, good, bad].join('\n'));
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('danh-muc.csv');
    expect(answer.body).toMatch(/<tr><td>3<\/td><td>Số sao<\/td><td>[^<]+<\/td><\/tr>/u);
    expect(answer.body).not.toContain('ocop-upload-'); // the temporary folder is never shown
    const after = await queryRows<{ n: number }>(world.store.db, sql`select count(*)::int as n from products`);
    expect(after[0]?.n).toBe((before[0]?.n ?? 0) + 1);
    // A spreadsheet saved as something else is refused whole; nothing changes.
    const binary = await upload(admin, '/api/registry/import', 'hong.csv', Buffer.from([0, 1, 2, 3, 0, 255]));
    expect(binary.status).toBe(422);
    expect(JSON.parse(binary.body)).toMatchObject({ fileRejected: true, created: 0, file: 'hong.csv' });
    const unchanged = await queryRows<{ n: number }>(world.store.db, sql`select count(*)::int as n from products`);
    expect(unchanged[0]?.n).toBe(after[0]?.n);
    const reviewer = new Client(base);
    await reviewer.login('reviewer');
    expect((await upload(reviewer, '/registry/import', 'danh-muc.csv', [header, good].join('\n'))).status).toBe(403);
    const forged = new Client(base);
    await forged.login('importer');
    forged.csrf = 'forged';
    expect((await upload(forged, '/registry/import', 'danh-muc.csv', [header, good].join('\n'))).status).toBe(403);
  });
});

describe('the dashboard: proposed listings', () => {
  it('a reviewer accepts one proposal (the listing is linked, by them) and rejects another; a viewer cannot', async () => {
    const rows = await queryRows<{ id: number; item_id: string }>(
      world.store.db,
      sql`select id, item_id from listing_proposals order by id`,
    );
    const [accept, reject] = rows;
    if (!accept || !reject) throw new Error('no proposals');
    const viewer = new Client(base);
    await viewer.login('lookout');
    const page = await viewer.call('GET', '/proposals');
    expect(page.body).toContain('Sản phẩm tìm thấy');
    expect(page.body).not.toContain('/accept'); // no decision buttons for a viewer
    expect((await viewer.call('POST', `/proposals/${accept.id}/accept`, { _csrf: viewer.csrf })).status).toBe(403);
    const reviewer = new Client(base);
    await reviewer.login('reviewer');
    expect((await reviewer.call('POST', `/proposals/${accept.id}/accept`, { _csrf: reviewer.csrf })).status).toBe(302);
    expect((await reviewer.call('POST', `/api/proposals/${reject.id}/reject`, undefined, {})).status).toBe(200);
    const late = await reviewer.call('POST', `/api/proposals/${reject.id}/accept`, undefined, {});
    expect(late.status).toBe(409);
    expect(JSON.parse(late.body)).toEqual({
      error: 'Đề xuất này không còn, hoặc đã có người nhận hay loại trước bạn: tải lại trang để xem.',
    });
    // The page's answer is the dashboard's own page, in words, with no id of the store.
    const again = await reviewer.call('POST', `/proposals/${accept.id}/accept`, { _csrf: reviewer.csrf });
    expect(again.status).toBe(409);
    expect(again.body).toContain('đã có người nhận hay loại trước bạn');
    expect(again.body).not.toContain(`proposal ${accept.id}`);
    const [linked] = await queryRows<{ linked_how: string; linked_by: string }>(
      world.store.db,
      sql`select linked_how, linked_by from listings where item_id = ${accept.item_id}`,
    );
    expect(linked).toEqual({ linked_how: 'discovered', linked_by: 'Cán bộ reviewer' });
    const states = await queryRows<{ state: string }>(
      world.store.db,
      sql`select state from listing_proposals order by id`,
    );
    expect(states.map((r) => r.state)).toEqual(['accepted', 'rejected']);
  });
});
