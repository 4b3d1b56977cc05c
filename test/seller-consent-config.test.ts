import { addUser, type Role } from '@ocop-monitor/dashboard';
import { openStore } from '@ocop-monitor/monitor';
import { describe, expect, it } from 'vitest';
import { startDashboard } from '../workers/src/cli/dashboard.ts';
import { loadConfig } from '../workers/src/config/load.ts';
import { createRuntime } from '../workers/src/runtime.ts';
import { DashboardClient, DEFAULT_PASSWORD } from './dashboard-client.ts';
import { seedShopeeProduct } from './seller-consent-world.ts';

const KEY = '3f1c9a07e2b54d68a1f0c3b29d7e4a5c6b8f0e1d2c3b4a5968778695a4b3c2d1';
const ENV = { OCOP_SHOPEE_PARTNER_KEY: 'partner-key-0123456789', OCOP_SELLER_TOKEN_KEY: KEY };
const configWith = (sellers: Record<string, unknown>) =>
  loadConfig({
    overrides: {
      marketplaces: { shopee: { enabled: true } },
      sellers: { shopee: { partnerId: 2001234 }, ...sellers },
      notify: { enabled: true, email: { host: '127.0.0.1', from: 'so@example.vn' } },
      log: { level: 'silent' },
    },
    env: ENV,
  });

/** The product page as an admin sees it on the dashboard the CLI starts with this configuration. */
async function productPageWith(sellers: Record<string, unknown>): Promise<string> {
  const runtime = createRuntime(configWith(sellers));
  const store = await openStore({ dataDir: 'memory://' });
  const app = await startDashboard(runtime, store, { port: 0, host: '127.0.0.1', insecureCookies: true });
  try {
    await addUser(store.db, { username: 'lan', displayName: 'Lan', password: DEFAULT_PASSWORD, role: 'admin' as Role });
    const productId = await seedShopeeProduct(store.db, '50123', 3);
    const client = new DashboardClient(`http://127.0.0.1:${(app.server.address() as { port: number }).port}`);
    await client.login('lan');
    return (await client.call('GET', `/products/${productId}`)).body;
  } finally {
    await app.close();
    await store.close();
    await runtime.close();
  }
}

describe('consent on the dashboard the CLI starts', () => {
  it('is offered once the public address is configured, on the configured channels the producer agreed to', async () => {
    const page = await productPageWith({ publicUrl: 'https://ocop.soct.example.vn' });
    expect(page).toContain('Gửi liên kết xin đồng ý qua');
    expect(page).toContain('E-mail — htx50123@example.vn');
    // SMS is agreed to in the registry but not configured here; Zalo needs a `seller_consent` template.
    expect(page).not.toContain('<option value="sms"');
    expect(page).not.toContain('<option value="zns"');
    // Without the public address no link could be built: no consent at all.
    expect(await productPageWith({})).not.toContain('Dữ liệu từ chính người bán');
  }, 60_000);

  it('refuses a public address that is not a plain http(s) address, naming the key', () => {
    expect(() => configWith({ publicUrl: 'https://ocop.example.vn/?next=x' })).toThrow(/sellers\.publicUrl/u);
    expect(() => configWith({ publicUrl: 'ftp://ocop.example.vn' })).toThrow(/sellers\.publicUrl/u);
  });
});
