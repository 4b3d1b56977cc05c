import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { NO_POLITENESS } from '../http/options.ts';
import { PoliteHttpClient } from '../http/polite-client.ts';
import { describeAdapterConformance } from '../testing/conformance.ts';
import { FixtureServer } from '../testing/fixture-server.ts';
import { createProvincialFloorAdapter } from './adapter.ts';
import type { ProvincialFloorOptions } from './options.ts';

// Hà Tĩnh's floor as shipped in config/floors/hatinh.yaml, read on the pages its own templates
// render (fixtures/real/floor-hatinh-2021): the README beside them gives each product's truth.
const haTinh = parse(
  readFileSync(new URL('../../../../config/floors/hatinh.yaml', import.meta.url), 'utf8'),
) as ProvincialFloorOptions;
const real = (name: string) =>
  readFileSync(new URL(`../../fixtures/real/floor-hatinh-2021/${name}`, import.meta.url), 'utf8');
const html = (body: string) => ({ headers: { 'content-type': 'text/html; charset=UTF-8' }, body });

describeAdapterConformance({
  name: 'Hà Tĩnh floor (config/floors/hatinh.yaml) on its real templates',
  createAdapter: (baseUrl) => createProvincialFloorAdapter({ ...haTinh, baseUrl }),
  listingPath: '/product/details/nhung-huou-huong-son-say-kho-100g',
  // Removed, hidden and never-existing products all answer 200 with this page.
  notFound: { status: 200, ...html(real('no_data.html')) },
  cases: [
    {
      name: 'a discounted product: the buyer’s price beside the title, never the list price in <del> nor a related product’s',
      response: html(real('nhung-huou-huong-son-say-kho-100g.html')),
      expect: {
        verdict: 'active',
        data: { title: 'Nhung hươu Hương Sơn sấy khô hộp 100g', price: 2_500_000, listPrice: 2_800_000 },
      },
    },
    {
      name: 'a product at its list price',
      listingPath: '/product/details/keo-cu-do-thien-cam-hop-500g',
      response: html(real('keo-cu-do-thien-cam-hop-500g.html')),
      expect: { verdict: 'active', data: { title: 'Kẹo cu đơ Thiên Cầm hộp 500g', price: 65_000, listPrice: null } },
    },
    {
      name: 'another discounted product',
      listingPath: '/product/details/buoi-phuc-trach-tui-2-qua',
      response: html(real('buoi-phuc-trach-tui-2-qua.html')),
      expect: {
        verdict: 'active',
        data: { title: 'Bưởi Phúc Trạch túi 2 quả (2,5 - 3kg)', price: 120_000, listPrice: 140_000 },
      },
    },
    {
      name: 'a closed shop’s notice (“kích hoạt cửa hàng”) is no removal of the product',
      response: html(
        '<!DOCTYPE html><html><head><title>Thông báo</title></head><body><div class="container"><div class="alert alert-warning"><p>Vui lòng liên hệ với quản trị viên để kích hoạt cửa hàng của bạn</p></div></div></body></html>',
      ),
      expect: { verdict: 'unknown' },
    },
    {
      name: 'the floor’s “no data” page cut off in the middle is unknown',
      response: html(real('no_data.html').slice(0, 700)),
      expect: { verdict: 'unknown' },
    },
  ],
});

describe('a slug-only address renamed by the floor', () => {
  const server = new FixtureServer();
  let baseUrl = '';
  beforeAll(async () => {
    baseUrl = await server.start();
  });
  afterAll(() => server.close());

  const OLD = '/product/details/nhung-huou-huong-son-say-kho-100g';
  /** The product page as the floor serves it at `slug` (its og:url names that address). */
  const pageAt = (slug: string) =>
    real('nhung-huou-huong-son-say-kho-100g.html').replaceAll(OLD, `/product/details/${slug}`);
  async function check(status: number, slug: string) {
    const adapter = createProvincialFloorAdapter({ ...haTinh, baseUrl });
    const ref = adapter.parseRef(`${baseUrl}${OLD}`);
    if (!ref) throw new Error('not a Hà Tĩnh product address');
    server.serve({
      [OLD]: { status, headers: { location: `/product/details/${slug}` } },
      [`/product/details/${slug}`]: html(pageAt(slug)),
    });
    const http = new PoliteHttpClient({ allowedHosts: [...adapter.hosts], ...NO_POLITENESS, retries: 0 });
    return adapter.check(ref, { http }).finally(() => http.close());
  }

  it('a permanent redirect to the same product renamed: on sale, and the listing learns its new address', async () => {
    for (const status of [301, 308]) {
      const observation = await check(status, 'nhung-huou-huong-son-say-kho-hop-100g');
      expect(observation).toMatchObject({
        verdict: 'active',
        data: { price: 2_500_000 },
        evidence: {
          movedTo: {
            itemId: 'nhung-huou-huong-son-say-kho-hop-100g',
            url: `${baseUrl}/product/details/nhung-huou-huong-son-say-kho-hop-100g`,
          },
        },
      });
    }
  });

  it.for([
    ['a temporary redirect (302) to the renamed address', 302, 'nhung-huou-huong-son-say-kho-hop-100g'],
    ['a permanent redirect to another size of it (hộp 200g)', 301, 'nhung-huou-huong-son-say-kho-200g'],
    ['a permanent redirect to another product', 301, 'keo-cu-do-thien-cam-hop-500g'],
  ] as const)('%s is no move: unknown, never the listing on sale', async ([, status, slug]) => {
    const observation = await check(status, slug);
    expect(observation.verdict).toBe('unknown');
    expect(observation.evidence.movedTo).toBeUndefined();
  });
});
