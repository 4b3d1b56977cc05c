import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkFloorLayout } from './check-floor-layout.ts';
import type { CalibrationPage } from './read-sample.ts';
import { suggestFloorLayout } from './suggest-floor-layout.ts';

// A floor written by nobody here (its own classes, no JSON-LD, a footer that mentions "ngừng kinh
// doanh", a related-products box with its own prices): three products on sale and one removed.
const BASE = 'https://sanhatinh.example';
const fixture = (file: string) => readFileSync(new URL(`fixtures/${file}`, import.meta.url), 'utf8');
const page = (path: string, file: string, extra: Partial<CalibrationPage> = {}): CalibrationPage => ({
  url: `${BASE}${path}`,
  finalUrl: `${BASE}${path}`,
  status: 200,
  body: fixture(file),
  ...extra,
});
const ON_SALE = [
  page('/sp/mat-ong-u-minh-88', 'product-88.html'),
  page('/sp/tra-xanh-huong-son-120', 'product-120.html'),
  page('/sp/cam-bu-vu-quang-7', 'product-7.html'),
];
const FLOOR = { id: 'floor-hatinh', displayName: 'Sàn TMĐT Hà Tĩnh' };
const failures = (results: Awaited<ReturnType<typeof checkFloorLayout>>) =>
  results.filter((r) => !r.passed).map((r) => `${r.name}: ${r.problems.join('; ')}`);

describe('a floor layout proposed from captured pages', () => {
  it('finds the addresses, the product box and each field, and the conformance kit passes on every captured page', async () => {
    // The floor answers an address that never existed with the same frame and sentence.
    const control = page('/sp/ocop-monitor-khong-ton-tai-999999999999', 'removed-45.html');
    const suggestion = suggestFloorLayout([...ON_SALE, page('/sp/ruou-nep-45', 'removed-45.html')], { control });
    expect(suggestion.layout.notFoundAnswers).toEqual([
      expect.objectContaining({ status: 200, learnedFrom: 'captured removed page /sp/ruou-nep-45' }),
    ]);
    expect(suggestion.layout).toMatchObject({
      productPaths: ['^/sp/(?<slug>[a-z0-9-]+)-(?<id>\\d+)$'],
      shopPath: '^/cua-hang/(?<slug>[a-z0-9-]+)-(?<id>\\d+)$',
      jsonLd: false,
      // The product's own box: not <main>, whose related products carry other prices.
      container: 'section.pdp-main',
      itemIdAttribute: 'data-product-id',
      seenRemovalRules: ['message'],
    });
    expect(suggestion.soldCount).toBe('exact');
    expect(suggestion.productPages.map((p) => [p.title, p.price, p.sold, p.stock])).toEqual([
      ['Mật ong U Minh', 250_000, 37, 'in_stock'],
      ['Trà xanh Hương Sơn', 120_000, 5, 'in_stock'],
      ['Cam bù Vũ Quang (hộp 5 kg)', 180_000, 0, 'out_of_stock'],
    ]);
    expect(suggestion.removedPage).toMatchObject({ shown: 'message', phrase: 'Sản phẩm đã ngừng kinh doanh' });
    expect(suggestion.notes).toEqual([]);
    const results = await checkFloorLayout(suggestion, FLOOR);
    expect(failures(results)).toEqual([]);
    // Each captured page was checked, and the pages that only look like a removal too.
    expect(results.map((r) => r.name)).toEqual(
      expect.arrayContaining([
        expect.stringContaining('/sp/cam-bu-vu-quang-7 reads on sale'),
        expect.stringContaining('/sp/ruou-nep-45 reads removed'),
        "a firewall's 404 page is unknown/blocked, never delisted",
      ]),
    );
  });

  it('a closure "until the end of Tết" is not taken for the removed page: no removal rule is called seen', () => {
    const suggestion = suggestFloorLayout([...ON_SALE, page('/sp/ruou-nep-46', 'closed-for-tet-46.html')]);
    expect(suggestion.removedPage).toBeNull();
    expect(suggestion.layout.seenRemovalRules).toBeUndefined();
    expect(suggestion.ignored).toEqual([`${BASE}/sp/ruou-nep-46`]);
    expect(suggestion.notes.join('\n')).toMatch(/every removal rule stays assumed/u);
  });

  it('a banner over a product still shown names the notice area; the banner reads removed, the pages on sale do not', async () => {
    const banner = fixture('product-88.html').replace(
      '<div class="pdp-badges">',
      '<div class="pdp-alert">Sản phẩm đã ngừng kinh doanh</div><div class="pdp-badges">',
    );
    const suggestion = suggestFloorLayout(
      [...ON_SALE.slice(1), { ...page('/sp/mat-ong-u-minh-88', 'product-88.html'), body: banner }],
      {
        removed: [`${BASE}/sp/mat-ong-u-minh-88`],
      },
    );
    expect(suggestion.layout).toMatchObject({ notice: 'div.pdp-alert', seenRemovalRules: ['notice'] });
    expect(failures(await checkFloorLayout(suggestion, FLOOR))).toEqual([]);
  });

  it('a removal that sends the buyer home is proposed as a redirect, with the warning that a session may do the same', async () => {
    const home = '<!doctype html><html lang="vi"><body><main><h1>Đặc sản Hà Tĩnh</h1></main></body></html>';
    const suggestion = suggestFloorLayout(
      [...ON_SALE, { url: `${BASE}/sp/ruou-nep-45`, finalUrl: `${BASE}/`, status: 200, body: home }],
      { removed: [`${BASE}/sp/ruou-nep-45`] },
    );
    // Never seen: an expired session or an age gate (an OCOP rượu) bounces home the same way.
    expect(suggestion.layout).toMatchObject({ removalRedirectPaths: ['^/$'] });
    expect(suggestion.layout.seenRemovalRules).toBeUndefined();
    expect(suggestion.notes.join('\n')).toMatch(/an expired session or an age gate may too/u);
    expect(failures(await checkFloorLayout(suggestion, FLOOR))).toEqual([]);
  });

  it('the conformance kit fails a layout that reads the wrong price, naming the page and the value', async () => {
    const suggestion = suggestFloorLayout(ON_SALE);
    const wrong = { ...suggestion, layout: { ...suggestion.layout, price: 'del.pdp-price-was' } };
    const failed = failures(await checkFloorLayout(wrong, FLOOR));
    expect(failed).toEqual([
      expect.stringMatching(/\/sp\/mat-ong-u-minh-88 .*price read 300000, expected 250000/u),
      expect.stringMatching(/\/sp\/tra-xanh-huong-son-120 .*price read null, expected 120000/u),
      expect.stringMatching(/\/sp\/cam-bu-vu-quang-7 .*price read 210000, expected 180000/u),
    ]);
  });

  it('pages with no product on sale are refused with what to capture', () => {
    expect(() => suggestFloorLayout([page('/sp/ruou-nep-45', 'removed-45.html')])).toThrow(
      /no product page on sale among the pages/u,
    );
  });
});
