import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HtmlListingLayout, htmlListingLayoutSchema } from '../html-listing/layout.ts';
import { readHtmlCards } from '../html-listing/read-cards.ts';
import { NO_POLITENESS } from '../http/options.ts';
import { PoliteHttpClient } from '../http/polite-client.ts';
import { describeAdapterConformance } from '../testing/conformance.ts';
import { FixtureServer } from '../testing/fixture-server.ts';
import { createPostmartAdapter } from './adapter.ts';
import { postmartFixture, postmartVariant } from './fixtures.ts';
import { POSTMART_LAYOUT } from './options.ts';

const withNotice = (notice: string) =>
  postmartVariant((html) =>
    html.replace('<div class="product-notice"></div>', `<div class="product-notice">${notice}</div>`),
  );
/** The page without JSON-LD availability, so the stock element's words decide. */
const stockText = (words: string) =>
  postmartVariant((html) =>
    html.replace(',"availability":"https://schema.org/InStock"', '').replace('Còn hàng', words),
  );
/** A page that names product 20999 (container, JSON-LD, canonical) and shows its removal notice. */
const otherProductRemoved = postmartVariant((html) =>
  html
    .replaceAll('mat-ong-bac-ha-meo-vac-20417', 'sap-ong-meo-vac-20999')
    .replaceAll('20417', '20999')
    .replace('<div class="product-notice"></div>', '<div class="product-notice">Sản phẩm đã ngừng bán</div>'),
);

const OFFER =
  '"offers":{"@type":"Offer","price":"350000","priceCurrency":"VND","availability":"https://schema.org/InStock"}';
/** The page with its JSON-LD offers replaced: sizes, an aggregate, a price of 0. */
const withOffers = (offers: unknown) =>
  postmartVariant((html) => html.replace(OFFER, `"offers":${JSON.stringify(offers)}`));
const offer = (price: string, availability: string, url?: string) => ({
  '@type': 'Offer',
  price,
  priceCurrency: 'VND',
  availability: `https://schema.org/${availability}`,
  ...(url ? { url } : {}),
});

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
      name: 'delisted by the marketplace state (JSON-LD Discontinued), an assumed rule',
      response: { body: postmartVariant((html) => html.replace('schema.org/InStock', 'schema.org/Discontinued')) },
      expect: { verdict: 'delisted', reason: 'marketplace_state', provenance: 'assumed' },
    },
    {
      name: 'delisted by a removal banner in the product notice',
      response: {
        body: postmartVariant((html) =>
          html.replace('<div class="product-notice"></div>', '<div class="product-notice">Sản phẩm đã ngừng bán</div>'),
        ),
      },
      expect: { verdict: 'delisted', reason: 'removal_message', provenance: 'assumed' },
    },
    {
      name: 'delisted by a removal message page, an assumed rule',
      response: { body: postmartFixture('product-removed-message.html') },
      expect: { verdict: 'delisted', reason: 'removal_message', provenance: 'assumed' },
    },
    {
      name: 'a plain redirect to the home page reads as a removal only by an assumed rule',
      response: { status: 302, headers: { location: '/' } },
      routes: { '/': { body: '<html><body>Postmart</body></html>' } },
      expect: { verdict: 'delisted', reason: 'removal_redirect', provenance: 'assumed' },
    },
    {
      name: "a shop's temporary-closure notice on a page on sale is active, not delisted",
      response: { body: withNotice('Gian hàng tạm ngừng kinh doanh đến hết Tết Nguyên đán') },
      expect: { verdict: 'active', data: { stock: 'in_stock' } },
    },
    {
      name: 'a notice of a stop until a date is active, not delisted',
      response: { body: withNotice('Sản phẩm đã ngừng bán đến ngày 20/02, mời quý khách quay lại sau') },
      expect: { verdict: 'active' },
    },
    {
      name: 'sold in sizes: on sale while any size is, the first one out of stock',
      response: { body: withOffers([offer('700000', 'OutOfStock'), offer('350000', 'InStock')]) },
      expect: { verdict: 'active', data: { stock: 'in_stock', price: 350_000 } },
    },
    {
      name: 'sold in sizes: out of stock only when every size is',
      response: { body: withOffers([offer('700000', 'OutOfStock'), offer('350000', 'SoldOut')]) },
      expect: { verdict: 'active', data: { stock: 'out_of_stock' } },
    },
    {
      name: 'sold in sizes: discontinued only when every size is; one discontinued size is still on sale',
      response: { body: withOffers([offer('700000', 'Discontinued'), offer('350000', 'InStock')]) },
      expect: { verdict: 'active', data: { stock: 'in_stock' } },
    },
    {
      name: 'sold in sizes: the price is the one of the offer the listing names',
      response: {
        body: withOffers([
          offer('120000', 'InStock', '/p/mat-ong-bac-ha-meo-vac-nho-20418.html'),
          offer('350000', 'InStock', '/p/mat-ong-bac-ha-meo-vac-20417.html'),
        ]),
      },
      expect: { verdict: 'active', data: { price: 350_000 } },
    },
    {
      name: 'an AggregateOffer: the lowest price, on sale',
      response: {
        body: withOffers({
          '@type': 'AggregateOffer',
          lowPrice: '250000',
          highPrice: '700000',
          offers: [offer('700000', 'InStock'), offer('250000', 'OutOfStock')],
        }),
      },
      expect: { verdict: 'active', data: { stock: 'in_stock', price: 700_000 } },
    },
    {
      name: 'a JSON-LD price "0" and "Liên hệ" on the page are no price, never 0 ₫',
      response: {
        body: withOffers(offer('0', 'InStock')).replace(
          /<div class="product-price">[^<]*<\/div>/u,
          '<div class="product-price">Liên hệ</div>',
        ),
      },
      expect: { verdict: 'active', data: { price: null } },
    },
    {
      name: '"Còn 0 sản phẩm" is out of stock',
      response: { body: stockText('Còn 0 sản phẩm') },
      expect: { verdict: 'active', data: { stock: 'out_of_stock' } },
    },
    {
      name: 'a holiday notice read as a whole: "nghỉ … quay lại sau" beside a removal phrase is no removal',
      response: { body: withNotice('Shop đang nghỉ Tết, quay lại sau mùng 6. Sản phẩm đã ngừng bán!') },
      expect: { verdict: 'active' },
    },
    {
      name: 'a removal notice on a page cut off before its end is unknown: the rest may say "tạm"',
      response: {
        body: `${postmartFixture('product-active.html').split('<div class="product-notice">')[0] ?? ''}<div class="product-notice">Sản phẩm đã ngừng kinh doanh`,
      },
      expect: { verdict: 'unknown' },
    },
    {
      name: '"Sắp hết hàng" (almost sold out) is in stock',
      response: { body: stockText('Sắp hết hàng') },
      expect: { verdict: 'active', data: { stock: 'in_stock' } },
    },
    {
      name: 'stock words it does not know ("Ngừng kinh doanh") are unknown stock, not in stock',
      response: { body: stockText('Ngừng kinh doanh') },
      expect: { verdict: 'active', data: { stock: 'unknown' } },
    },
    {
      name: 'an empty stock element is unknown stock',
      response: { body: stockText('') },
      expect: { verdict: 'active', data: { stock: 'unknown' } },
    },
    {
      name: "another product's removal page at our address says nothing about ours",
      response: { body: otherProductRemoved },
      expect: { verdict: 'unknown', reason: 'unexpected' },
    },
    {
      name: 'a product moved by 301 to its new address and still on sale is active',
      response: { status: 301, headers: { location: '/p/mat-ong-bac-ha-meo-vac-moi-20417.html' } },
      routes: { '/p/mat-ong-bac-ha-meo-vac-moi-20417.html': { body: postmartFixture('product-active.html') } },
      expect: { verdict: 'active', data: { sold: { value: 12 } } },
    },
    {
      name: 'a removal page reached by a redirect off the product is another page: unknown',
      response: { status: 302, headers: { location: '/thong-bao' } },
      routes: { '/thong-bao': { body: postmartFixture('product-removed-message.html') } },
      expect: { verdict: 'unknown', reason: 'unexpected' },
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

describe('postmart: the older /p/{slug} address and shop pages, over HTTP', () => {
  const server = new FixtureServer();
  let adapter: ReturnType<typeof createPostmartAdapter>;
  let http: PoliteHttpClient;
  let baseUrl = '';
  beforeAll(async () => {
    baseUrl = await server.start();
    adapter = createPostmartAdapter({ baseUrl });
    http = new PoliteHttpClient({ allowedHosts: [...adapter.hosts], ...NO_POLITENESS, retries: 0 });
  });
  afterAll(async () => {
    await http.close();
    await server.close();
  });
  const oldPath = '/p/mat-ong-bac-ha-meo-vac';
  const checkOld = async (body: string) => {
    server.serve({ [oldPath]: { body: body.replaceAll('https://postmart.vn', baseUrl) } });
    const ref = adapter.parseRef(`${baseUrl}${oldPath}`);
    if (!ref) throw new Error('the old address is not recognised');
    return adapter.check(ref, { http });
  };

  it('an old address that shows the product on sale (its canonical names the slug) is active', async () => {
    const observation = await checkOld(postmartFixture('product-active.html'));
    expect(observation).toMatchObject({ verdict: 'active', data: { sold: { value: 12 } } });
  });

  it("an old address that shows another product's removal page is unknown, never delisted", async () => {
    const observation = await checkOld(otherProductRemoved);
    expect(observation).toMatchObject({ verdict: 'unknown', reason: 'unexpected' });
  });

  it('an old address that shows a removal page naming no product is an assumed removal', async () => {
    const observation = await checkOld(postmartFixture('product-removed-message.html'));
    expect(observation).toMatchObject({ verdict: 'delisted', evidence: { provenance: 'assumed' } });
  });

  it("reads a shop's own pages, and refuses a shop address bounced home: home cards never pass as the shop's", async () => {
    const shop = adapter.parseShopRef?.(`${baseUrl}/gian-hang/htx-ong-mat-meo-vac-3051`);
    if (!shop || !adapter.listShop) throw new Error('postmart lists shops');
    const cards = postmartFixture('shop-page.html').replace(/<link rel="next"[^>]*>/u, '');
    const read = async () => {
      const found: string[] = [];
      for await (const card of adapter.listShop?.(shop, { http }) ?? []) found.push(card.ref.itemId);
      return found;
    };
    server.serve({ '/gian-hang/htx-ong-mat-meo-vac-3051': { body: cards } });
    expect(await read()).toEqual(['20417', '20418', '20419']);
    server.serve({
      '/gian-hang/htx-ong-mat-meo-vac-3051': { status: 302, headers: { location: '/?returnUrl=%2Fgian-hang' } },
      '/': { body: cards },
    });
    await expect(read()).rejects.toThrow(/not that shop's page/u);
  });
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
