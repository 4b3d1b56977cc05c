import { describe, expect, it } from 'vitest';
import { createPoliteClient } from '../http/index.ts';
import { FixtureServer } from '../testing/fixture-server.ts';
import { createBuyerPageAdapter } from './adapters.ts';

const SPA_SHELL =
  '<!doctype html><html><head><title>Shopee Việt Nam</title></head><body><div id="main"></div><script src="/bundle.js"></script></body></html>';
const withJsonLd = (name: string, price: number) =>
  `<!doctype html><html><head><script type="application/ld+json">${JSON.stringify({
    '@context': 'https://schema.org',
    '@type': 'Product',
    name,
    offers: { '@type': 'Offer', price, priceCurrency: 'VND', availability: 'https://schema.org/InStock' },
  })}</script></head><body><div id="main"></div></body></html>`;

describe('read-only buyer pages of Shopee, Lazada and TikTok Shop', () => {
  it("know their marketplaces' product addresses, and nothing else", () => {
    const shopee = createBuyerPageAdapter('shopee');
    expect(shopee.parseRef('https://shopee.vn/Ch%C3%A8-v%E1%BA%B1ng-i.50123.2345678901')?.itemId).toBe('2345678901');
    expect(shopee.parseRef('https://shopee.vn/product/50123/2345678901')?.itemId).toBe('2345678901');
    expect(shopee.parseRef('https://shopee.vn/shop/50123')).toBeNull();
    expect(
      createBuyerPageAdapter('lazada').parseRef('https://www.lazada.vn/products/che-i1234567-s7654321.html')?.itemId,
    ).toBe('1234567');
    expect(
      createBuyerPageAdapter('tiktok').parseRef('https://shop.tiktok.com/view/product/1731171796518080838')?.itemId,
    ).toBe('1731171796518080838');
    // No answer of theirs was ever seen as a removal: no rule says so.
    for (const marketplace of ['shopee', 'lazada', 'tiktok'] as const)
      expect(
        createBuyerPageAdapter(marketplace)
          .removalRules.filter((rule) => rule.provenance === 'seen')
          .map((rule) => rule.rule),
      ).toEqual([]);
    // No not-found answer is kept, so no run spends requests on a negative control of theirs.
    for (const marketplace of ['shopee', 'lazada', 'tiktok'] as const) {
      const adapter = createBuyerPageAdapter(marketplace);
      expect(adapter.notFoundAnswers).toEqual([]);
      const sample = adapter.parseRef(
        {
          shopee: 'https://shopee.vn/product/50123/2345678901',
          lazada: 'https://www.lazada.vn/products/che-i1234567.html',
          tiktok: 'https://shop.tiktok.com/view/product/1731171796518080838',
        }[marketplace],
      );
      expect(sample).not.toBeNull();
      expect(sample && adapter.notFoundControl(sample, '2026-12-05')).toBeNull();
    }
  });

  it('a client-rendered shell is unknown, a 404 is unknown, and a page with its product JSON-LD reads on sale', async () => {
    const server = new FixtureServer();
    const base = await server.start();
    const path = '/che-vang-cam-lo-i.50123.2345678901';
    const adapter = createBuyerPageAdapter('shopee', { baseUrl: base });
    const http = createPoliteClient({
      allowedHosts: [...adapter.hosts],
      respectRobotsTxt: false,
      minIntervalMs: 0,
      jitterMs: 0,
      retries: 0,
    });
    const ref = adapter.parseRef(`${base}${path}`);
    if (!ref) throw new Error('not a Shopee address');
    const html = (status: number, body: string) => ({ status, headers: { 'content-type': 'text/html' }, body });
    try {
      server.serve({ [path]: html(200, SPA_SHELL) });
      expect((await adapter.check(ref, { http })).verdict).toBe('unknown');
      server.serve({ [path]: html(404, '<html><body><h1>Không tìm thấy sản phẩm</h1></body></html>') });
      expect((await adapter.check(ref, { http })).verdict).toBe('unknown');
      server.serve({ [path]: html(200, withJsonLd('Chè vằng Cam Lộ 500g', 85_000)) });
      expect(await adapter.check(ref, { http })).toMatchObject({
        verdict: 'active',
        data: { title: 'Chè vằng Cam Lộ 500g', price: 85_000, stock: 'in_stock' },
      });
    } finally {
      await http.close();
      await server.close();
    }
  });
});
