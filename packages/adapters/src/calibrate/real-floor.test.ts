import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkFloorLayout } from './check-floor-layout.ts';
import type { CalibrationPage } from './read-sample.ts';
import { suggestFloorLayout } from './suggest-floor-layout.ts';

const failures = (results: Awaited<ReturnType<typeof checkFloorLayout>>) =>
  results.filter((r) => !r.passed).map((r) => `${r.name}: ${r.problems.join('; ')}`);

// Hà Tĩnh's floor, rendered from its own templates (fixtures/real/floor-hatinh-2021, README beside
// them): the page title h1 outside the product box, a bare-text price beside a <del> list price, a
// related-products carousel with other prices, a header menu "Sản phẩm OCOP", and a removed
// product — like any slug that never existed — answered 200 with "Không có dữ liệu!".
const HATINH = 'https://hatinhtrade.com.vn';
const real = (file: string) =>
  readFileSync(new URL(`../../fixtures/real/floor-hatinh-2021/${file}`, import.meta.url), 'utf8');
const hatinhPage = (slug: string, file = `${slug}.html`): CalibrationPage => ({
  url: `${HATINH}/product/details/${slug}`,
  finalUrl: `${HATINH}/product/details/${slug}`,
  status: 200,
  contentType: 'text/html; charset=UTF-8',
  body: real(file),
});
const HATINH_ON_SALE = [
  hatinhPage('nhung-huou-huong-son-say-kho-100g'),
  hatinhPage('keo-cu-do-thien-cam-hop-500g'),
  hatinhPage('buoi-phuc-trach-tui-2-qua'),
];
const HATINH_REMOVED = hatinhPage('ruou-nep-da-ngung-ban', 'no_data.html');
// What the floor answers for a slug no product ever had: the same page.
const HATINH_CONTROL = hatinhPage('ocop-monitor-khong-ton-tai-3f2a9c', 'no_data.html');
const FLOOR = { id: 'floor-hatinh', displayName: 'Sàn TMĐT Hà Tĩnh' };

describe("calibration on a real provincial floor's templates (Hà Tĩnh)", () => {
  it('reads the three true titles and prices (README), never the related box nor the list price, and the removed answer as removed', async () => {
    const suggestion = suggestFloorLayout([...HATINH_ON_SALE, HATINH_REMOVED], {
      removed: [HATINH_REMOVED.url],
      control: HATINH_CONTROL,
    });
    expect(suggestion.productPages.map((p) => [p.title, p.price])).toEqual([
      ['Nhung hươu Hương Sơn sấy khô hộp 100g', 2_500_000],
      ['Kẹo cu đơ Thiên Cầm hộp 500g', 65_000],
      ['Bưởi Phúc Trạch túi 2 quả (2,5 - 3kg)', 120_000],
    ]);
    // The header menu's "Sản phẩm OCOP" is no badge, the breadcrumb's /shop no shop link.
    expect(suggestion.layout.ocop).toBeUndefined();
    expect(suggestion.layout.shopLink).toBeUndefined();
    expect(suggestion.removedPage).toMatchObject({ shown: 'not_found', phrase: 'Không có dữ liệu' });
    expect(suggestion.layout.removalPhrases).toEqual(['Không có dữ liệu']);
    expect(suggestion.layout.notFoundAnswers).toEqual([
      expect.objectContaining({ status: 200, contentType: 'text/html', signature: expect.stringMatching(/^html:/u) }),
    ]);
    // The answer for a slug that never existed is the same: nothing for a person to look at there.
    expect(suggestion.notes.join('\n')).not.toMatch(/answers unlike the removed page|No address that never existed/u);
    expect(suggestion.layout.seenRemovalRules).toBeUndefined();
    const results = await checkFloorLayout(suggestion, FLOOR);
    expect(failures(results)).toEqual([]);
    expect(results.map((r) => r.name)).toEqual(
      expect.arrayContaining([
        expect.stringContaining('/product/details/ruou-nep-da-ngung-ban reads removed (not_found)'),
        'the negative control — an address no product has — gets that answer and recognises it',
        "a web server's default 404 page (nginx) is unknown, never delisted",
      ]),
    );
  });

  it('knows the removed answer without being told, when it is the answer for a slug that never existed', () => {
    const suggestion = suggestFloorLayout([...HATINH_ON_SALE, HATINH_REMOVED], { control: HATINH_CONTROL });
    expect(suggestion.removedPage?.page.url).toBe(HATINH_REMOVED.url);
    expect(suggestion.removedPage?.shown).toBe('not_found');
  });

  it('a proposal that does not read the removed sample as removed fails the run: the sample is never left out', async () => {
    const suggestion = suggestFloorLayout([...HATINH_ON_SALE, HATINH_REMOVED], {
      removed: [HATINH_REMOVED.url],
      control: HATINH_CONTROL,
    });
    const { notFoundAnswers: _, ...withoutAnswer } = suggestion.layout;
    const failed = failures(await checkFloorLayout({ ...suggestion, layout: withoutAnswer }, FLOOR));
    expect(failed).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/ruou-nep-da-ngung-ban reads removed .*read unknown.*keep it: notFoundAnswers/u),
      ]),
    );
  });

  it('says so when an address that never existed answers unlike the removed page', () => {
    const nginx = {
      ...HATINH_CONTROL,
      status: 404,
      contentType: 'text/html',
      body: '<html><head><title>404 Not Found</title></head><body><center><h1>404 Not Found</h1></center><hr><center>nginx</center></body></html>',
    };
    const suggestion = suggestFloorLayout([...HATINH_ON_SALE, HATINH_REMOVED], {
      removed: [HATINH_REMOVED.url],
      control: nginx,
    });
    expect(suggestion.notes.join('\n')).toMatch(/answers unlike the removed page/u);
    // The web server's page is never kept as the floor's answer.
    expect(suggestion.layout.notFoundAnswers).toHaveLength(1);
    expect(suggestion.layout.notFoundAnswers?.[0]?.status).toBe(200);
  });
});

// A floor written here from outside the adapters' tests: its own class names, the title in a
// banner outside the product box, discounted prices in <s>, a "Gợi ý cho bạn" box with prices and a
// removal badge, a menu and breadcrumbs that mention OCOP and a shop, the OCOP badge inside the
// box, and a removed product answered 200 with the site's own bare "no data" page.
const OUTSIDE = 'https://santmdt.example.vn';
interface OutsideProduct {
  id: number;
  name: string;
  price: number;
  was: number | null;
  stars: number;
}
const dong = (vnd: number) => `${vnd.toLocaleString('de-DE')}đ`;
const outsidePage = (
  p: OutsideProduct,
) => `<!doctype html><html lang="vi"><head><title>${p.name} - Sàn TMĐT tỉnh</title></head>
<body>
<div class="topmenu"><a href="/danh-muc/ocop">Sản phẩm OCOP 5 sao</a> <a href="/gian-hang">Gian hàng</a></div>
<div class="hero-band"><h1 class="hero-title">${p.name}</h1>
  <div class="crumbs"><a href="/">Trang chủ</a> › <a href="/gian-hang/htx-a-12">Gian hàng HTX A</a></div></div>
<div class="wrap">
  <div class="sp-khung" data-sp="${p.id}">
    <div class="sp-ten">${p.name}</div>
    <div class="sp-gia">${p.was ? `<s>${dong(p.was)}</s> ` : ''}<b>${dong(p.price)}</b></div>
    <div class="sp-hang">Chứng nhận OCOP ${p.stars} sao</div>
    <button class="nut-mua" data-sp="${p.id}">Mua ngay</button>
  </div>
  <div class="goi-y-cho-ban"><h3>Gợi ý cho bạn</h3>
    <div class="o"><a href="/sp/${p.id + 1000}"><img src="/a.jpg"></a><p>Khác</p><span>${dong(15_000)}</span><em>Sản phẩm đã ngừng kinh doanh</em></div>
  </div>
</div>
<footer>Liên hệ: 0239 3855 666</footer></body></html>`;
const OUTSIDE_PRODUCTS: OutsideProduct[] = [
  { id: 31, name: 'Mè xửng Huế hộp 250g', price: 45_000, was: 60_000, stars: 3 },
  { id: 57, name: 'Nước mắm Cửa Hội chai 500ml', price: 85_000, was: null, stars: 4 },
  { id: 88, name: 'Trà xanh Hương Sơn gói 200g', price: 120_000, was: 140_000, stars: 4 },
];
const NO_DATA =
  '<!doctype html><html><head><title>Thông báo</title></head><body><div class="thong-bao"><p>Sản phẩm không tồn tại.</p></div></body></html>';
const outside = (path: string, body: string): CalibrationPage => ({
  url: `${OUTSIDE}${path}`,
  finalUrl: `${OUTSIDE}${path}`,
  status: 200,
  contentType: 'text/html',
  body,
});

describe('calibration on a floor written from outside the adapters', () => {
  const pages = OUTSIDE_PRODUCTS.map((p) => outside(`/sp/${p.id}`, outsidePage(p)));
  const suggestion = suggestFloorLayout([...pages, outside('/sp/4040', NO_DATA)], {
    removed: [`${OUTSIDE}/sp/4040`],
    control: outside('/sp/999999999999', NO_DATA),
  });

  it("reads each product's title and the price a buyer pays, and the badge inside the box, never the menu's", () => {
    expect(suggestion.productPages.map((p) => [p.title, p.price])).toEqual(
      OUTSIDE_PRODUCTS.map((p) => [p.name, p.price]),
    );
    expect(suggestion.layout.container).toMatch(/sp-khung/u);
    expect(suggestion.layout.ocop).toBeDefined();
    // The breadcrumb's shop link is navigation: no shop link is proposed from it.
    expect(suggestion.layout.shopLink).toBeUndefined();
  });

  it('proposes the site\'s own "no data" sentence without its full stop, and the conformance kit passes', async () => {
    expect(suggestion.removedPage).toMatchObject({ shown: 'not_found', phrase: 'Sản phẩm không tồn tại' });
    expect(failures(await checkFloorLayout(suggestion, { id: 'floor-outside', displayName: 'Sàn ngoài' }))).toEqual([]);
  });
});
