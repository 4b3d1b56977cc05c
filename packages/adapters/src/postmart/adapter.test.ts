import { describe, expect, it } from 'vitest';
import { type HtmlListingLayout, htmlListingLayoutSchema } from '../html-listing/layout.ts';
import { readHtmlCards } from '../html-listing/read-cards.ts';
import { describeAdapterConformance } from '../testing/conformance.ts';
import { createPostmartAdapter } from './adapter.ts';
import { postmartFixture, postmartVariant } from './fixtures.ts';
import { POSTMART_LAYOUT } from './options.ts';

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
          // The shop page it links to, canonical: how the daily run batches this shop.
          shop: {
            id: '3051',
            name: 'HTX Ong mật Mèo Vạc',
            url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/gian-hang\/htx-ong-mat-meo-vac-3051$/u),
          },
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

  it('reads shop cards: OCOP badge, approximate sold, ranges, stock, missing labels as unknown', () => {
    const page = readHtmlCards(
      postmartFixture('shop-page.html'),
      'https://postmart.vn/gian-hang/htx-ong-mat-meo-vac-3051',
      htmlListingLayoutSchema.parse(POSTMART_LAYOUT).cards as NonNullable<HtmlListingLayout['cards']>,
      adapter.parseRef,
    );
    expect(
      page.cards.map((card) => [card.ref.itemId, card.sold?.value ?? null, card.ocopStars, card.price, card.stock]),
    ).toEqual([
      ['20417', 12, 4, 350_000, 'in_stock'],
      ['20418', 1200, null, 90_000, 'out_of_stock'],
      // No stock element on the card: unknown, never "in stock".
      ['20419', null, null, 120_000, 'unknown'],
    ]);
    expect(page.cards[1]?.sold?.approximate).toBe(true);
    expect(page.nextUrl).toBe('https://postmart.vn/gian-hang/htx-ong-mat-meo-vac-3051?page=2');
  });

  it('lets its shop cards stand in for product pages: they tell stock and sold', () => {
    expect(adapter.capabilities).toMatchObject({ listShop: true, cardsStandIn: true });
  });
});
