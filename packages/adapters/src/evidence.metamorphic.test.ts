import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { MarketplaceAdapter } from './contract.ts';
import { fingerprintOf } from './not-found/fingerprint.ts';
import type { Observation } from './observation.ts';
import { createPostmartAdapter } from './postmart/adapter.ts';
import { createProvincialFloorAdapter } from './provincial-floor/adapter.ts';
import type { ProvincialFloorOptions } from './provincial-floor/options.ts';
import { oneAnswerClient } from './testing/one-answer-client.ts';
import { REMOVAL_PHRASES } from './text/phrases.ts';
import { createTikiAdapter } from './tiki/adapter.ts';
import { createVosoAdapter } from './voso/adapter.ts';

/**
 * Metamorphic tests from the real pages (fixtures/real): a page on sale, transformed the way real
 * sites and networks bend pages — wrapped in an error status, a removal notice in a related box, cut
 * off anywhere, a temporary notice added, another server's error template — is never a seen removal.
 * Each adapter keeps a not-found answer, so a seen removal is possible at all: only recognition stops it.
 */
const real = (path: string) => readFileSync(new URL(`../fixtures/real/${path}`, import.meta.url), 'utf8');
const BASE = 'https://market.example';
const HTML = { 'content-type': 'text/html; charset=utf-8' };
const JSON_TYPE = { 'content-type': 'application/json' };

const haTinh = parse(
  readFileSync(new URL('../../../config/floors/hatinh.yaml', import.meta.url), 'utf8'),
) as ProvincialFloorOptions;
const quangTri = parse(
  readFileSync(new URL('../../../config/floors/quangtri.yaml', import.meta.url), 'utf8'),
) as ProvincialFloorOptions;
const fixture = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');
// voso's and Tiki's own not-found answers were never captured: these stand for what the doctor would keep.
const vosoNotFound = `<!DOCTYPE html><html lang="vi"><head><title>Không tìm thấy trang</title></head><body><div class="page-404"><h1>404</h1></div></body></html>`;
const tikiNotFound = JSON.stringify({ error: { code: 404, message: 'Sản phẩm không tồn tại' } });

interface RealPage {
  name: string;
  adapter: MarketplaceAdapter;
  listingPath: string;
  body: string;
  headers: Record<string, string>;
}

const PAGES: RealPage[] = [
  {
    name: 'voso 2021 product page',
    adapter: createVosoAdapter({
      baseUrl: BASE,
      notFoundAnswers: [fingerprintOf({ status: 404, headers: HTML, body: vosoNotFound })],
    }),
    listingPath: '/giay-sneaker-nam-den-p101533.html',
    body: readFileSync(new URL('./voso/fixtures/real-2021-product-p101533.html', import.meta.url), 'utf8'),
    headers: HTML,
  },
  {
    name: 'Tiki 2025 product answer',
    adapter: createTikiAdapter({
      baseUrl: BASE,
      notFoundAnswers: [fingerprintOf({ status: 404, headers: JSON_TYPE, body: tikiNotFound })],
    }),
    listingPath: '/dien-thoai-samsung-galaxy-a16-p276614493.html?spid=276615090',
    body: real('tiki-2025/product-276614493.json'),
    headers: JSON_TYPE,
  },
  ...['nhung-huou-huong-son-say-kho-100g', 'keo-cu-do-thien-cam-hop-500g', 'buoi-phuc-trach-tui-2-qua'].map((slug) => ({
    name: `Hà Tĩnh floor: ${slug}`,
    adapter: createProvincialFloorAdapter({ ...haTinh, baseUrl: BASE }),
    listingPath: `/product/details/${slug}`,
    body: real(`floor-hatinh-2021/${slug}.html`),
    headers: HTML,
  })),
  // Two realistic pages with a notice area in the product box, where a notice counts at all.
  {
    name: 'postmart layout (realistic page, notice area in the box)',
    adapter: createPostmartAdapter({
      baseUrl: BASE,
      notFoundAnswers: [fingerprintOf({ status: 404, headers: HTML, body: vosoNotFound })],
    }),
    listingPath: '/p/mat-ong-bac-ha-meo-vac-20417.html',
    body: fixture('./postmart/fixtures/product-active.html'),
    headers: HTML,
  },
  {
    name: 'Quảng Trị floor layout (realistic page, alert box in the product box)',
    adapter: createProvincialFloorAdapter({
      ...quangTri,
      baseUrl: BASE,
      layout: { ...quangTri.layout, seenRemovalRules: ['notice', 'message'] },
    }),
    listingPath: '/san-pham/che-vang-cam-lo-1523.html',
    body: fixture('./provincial-floor/fixtures/product-active.html'),
    headers: HTML,
  },
];

/** The product box's own notice area of the two pages that have one, where a related box may sit first. */
const NOTICE_AREAS: Record<string, string> = {
  'postmart layout (realistic page, notice area in the box)': '<div class="product-notice"></div>',
  'Quảng Trị floor layout (realistic page, alert box in the product box)': '<div class="product-alert"></div>',
};

async function check(page: RealPage, status: number, body: string, headers = page.headers): Promise<Observation> {
  const ref = page.adapter.parseRef(`${BASE}${page.listingPath}`);
  if (!ref) throw new Error(`${page.adapter.id} does not read ${page.listingPath}`);
  return page.adapter.check(ref, { http: oneAnswerClient(status, body, headers) });
}

/** Inserts `fragment` at a random place of the page's body (before `</body>` at the latest). */
const insertAnywhere = (body: string, fragment: string, at: number) => {
  const end = body.lastIndexOf('</body>');
  const limit = end === -1 ? body.length : end;
  const cut = Math.min(at, limit);
  // Never inside a tag: move to the next '>' (or keep the start of the body).
  const next = body.indexOf('>', cut);
  const place = next === -1 || next >= limit ? limit : next + 1;
  return `${body.slice(0, place)}${fragment}${body.slice(place)}`;
};

const phrase = fc.constantFrom(...REMOVAL_PHRASES);
const temporary = fc.constantFrom(
  'Gian hàng tạm nghỉ đến hết Tết Nguyên đán',
  'Shop đang nghỉ lễ, sẽ quay lại sau',
  'Hẹn gặp lại quý khách sau kỳ nghỉ',
  'Tạm ngừng nhận đơn trong dịp 30/4 - 1/5',
  'Hệ thống đang bảo trì, vui lòng quay lại sau',
);
const errorStatus = fc.constantFrom(400, 401, 403, 404, 405, 410, 451, 500, 502, 503, 504);
const word = fc.stringMatching(/^[a-z][a-z0-9-]{0,11}$/u);

/** Another server's error page: any nesting of tags and classes around an error's words. */
const errorTemplate = fc
  .record({
    tags: fc.array(fc.constantFrom('div', 'section', 'main', 'center', 'article', 'p'), { minLength: 1, maxLength: 6 }),
    classes: fc.array(word, { maxLength: 4 }),
    words: fc.constantFrom(
      '404 Not Found',
      'Không tìm thấy trang',
      'no Route matched with those values',
      'Trang bạn tìm không tồn tại',
      'Hệ thống đang bảo trì',
      'The page you requested has moved',
    ),
    title: fc.boolean(),
  })
  .map(({ tags, classes, words, title }) => {
    const open = tags.map((tag, i) => `<${tag} class="${classes[i % Math.max(1, classes.length)] ?? ''}">`).join('');
    const close = [...tags]
      .reverse()
      .map((tag) => `</${tag}>`)
      .join('');
    return `<!DOCTYPE html><html><head>${title ? `<title>${words}</title>` : ''}</head><body>${open}${words}${close}</body></html>`;
  });

/** A related-products box whose card carries a removal notice: about another product, never ours. */
const relatedBox = fc
  .record({ phrase, slug: word, price: fc.integer({ min: 1, max: 9_999 }) })
  .map(
    ({ phrase: notice, slug, price }) =>
      `<div class="related-products"><div class="product-card"><a href="/product/details/${slug}-khac"><img src="/a.jpg"></a><span class="product-notice">${notice}</span><h4 class="product-price">${price}.000 ₫</h4></div></div>`,
  );

const seenRemoval = (o: Observation) => o.verdict === 'delisted' && o.evidence.provenance === 'seen';

describe.each(PAGES)('$name: a page on sale, bent, is never a seen removal', (page) => {
  it('reads on sale as it is', async () => {
    expect((await check(page, 200, page.body)).verdict).toBe('active');
  });

  it('wrapped in any error status', async () => {
    await fc.assert(
      fc.asyncProperty(errorStatus, async (status) => {
        expect((await check(page, status, page.body)).verdict).not.toBe('delisted');
      }),
      { numRuns: 40 },
    );
  });

  it('cut off at any point, with any status', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: page.body.length }), fc.constantFrom(200, 404, 410), async (at, status) => {
        expect(seenRemoval(await check(page, status, page.body.slice(0, at)))).toBe(false);
      }),
      { numRuns: 80 },
    );
  });

  it('with a removal notice in a related-products box anywhere', async () => {
    await fc.assert(
      fc.asyncProperty(relatedBox, fc.nat({ max: page.body.length }), async (box, at) => {
        const observation = await check(page, 200, insertAnywhere(page.body, box, at));
        expect(observation.verdict).not.toBe('delisted');
      }),
      { numRuns: 60 },
    );
  });

  const area = NOTICE_AREAS[page.name];
  if (area) {
    it('with a related card carrying a removal badge in the notice’s own class, before the notice', async () => {
      const badgeClass = /class="([^"]+)"/u.exec(area)?.[1] ?? '';
      await fc.assert(
        fc.asyncProperty(phrase, word, async (removal, slug) => {
          const card = `<ul class="goi-y"><li><a href="/p/${slug}-99.html"><img src="/b.jpg"></a><div class="${badgeClass}">${removal}</div></li></ul>`;
          const body = page.body.replace(area, `${card}${area}`);
          expect(body).not.toBe(page.body);
          expect((await check(page, 200, body)).verdict).not.toBe('delisted');
        }),
        { numRuns: 30 },
      );
    });

    it('with a shop-holiday notice in the notice area itself', async () => {
      await fc.assert(
        fc.asyncProperty(temporary, phrase, async (rest, removal) => {
          const body = page.body.replace(area, area.replace('></div>', `>${rest}. ${removal}!</div>`));
          expect((await check(page, 200, body)).verdict).not.toBe('delisted');
        }),
        { numRuns: 30 },
      );
    });

    it('yet the same removal notice alone in that area is read as one (the tests above can fail)', async () => {
      const body = page.body.replace(area, area.replace('></div>', `>${REMOVAL_PHRASES[0]}</div>`));
      expect((await check(page, 200, body)).verdict).toBe('delisted');
    });
  }

  it('with a temporary notice beside a removal phrase anywhere', async () => {
    await fc.assert(
      fc.asyncProperty(temporary, phrase, fc.nat({ max: page.body.length }), async (rest, removal, at) => {
        const notice = `<div class="alert">${rest}. ${removal}.</div>`;
        expect((await check(page, 200, insertAnywhere(page.body, notice, at))).verdict).not.toBe('delisted');
      }),
      { numRuns: 60 },
    );
  });

  it("answered by another server's error template, with a 404 or 410", async () => {
    await fc.assert(
      fc.asyncProperty(errorTemplate, fc.constantFrom(404, 410), async (body, status) => {
        expect((await check(page, status, body, HTML)).verdict).not.toBe('delisted');
      }),
      { numRuns: 60 },
    );
  });
});

describe('Tiki: sizes and seller offers from the real 2025 answer', () => {
  const [tiki] = PAGES.filter((p) => p.name.startsWith('Tiki'));
  if (!tiki) throw new Error('no Tiki page');
  const answer = JSON.parse(tiki.body) as Record<string, unknown> & {
    configurable_products: Array<Record<string, unknown>>;
  };

  it('reads the listing’s own offer: exact sold count, the seller, in stock', async () => {
    const observation = await check(tiki, 200, tiki.body);
    expect(observation).toMatchObject({
      verdict: 'active',
      data: { price: 3_110_000, sold: { value: 497, approximate: false }, stock: 'in_stock', shop: { id: '40395' } },
    });
  });

  it('on sale while any size is: out of stock only when every size is', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom('available', 'out_of_stock'), {
          minLength: answer.configurable_products.length,
          maxLength: answer.configurable_products.length,
        }),
        async (statuses) => {
          const sizes = answer.configurable_products.map((size, i) => ({ ...size, inventory_status: statuses[i] }));
          const body = JSON.stringify({ ...answer, inventory_status: statuses[0], configurable_products: sizes });
          const observation = await check(tiki, 200, body);
          const expected = statuses.includes('available') ? 'in_stock' : 'out_of_stock';
          expect(observation).toMatchObject({ verdict: 'active', data: { stock: expected } });
        },
      ),
      { numRuns: 30 },
    );
  });

  it('"available" beside a quantity of 0 is neither in nor out of stock', async () => {
    const body = JSON.stringify({
      ...answer,
      inventory_status: 'available',
      stock_item: { qty: 0 },
      configurable_products: [],
    });
    expect(await check(tiki, 200, body)).toMatchObject({ verdict: 'active', data: { stock: 'unknown' } });
  });

  it("another seller's offer in the answer means the listing's offer is gone: a suspicion for a person, never on sale", async () => {
    const other = { ...(answer.current_seller as object), product_id: '999000111', name: 'Nhà bán khác' };
    const body = JSON.stringify({ ...answer, current_seller: other, configurable_products: [] });
    const observation = await check(tiki, 200, body);
    expect(observation).toMatchObject({
      verdict: 'delisted',
      evidence: { matchedRule: 'tiki.seller-offer-gone', provenance: 'assumed' },
    });
  });
});
