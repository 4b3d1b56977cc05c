import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRuntime } from '../runtime.ts';
import { loadConfig } from './load.ts';

const KEY = '3f1c9a07e2b54d68a1f0c3b29d7e4a5c6b8f0e1d2c3b4a5968778695a4b3c2d1';
const overrides = (sellers: unknown, shopee = true) => ({
  marketplaces: { shopee: { enabled: shopee } },
  sellers,
  log: { level: 'silent' },
});

describe('the Shopee seller source in the configuration', () => {
  it('takes its partner key and the sealing key from the environment, never from the file, and wraps the Shopee adapter', async () => {
    const config = loadConfig({
      overrides: overrides({ shopee: { partnerId: 2001234 } }),
      env: { OCOP_SHOPEE_PARTNER_KEY: 'partner-key-0123456789', OCOP_SELLER_TOKEN_KEY: KEY },
    });
    expect(config.sellers.shopee?.partnerKey).toBe('partner-key-0123456789');
    const runtime = createRuntime(config);
    try {
      expect(runtime.sellerSources.map((s) => s.id)).toEqual(['shopee-seller']);
      const checking = runtime.checkingAdapters({} as never);
      const shopee = checking.find((a) => a.id === 'shopee');
      // The page adapter's hosts and the open platform's.
      expect(shopee?.hosts).toEqual(expect.arrayContaining(['shopee.vn', 'partner.shopeemobile.com']));
      expect(checking.find((a) => a.id === 'voso')).toBe(runtime.adapters.find((a) => a.id === 'voso'));
    } finally {
      await runtime.close();
    }
  });

  it('refuses a source without a sealing key, with a short key, or without the Shopee marketplace, naming the key', () => {
    const env = { OCOP_SHOPEE_PARTNER_KEY: 'partner-key-0123456789' };
    expect(() => loadConfig({ overrides: overrides({ shopee: { partnerId: 1 } }), env })).toThrow(/sellers\.tokenKey/u);
    expect(() =>
      loadConfig({
        overrides: overrides({ shopee: { partnerId: 1 } }),
        env: { ...env, OCOP_SELLER_TOKEN_KEY: 'short' },
      }),
    ).toThrow(/32 bytes/u);
    // A placeholder of one repeated byte is no key.
    expect(() =>
      loadConfig({
        overrides: overrides({ shopee: { partnerId: 1 } }),
        env: { ...env, OCOP_SELLER_TOKEN_KEY: '0'.repeat(64) },
      }),
    ).toThrow(/not a random key/u);
    expect(() =>
      loadConfig({
        overrides: overrides({ shopee: { partnerId: 1 } }, false),
        env: { ...env, OCOP_SELLER_TOKEN_KEY: KEY },
      }),
    ).toThrow(/marketplaces\.shopee/u);
    // Without the environment's partner key, none is invented.
    expect(() =>
      loadConfig({ overrides: overrides({ shopee: { partnerId: 1 } }), env: { OCOP_SELLER_TOKEN_KEY: KEY } }),
    ).toThrow(/partnerKey/u);
  });
});

describe('the Lazada and TikTok Shop seller sources in the configuration', () => {
  const both = (extra: Record<string, unknown> = {}) => ({
    marketplaces: { lazada: { enabled: true }, tiktok: { enabled: true } },
    sellers: {
      lazada: { appKey: '112233' },
      tiktok: { appKey: '6abc123def', serviceId: '7172000000000070150' },
      ...extra,
    },
    log: { level: 'silent' },
  });

  it('take their app secrets from the environment (or a file it names) and wrap the Lazada and TikTok Shop adapters', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ocop-sellers-'));
    const secretFile = join(dir, 'tiktok-secret');
    writeFileSync(secretFile, 'tiktok-app-secret-0123456789\n');
    try {
      const config = loadConfig({
        overrides: both(),
        env: {
          OCOP_LAZADA_APP_SECRET: 'lazada-app-secret-0123456789',
          OCOP_TIKTOK_APP_SECRET_FILE: secretFile,
          OCOP_SELLER_TOKEN_KEY: KEY,
        },
      });
      expect(config.sellers.lazada).toMatchObject({
        appSecret: 'lazada-app-secret-0123456789',
        baseUrl: 'https://api.lazada.vn/rest',
      });
      expect(config.sellers.tiktok?.appSecret).toBe('tiktok-app-secret-0123456789');
      const runtime = createRuntime(config);
      try {
        expect(runtime.sellerSources.map((s) => s.id)).toEqual(['lazada-seller', 'tiktok-seller']);
        const checking = runtime.checkingAdapters({} as never);
        expect(checking.find((a) => a.id === 'lazada')?.hosts).toEqual(
          expect.arrayContaining(['api.lazada.vn', 'auth.lazada.com']),
        );
        expect(checking.find((a) => a.id === 'tiktok')?.hosts).toEqual(
          expect.arrayContaining(['open-api.tiktokglobalshop.com', 'auth.tiktok-shops.com']),
        );
        // The page adapter alone, where no source is configured.
        expect(checking.find((a) => a.id === 'voso')).toBe(runtime.adapters.find((a) => a.id === 'voso'));
      } finally {
        await runtime.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a source without its secret, its sealing key, its marketplace or a service id, naming the key', () => {
    const env = {
      OCOP_LAZADA_APP_SECRET: 'lazada-app-secret-0123456789',
      OCOP_TIKTOK_APP_SECRET: 'tiktok-app-secret-0123456789',
      OCOP_SELLER_TOKEN_KEY: KEY,
    };
    expect(() => loadConfig({ overrides: both(), env: { ...env, OCOP_LAZADA_APP_SECRET: '' } })).toThrow(
      /sellers\.lazada\.appSecret/u,
    );
    expect(() => loadConfig({ overrides: both(), env: { ...env, OCOP_TIKTOK_APP_SECRET: '' } })).toThrow(
      /sellers\.tiktok\.appSecret/u,
    );
    expect(() =>
      loadConfig({
        overrides: { ...both(), marketplaces: { lazada: { enabled: false }, tiktok: { enabled: true } } },
        env,
      }),
    ).toThrow(/marketplaces\.lazada/u);
    expect(() => loadConfig({ overrides: both(), env: { ...env, OCOP_SELLER_TOKEN_KEY: '' } })).toThrow(
      /sellers\.tokenKey/u,
    );
    expect(() =>
      loadConfig({
        overrides: both({ tiktok: { appKey: '6abc123def', serviceId: 'not-digits' } }),
        env,
      }),
    ).toThrow(/sellers\.tiktok\.serviceId/u);
  });
});
