import { describe, expect, it } from 'vitest';
import { readHtmlCards } from '../html-listing/read-cards.ts';
import { describeAdapterConformance } from '../testing/conformance.ts';
import { createPostmartAdapter } from './adapter.ts';
import { postmartFixture, postmartVariant } from './fixtures.ts';

describeAdapterConformance({
  name: 'postmart',
  createAdapter: (baseUrl) => createPostmartAdapter({ baseUrl }),
  listingPath: '/p/mat-ong-bac-ha-meo-vac-20417.html',
  cases: [
    {
      name: 'active: JSON-LD price and stock, sold 12, OCOP 4 stars, shop',
      response: { body: postmartFixture('product-active.html') },
      expect: {
        verdict: 'active',
        data: {
          title: 'Mật ong bạc hà Mèo Vạc',
          price: 350_000,
          listPrice: 400_000,
          sold: { value: 12, approximate: false },
          stock: 'in_stock',
          isOcop: true,
          ocopStars: 4,
          shop: { id: '3051', name: 'HTX Ong mật Mèo Vạc' },
        },
      },
    },
    {
      name: 'active with "Đã bán 0": an exact zero',
      response: { body: postmartVariant((html) => html.replace('Đã bán 12', 'Đã bán 0')) },
      expect: { verdict: 'active', data: { sold: { value: 0, approximate: false } } },
    },
    {
      name: 'active with no sold label: sold unknown (null), not 0',
      response: { body: postmartVariant((html) => html.replace('<span class="product-sold">Đã bán 12</span>', '')) },
      expect: { verdict: 'active', data: { sold: null } },
    },
    {
      name: 'active with an approximate sold count ("Đã bán 1,2k")',
      response: { body: postmartVariant((html) => html.replace('Đã bán 12', 'Đã bán 1,2k')) },
      expect: { verdict: 'active', data: { sold: { value: 1200, approximate: true } } },
    },
    {
      name: 'active but out of stock (JSON-LD OutOfStock)',
      response: { body: postmartVariant((html) => html.replace('schema.org/InStock', 'schema.org/OutOfStock')) },
      expect: { verdict: 'active', data: { stock: 'out_of_stock' } },
    },
    {
      name: 'delisted by the marketplace state (JSON-LD Discontinued)',
      response: { body: postmartVariant((html) => html.replace('schema.org/InStock', 'schema.org/Discontinued')) },
      expect: { verdict: 'delisted', reason: 'marketplace_state' },
    },
    {
      name: 'delisted by a removal banner in the product notice',
      response: {
        body: postmartVariant((html) =>
          html.replace('<div class="product-notice"></div>', '<div class="product-notice">Sản phẩm đã ngừng bán</div>'),
        ),
      },
      expect: { verdict: 'delisted', reason: 'removal_message' },
    },
    {
      name: 'delisted by a removal message page',
      response: { body: postmartFixture('product-removed-message.html') },
      expect: { verdict: 'delisted', reason: 'removal_message' },
    },
    {
      name: 'delisted by a redirect to the home page',
      response: { status: 302, headers: { location: '/' } },
      routes: { '/': { body: '<html><body>Postmart</body></html>' } },
      expect: { verdict: 'delisted', reason: 'removal_redirect' },
    },
    {
      name: 'a footer that mentions "Sản phẩm không tồn tại" on a redesigned page is parse_failed, not delisted',
      response: {
        body: postmartVariant((html) =>
          html
            .replace(/<script type="application\/ld\+json">[\s\S]*?<\/script>/u, '')
            .replace('product-detail', 'pd-v2'),
        ),
      },
      expect: { verdict: 'unknown', reason: 'parse_failed' },
    },
  ],
});

describe('postmart URLs and shop cards', () => {
  const adapter = createPostmartAdapter();

  it('accepts the numeric and the older slug-only product URLs', () => {
    expect(adapter.parseRef('https://postmart.vn/p/mat-ong-bac-ha-meo-vac-20417.html')?.itemId).toBe('20417');
    expect(adapter.parseRef('https://postmart.vn/p/mat-ong-bac-ha-meo-vac')?.itemId).toBe('mat-ong-bac-ha-meo-vac');
    expect(adapter.parseRef('https://postmart.vn/gian-hang/htx-3051')).toBeNull();
  });

  it('reads shop cards: OCOP badge, approximate sold, ranges, missing sold label as null', () => {
    const page = readHtmlCards(
      postmartFixture('shop-page.html'),
      'https://postmart.vn/gian-hang/htx-ong-mat-meo-vac-3051',
      {
        item: '.product-card',
        link: 'a.product-card__name',
        price: '.product-card__price',
        sold: '.product-card__sold',
        ocop: '.ocop-badge',
        nextPage: 'link[rel="next"]',
      },
      adapter.parseRef,
    );
    expect(page.cards.map((card) => [card.ref.itemId, card.sold?.value ?? null, card.ocopStars, card.price])).toEqual([
      ['20417', 12, 4, 350_000],
      ['20418', 1200, null, 90_000],
      ['20419', null, null, 120_000],
    ]);
    expect(page.cards[1]?.sold?.approximate).toBe(true);
    expect(page.nextUrl).toBe('https://postmart.vn/gian-hang/htx-ong-mat-meo-vac-3051?page=2');
  });
});
