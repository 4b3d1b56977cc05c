import { TEMPORARY_NOTICE } from '../adversarial.ts';
import type { Listing } from '../world/types.ts';
import { escapeHtml, FILLER, groupThousands, html, redirect, type SiteResponse, shownTitle } from './format.ts';
import type { Site, SiteContext } from './site.ts';

const PAGE_SIZE = 20;
const TITLE_SUFFIX = 'Sàn thương mại điện tử của khách hàng Viettelpost';

// Like the real page (fixtures/real/voso-2021): the record in `var product = {...};`, the
// "Hết hàng" block always in the markup, the shop box, and captcha.js loaded on every page.
function productPage(listing: Listing, context: SiteContext): string {
  const url = `${context.baseUrl}/${listing.slug}-p${listing.itemId}.html`;
  const stars = context.productStars(listing.productId);
  const trick = context.trick(listing.itemId);
  // Another product's page, removed by voso, served at this address (adversarial).
  const other = trick === 'other_removal_page';
  const record = {
    id: Number(listing.itemId) + (other ? 1 : 0),
    productCode: `P1${listing.itemId}`,
    merchantId: Number(listing.shopId),
    name: shownTitle(listing),
    price: listing.price,
    listPrice: listing.listPrice ?? 0,
    approved: 1,
    reject: 0,
    activated: other || (listing.removedOnDay !== null && listing.removalMode === 'state') ? 0 : 1,
    available: listing.inStock ? 1 : 0,
    viewCount: listing.sold * 11 + 40,
    buyCount: listing.sold * 3 + 7, // not what the page shows: `sold` is
    sold: listing.sold,
    isOCOP: 1,
    ratingOCOP: stars,
    createTime: 1_700_000_000 + Number(listing.itemId),
  };
  if (context.redesign) {
    return `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>${escapeHtml(shownTitle(listing))} | voso</title></head>
<body><div id="__app"></div><script>window.__INITIAL_STATE__ = ${JSON.stringify({ productDetail: { data: record } })};</script></body></html>`;
  }
  return `<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8">
<title>${escapeHtml(shownTitle(listing))} - P${listing.itemId} | ${TITLE_SUFFIX}</title>
<meta property="og:url" content="${url}" />
<link rel="canonical" href="${url}" />
<script src="${context.baseUrl}/static/js/captcha.js?v=1603338118"></script>
</head><body>
<script>
    var product = ${JSON.stringify(record)};
    var merchantId = ${listing.shopId};
</script>
<div class="b__detail--main-wapper" ng-controller="product" ng-init="init()">
  ${trick === 'temporary_notice' ? `<div class="b__shop--notice">${TEMPORARY_NOTICE}</div>` : ''}
  <span class="product-detail__product-name">${escapeHtml(shownTitle(listing))}</span>
  <div ng-if="available" class="c-product-out-of-stock"><span>Hết hàng</span></div>
  <div class="b-price"><strong>${groupThousands(listing.price, ',')}<sup>₫</sup></strong></div>
  <span> Đã bán <label>${listing.sold}</label></span>
  <div class="b__shop--ls"><span class="b__shop--name">${escapeHtml(listing.shopName)}</span>
    <a class="go_to_shop" href="/gian-hang-s${listing.shopId}">Xem shop</a></div>
  <div class="description">${FILLER}</div>
</div>
<footer>${TITLE_SUFFIX}</footer>
</body></html>`;
}

function card(listing: Listing, context: SiteContext): string {
  const url = `${context.baseUrl}/${listing.slug}-p${listing.itemId}.html`;
  // Cards of listings with no sale show no sold label at all (as on the real home page).
  const sold = listing.sold > 0 ? `<label class="ml-auto">${listing.sold} đã bán</label>` : '';
  const list = listing.listPrice ? `${groupThousands(listing.listPrice, ',')}<sup>₫</sup>` : '';
  return `<div class="f-items">
  <div class="f-product-item__thumb"><a href="${url}"><div class="f-product-item__thumb-img"><span class="icon-ocop"></span></div>
    <span class="jstars jstars__ocop" data-value="${context.productStars(listing.productId)}"></span></a></div>
  <div class="f-items_description f-items_show-name"><div class="f-items_name"><div class="tag-mall"></div>
    <a href="${url}">${escapeHtml(shownTitle(listing))}</a></div>
    <div class="f-items__ls main-rating b-sold-rating"><span class="jstars" data-value="0"></span>${sold}</div>
    <div class="b-price"><div class="b__price"><strong>${groupThousands(listing.price, ',')}<sup>₫</sup></strong></div>
    <div class="listed-price">${list}</div></div></div>
</div>`;
}

function shopPage(shopId: string, page: number, context: SiteContext): SiteResponse {
  const listings = context.onSaleInShop(shopId);
  if (listings.length === 0) return html('<html><body>Không tìm thấy gian hàng</body></html>', 404);
  const slice = listings.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  const next =
    page * PAGE_SIZE < listings.length ? `<link rel="next" href="/gian-hang-s${shopId}?page=${page + 1}">` : '';
  return html(`<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>${escapeHtml(listings[0]?.shopName ?? '')}</title>${next}</head>
<body><div class="l-items">${slice.map((listing) => card(listing, context)).join('\n')}</div></body></html>`);
}

const NOT_FOUND = `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>${TITLE_SUFFIX}</title>
<script src="/static/js/captcha.js?v=1603338118"></script></head><body><div class="page-404">404</div></body></html>`;

/** A voso.vn look-alike: product pages `/{slug}-p{id}.html`, shops `/{slug}-s{id}`, search `/tim-kiem-dac-san?qqq=`. */
export const vosoSite: Site = {
  kind: 'voso',
  productPath: /^\/[a-z0-9-]+-p(\d+)\.html$/u,
  shopPath: /^\/[a-z0-9-]+-s(\d+)$/u,
  notFound: html(NOT_FOUND, 404),
  answer(path, query, context) {
    const product = vosoSite.productPath.exec(path);
    if (product) {
      const listing = context.listing(product[1] ?? '');
      if (!listing) return html(NOT_FOUND, 404);
      // Moved to a new address, still on sale (adversarial): only the old address redirects.
      if (context.trick(listing.itemId) === 'moved_301' && path === `/${listing.slug}-p${listing.itemId}.html`)
        return redirect(`/${listing.slug}-moi-p${listing.itemId}.html`, 301);
      if (listing.removedOnDay !== null && listing.removalMode === 'http404') return html(NOT_FOUND, 404);
      if (listing.removedOnDay !== null && listing.removalMode === 'redirect_home') return redirect('/');
      return html(productPage(listing, context));
    }
    if (path === '/tim-kiem-dac-san') {
      const found = context.search(query.get('qqq') ?? '');
      return html(`<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Tìm kiếm - ${TITLE_SUFFIX}</title></head>
<body><div class="l-items">${found.map((listing) => card(listing, context)).join('\n')}</div></body></html>`);
    }
    const shop = vosoSite.shopPath?.exec(path);
    if (shop) return shopPage(shop[1] ?? '', Math.max(1, Number(query.get('page') ?? 1) || 1), context);
    if (path === '/')
      return html(`<!DOCTYPE html><html lang="vi"><head><title>${TITLE_SUFFIX}</title></head><body>voso</body></html>`);
    return html(NOT_FOUND, 404);
  },
};
