import { relatedRemovalCard, SHOP_RESTING_NOTICE, TEMPORARY_NOTICE } from '../adversarial.ts';
import type { Listing } from '../world/types.ts';
import { escapeHtml, groupThousands, html, redirect, type SiteResponse, shownTitle } from './format.ts';
import type { Site, SiteContext } from './site.ts';

const PAGE_SIZE = 12;
const productUrl = (listing: Listing, base: string) => `${base}/san-pham/${listing.slug}-${listing.itemId}.html`;

/** The stock words a page or card shows; "Sắp hết hàng" on an adversarial day. */
const statusWords = (listing: Listing, context: SiteContext) =>
  !listing.inStock ? 'Tạm hết hàng' : context.trick(listing.itemId) === 'almost_sold_out' ? 'Sắp hết hàng' : 'Còn hàng';

/** What the alert box of the product box says today: nothing, or an adversarial day's notice. */
const notice = (trick: ReturnType<SiteContext['trick']>) =>
  trick === 'temporary_notice' ? TEMPORARY_NOTICE : trick === 'shop_resting' ? SHOP_RESTING_NOTICE : '';

// The common provincial-floor vendor template (config/floors/quangtri.yaml): view counts, no sold count.
function productPage(listing: Listing, context: SiteContext): string {
  const stars = context.productStars(listing.productId);
  const title = escapeHtml(shownTitle(listing));
  const trick = context.trick(listing.itemId);
  if (trick === 'other_removal_page') {
    // Another product's hidden page, naming it, at this listing's address.
    return `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Sàn TMĐT Quảng Trị</title></head><body>
<div class="container"><div class="product-info" data-id="${Number(listing.itemId) + 1}"><div class="product-alert">Sản phẩm đã bị ẩn bởi quản trị sàn</div></div></div></body></html>`;
  }
  if (context.redesign) {
    return `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>${title}</title></head>
<body><section class="sp-chitiet"><h2>${title}</h2><b>${groupThousands(listing.price, '.')} ₫</b></section></body></html>`;
  }
  const old = listing.listPrice
    ? `<div class="product-old-price">${groupThousands(listing.listPrice, '.')} ₫</div>`
    : '';
  return `<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>${title} - Sàn TMĐT Quảng Trị</title></head><body>
<div class="top-bar">Sàn giao dịch thương mại điện tử tỉnh Quảng Trị</div>
<div class="container"><div class="product-info" data-id="${listing.itemId}">
  ${trick === 'related_removal' ? relatedRemovalCard(`/san-pham/san-pham-khac-${Number(listing.itemId) + 7}.html`, 'product-alert') : ''}
  <div class="product-alert">${notice(trick)}</div>
  <h1 class="product-title">${title}</h1>
  <div class="product-ocop"><img src="/images/ocop-${stars}sao.png" alt="OCOP"> OCOP ${stars} sao</div>
  <div class="product-price">${groupThousands(listing.price, '.')} ₫</div>${old}
  <div class="product-views">Lượt xem: ${groupThousands(listing.sold * 9 + 120, '.')}</div>
  <div class="product-status">${statusWords(listing, context)}</div>
  <a class="shop-link" data-shop-id="${listing.shopId}" href="/gian-hang/gian-hang-${listing.shopId}">${escapeHtml(listing.shopName)}</a>
</div></div>
<div class="footer">Ngừng kinh doanh? Liên hệ Sở Công Thương để được hỗ trợ</div>
</body></html>`;
}

const HIDDEN = `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Sàn TMĐT Quảng Trị</title></head><body>
<div class="container"><div class="product-info"><div class="product-alert">Sản phẩm đã bị ẩn bởi quản trị sàn</div></div></div>
<div class="footer">Sàn giao dịch thương mại điện tử tỉnh Quảng Trị</div></body></html>`;
const NOT_FOUND =
  '<!DOCTYPE html><html lang="vi"><head><title>404</title></head><body>Trang không tồn tại</body></html>';

function shopPage(shopId: string, page: number, context: SiteContext): SiteResponse {
  const listings = context.onSaleInShop(shopId);
  if (listings.length === 0) return html(NOT_FOUND, 404);
  const next =
    page * PAGE_SIZE < listings.length
      ? `<a class="next-page" href="/gian-hang/gian-hang-${shopId}?page=${page + 1}">Sau</a>`
      : '';
  const items = listings.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map((listing) => {
    const stars = context.productStars(listing.productId);
    const name = `<a class="product-item__name" href="${productUrl(listing, context.baseUrl)}">${escapeHtml(shownTitle(listing))}</a>`;
    if (context.redesign) return `<article class="sp-item">${name}</article>`;
    return `<div class="product-item">${name}
  <span class="product-ocop">OCOP ${stars} sao</span><span class="product-item__price">${groupThousands(listing.price, '.')} ₫</span>
  <span class="product-item__status">${statusWords(listing, context)}</span></div>`;
  });
  return html(`<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Gian hàng</title></head>
<body><div class="products">${items.join('\n')}</div>${next}</body></html>`);
}

/** A provincial trading floor on the common vendor template. */
export const floorSite: Site = {
  kind: 'floor',
  productPath: /^\/san-pham\/[a-z0-9-]+-(\d+)\.html$/u,
  shopPath: /^\/gian-hang\/[a-z0-9-]+-(\d+)\/?$/u,
  notFound: html(NOT_FOUND, 404),
  answer(path, query, context) {
    const product = floorSite.productPath.exec(path);
    if (product) {
      const listing = context.listing(product[1] ?? '');
      if (!listing) return html(NOT_FOUND, 404);
      if (context.trick(listing.itemId) === 'moved_301' && path === `/san-pham/${listing.slug}-${listing.itemId}.html`)
        return redirect(`/san-pham/${listing.slug}-moi-${listing.itemId}.html`, 301);
      if (listing.removedOnDay !== null) return listing.removalMode === 'message' ? html(HIDDEN) : html(NOT_FOUND, 404);
      return html(productPage(listing, context));
    }
    const shop = floorSite.shopPath?.exec(path);
    if (shop) return shopPage(shop[1] ?? '', Math.max(1, Number(query.get('page') ?? 1) || 1), context);
    if (path === '/')
      return html('<!DOCTYPE html><html lang="vi"><head><title>Sàn TMĐT</title></head><body>Trang chủ</body></html>');
    return html(NOT_FOUND, 404);
  },
};
