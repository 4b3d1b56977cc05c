import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { OcopError } from '../errors.ts';
import { describeAdapterConformance } from '../testing/conformance.ts';
import { createProvincialFloorAdapter } from './adapter.ts';
import type { ProvincialFloorOptions } from './options.ts';

// The example province shipped in config/: the test proves the shipped file works.
const quangTri = parse(
  readFileSync(new URL('../../../../config/floors/quangtri.yaml', import.meta.url), 'utf8'),
) as ProvincialFloorOptions;
const page = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const active = page('product-active.html');

describeAdapterConformance({
  name: 'provincial floor (config/floors/quangtri.yaml)',
  createAdapter: (baseUrl) => createProvincialFloorAdapter({ ...quangTri, baseUrl }),
  listingPath: '/san-pham/che-vang-cam-lo-1523.html',
  cases: [
    {
      name: 'active from configured selectors: OCOP 3 stars, no sold count shown (null), in stock',
      response: { body: active },
      expect: {
        verdict: 'active',
        data: { title: 'Chè vằng Cam Lộ', price: 85_000, sold: null, ocopStars: 3, isOcop: true, stock: 'in_stock' },
      },
    },
    {
      name: 'out of stock from the status text "Tạm hết hàng"',
      response: { body: active.replace('Còn hàng', 'Tạm hết hàng') },
      expect: { verdict: 'active', data: { stock: 'out_of_stock' } },
    },
    {
      name: 'delisted by the floor-specific removal phrase in the alert box, an assumed rule',
      response: { body: page('product-hidden.html') },
      expect: { verdict: 'delisted', reason: 'removal_message', provenance: 'assumed' },
    },
    {
      name: 'a plain redirect to the home page reads as a removal only by an assumed rule',
      response: { status: 302, headers: { location: '/' } },
      routes: { '/': { body: '<html><body>Trang chủ</body></html>' } },
      expect: { verdict: 'delisted', reason: 'removal_redirect', provenance: 'assumed' },
    },
    {
      name: "a shop's temporary-closure notice in the alert box of a page on sale is active",
      response: {
        body: active.replace(
          '<div class="product-alert"></div>',
          '<div class="product-alert">Gian hàng tạm ngừng kinh doanh đến hết Tết</div>',
        ),
      },
      expect: { verdict: 'active', data: { stock: 'in_stock' } },
    },
    {
      name: '"Sắp hết hàng" (almost sold out) is in stock',
      response: { body: active.replace('Còn hàng', 'Sắp hết hàng') },
      expect: { verdict: 'active', data: { stock: 'in_stock' } },
    },
    {
      name: "another product's hidden page at our address says nothing about ours",
      response: {
        body: active
          .replace('data-id="1523"', 'data-id="1530"')
          .replace('<div class="product-alert"></div>', '<div class="product-alert">Sản phẩm đã bị ẩn</div>'),
      },
      expect: { verdict: 'unknown', reason: 'unexpected' },
    },
  ],
});

describe('provincial floor configuration', () => {
  it('names the bad key when a pattern has no (?<id>) group', () => {
    const bad = { ...quangTri, layout: { ...quangTri.layout, productPaths: ['^/san-pham/(\\d+)$'] } };
    expect(() => createProvincialFloorAdapter(bad)).toThrow(OcopError);
    expect(() => createProvincialFloorAdapter(bad)).toThrow(/layout\.productPaths\.0: .*named group/u);
  });

  it('refuses an id that does not say it is a floor', () => {
    expect(() => createProvincialFloorAdapter({ ...quangTri, id: 'quangtri' })).toThrow(/id: .*floor-/u);
  });

  it('lets shop cards stand in for product pages only when the layout names their stock element', () => {
    // A floor counts no sales: the stock on each card is all the daily run needs from it.
    expect(createProvincialFloorAdapter(quangTri).capabilities).toMatchObject({ listShop: true, cardsStandIn: true });
    const { stock: _, ...cardsWithoutStock } = quangTri.layout.cards ?? { item: '', link: '' };
    const withoutStock = { ...quangTri, layout: { ...quangTri.layout, cards: cardsWithoutStock } };
    expect(createProvincialFloorAdapter(withoutStock).capabilities).toMatchObject({ cardsStandIn: false });
  });
});
