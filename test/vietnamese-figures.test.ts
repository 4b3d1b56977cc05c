import { addUser } from '@ocop-monitor/dashboard';
import { listAlerts, queryRows } from '@ocop-monitor/monitor';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DashboardClient as Client, DEFAULT_PASSWORD } from './dashboard-client.ts';
import { type DashboardWorld, dashboardWorld } from './dashboard-world.ts';

let setup: DashboardWorld;

beforeAll(async () => {
  setup = await dashboardWorld(64, async (w) => {
    await addUser(w.store.db, {
      username: 'hoa',
      displayName: 'Trần Thị Hoa',
      password: DEFAULT_PASSWORD,
      role: 'admin',
    });
  });
}, 180_000);

afterAll(async () => {
  await setup?.close();
});

/** The text a person reads: tags, attributes (addresses) and the raw data kept for IT left out. */
const visibleText = (page: string) =>
  page
    .replace(/<style>[\s\S]*?<\/style>/gu, '')
    .replace(/<pre>[\s\S]*?<\/pre>/gu, '')
    .replace(/<[^>]*>/gu, ' ')
    .replace(/\s+/gu, ' ');

describe('pages people read write dates and figures the Vietnamese way', () => {
  it('no ISO day, no "78.3%" and no percent without its space on any page a clerk opens', async () => {
    const client = new Client(setup.base);
    expect((await client.login('hoa')).status).toBe(302);
    const [alert] = await listAlerts(setup.world.store.db, { state: 'live' });
    const [product] = await queryRows<{ id: number }>(
      setup.world.store.db,
      sql`select min(product_id) as id from listings`,
    );
    const pages = [
      '/',
      '/coverage',
      '/report',
      '/alerts',
      `/alerts/${alert?.id}`,
      `/products/${product?.id}`,
      '/proposals',
      '/marketplaces',
      '/outbox',
    ];
    const offences: string[] = [];
    for (const path of pages) {
      const answer = await client.call('GET', path);
      expect([path, answer.status]).toEqual([path, 200]);
      const text = visibleText(answer.body);
      for (const pattern of [/\b\d{4}-\d{2}-\d{2}\b/gu, /\d\.\d+ ?%/gu, /\d%/gu])
        for (const match of text.matchAll(pattern))
          offences.push(`${path}: …${text.slice(Math.max(0, (match.index ?? 0) - 40), (match.index ?? 0) + 30)}…`);
    }
    expect(offences).toEqual([]);
    // And the figures are there, the formatter's way.
    const coverage = visibleText((await client.call('GET', '/coverage')).body);
    expect(coverage).toMatch(/\d+(,\d)? %/u);
  });

  it('the products to onboard carry a code a clerk can look up: the certificate number when the registry has no other, never an internal id', async () => {
    const client = new Client(setup.base);
    await client.login('hoa');
    const report = JSON.parse((await client.call('GET', '/api/coverage')).body) as {
      gap: Array<{ productId: number; name: string }>;
    };
    const [withCertificate, withNothing] = report.gap;
    expect(withNothing).toBeDefined();
    const db = setup.world.store.db;
    await db.execute(sql`update products set national_id = null, local_code = null, certificate_number = 'QT-2025-017'
                         where id = ${withCertificate?.productId}`);
    await db.execute(sql`update products set national_id = null, local_code = null, certificate_number = null
                         where id = ${withNothing?.productId}`);
    const page = (await client.call('GET', '/coverage')).body;
    const row = (productId: number | undefined) =>
      visibleText(
        new RegExp(`<tr><td[^>]*>[^<]*</td><td><a href="/products/${productId}">`, 'u').exec(page)?.[0] ?? '',
      );
    expect(row(withCertificate?.productId).trim()).toBe('GCN số QT-2025-017');
    expect(row(withNothing?.productId).trim()).toBe('chưa có mã');
  });
});
