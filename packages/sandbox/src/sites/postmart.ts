import { relatedRemovalCard, SHOP_RESTING_NOTICE, TEMPORARY_NOTICE } from '../adversarial.ts';
import type { Listing } from '../world/types.ts';
import {
  escapeHtml,
  FILLER,
  groupThousands,
  html,
  redirect,
  roundedSoldLabel,
  type SiteResponse,
  shownTitle,
} from './format.ts';
import type { Site, SiteContext } from './site.ts';

const PAGE_SIZE = 24;
const productUrl = (listing: Listing, base: string) => `${base}/p/${listing.slug}-${listing.itemId}.html`;

/** Another product's removal page, naming it (container, JSON-LD, canonical), at this listing's address. */
function otherProductRemoved(listing: Listing, context: SiteContext): string {
  const otherId = String(Number(listing.itemId) + 1);
  const url = `${context.baseUrl}/p/san-pham-khac-${otherId}.html`;
  const jsonLd = JSON.stringify({
    '@context': 'https://schema.org',
    '@type': 'Product',
    name: 'Sản phẩm khác',
    sku: otherId,
  });
  return `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Sản phẩm khác - Postmart</title>
<link rel="canonical" href="${url}"><script type="application/ld+json">${jsonLd}</script></head><body>
<main><div class="product-detail" data-product-id="${otherId}"><div class="product-notice">Sản phẩm đã ngừng kinh doanh</div>
<h1 class="product-name">Sản phẩm khác</h1></div></main></body></html>`;
}

/** The stock words a page or card shows; "Sắp hết hàng" on an adversarial day. */
const stockWords = (listing: Listing, context: SiteContext) =>
  !listing.inStock ? 'Hết hàng' : context.trick(listing.itemId) === 'almost_sold_out' ? 'Sắp hết hàng' : 'Còn hàng';

function productPage(listing: Listing, context: SiteContext): string {
  const url = productUrl(listing, context.baseUrl);
  const stars = context.productStars(listing.productId);
  const title = escapeHtml(shownTitle(listing));
  const trick = context.trick(listing.itemId);
  if (trick === 'other_removal_page') return otherProductRemoved(listing, context);
  if (context.redesign) {
    return `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>${title} - Postmart</title></head>
<body><div class="pm-product-v2"><div class="pm-title">${title}</div><div class="pm-price">${groupThousands(listing.price, '.')}đ</div></div></body></html>`;
  }
  const availability = listing.inStock ? 'InStock' : 'OutOfStock';
  const offer = {
    '@type': 'Offer',
    price: String(listing.price),
    priceCurrency: 'VND',
    // Some pages leave availability out: then the stock words in the box are all there is.
    ...(trick === 'almost_sold_out' ? {} : { availability: `https://schema.org/${availability}` }),
  };
  // Sold in two sizes, the first (a bigger box) out of stock: the listing is on sale by the second.
  const offers =
    trick === 'sizes' && listing.inStock
      ? [
          { ...offer, price: String(listing.price * 2), availability: 'https://schema.org/OutOfStock' },
          { ...offer, availability: 'https://schema.org/InStock' },
        ]
      : offer;
  const jsonLd = JSON.stringify({
    '@context': 'https://schema.org',
    '@type': 'Product',
    name: shownTitle(listing),
    sku: listing.itemId,
    offers,
  });
  const list = listing.listPrice
    ? `<div class="product-list-price">${groupThousands(listing.listPrice, '.')}đ</div>`
    : '';
  return `<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8">
<title>${title} - Postmart</title>
<meta name="description" content="Sàn thương mại điện tử về nông sản, đặc sản đầu tiên tại Việt Nam">
<meta property="og:site_name" content="Postmart"><meta property="og:url" content="${url}">
<link rel="canonical" href="${url}">
<script type="application/ld+json">${jsonLd}</script>
</head><body>
<header class="site-header"><a href="/">Postmart</a><form action="/tim-kiem"><input name="q"></form></header>
<main><div class="product-detail" data-product-id="${listing.itemId}">
  ${trick === 'related_removal' ? relatedRemovalCard(`/p/san-pham-khac-${Number(listing.itemId) + 7}.html`, 'product-notice') : ''}
  <div class="product-notice">${trick === 'temporary_notice' ? TEMPORARY_NOTICE : trick === 'shop_resting' ? SHOP_RESTING_NOTICE : ''}</div>
  <h1 class="product-name">${title}</h1>
  <span class="ocop-badge" data-stars="${stars}">OCOP ${stars} sao</span>
  <div class="product-price">${groupThousands(listing.price, '.')}đ</div>${list}
  <span class="product-sold">Đã bán ${roundedSoldLabel(listing.sold)}</span>
  <div class="product-stock">${stockWords(listing, context)}</div>
  <a class="shop-name" data-shop-id="${listing.shopId}" href="/gian-hang/shop-${listing.shopId}">${escapeHtml(listing.shopName)}</a>
  <div class="product-description">${FILLER}</div>
</div></main>
<footer>Sản phẩm không tồn tại? Gọi 1900 545481 · Postmart - Bưu điện Việt Nam</footer>
</body></html>`;
}

const REMOVED = `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Postmart</title></head><body>
<main><div class="product-detail"><div class="empty-state"><p>Sản phẩm đã ngừng kinh doanh</p><a href="/">Tiếp tục mua sắm</a></div></div></main>
<footer>Postmart - Bưu điện Việt Nam</footer></body></html>`;
const NOT_FOUND =
  '<!DOCTYPE html><html lang="vi"><head><title>Không tìm thấy trang</title></head><body>404</body></html>';

function shopPage(shopId: string, page: number, context: SiteContext): SiteResponse {
  const listings = context.onSaleInShop(shopId);
  if (listings.length === 0) return html(NOT_FOUND, 404);
  const next =
    page * PAGE_SIZE < listings.length ? `<link rel="next" href="/gian-hang/shop-${shopId}?page=${page + 1}">` : '';
  const cards = listings.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map((listing) => {
    const stars = context.productStars(listing.productId);
    const name = `<a class="product-card__name" href="${productUrl(listing, context.baseUrl)}">${escapeHtml(shownTitle(listing))}</a>`;
    if (context.redesign) return `<li class="pm-card-v2">${name}</li>`;
    return `<div class="product-card">${name}
  <span class="ocop-badge" data-stars="${stars}">OCOP ${stars}★</span><span class="product-card__price">${groupThousands(listing.price, '.')}đ</span>
  <span class="product-card__sold">Đã bán ${roundedSoldLabel(listing.sold)}</span><span class="product-card__stock">${stockWords(listing, context)}</span></div>`;
  });
  return html(`<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>${escapeHtml(listings[0]?.shopName ?? '')} - Postmart</title>${next}</head>
<body><div class="shop-products">${cards.join('\n')}</div></body></html>`);
}

/** A postmart.vn look-alike: `/p/{slug}-{id}.html`, shops `/gian-hang/{slug}-{id}`. */
export const postmartSite: Site = {
  kind: 'postmart',
  productPath: /^\/p\/[a-z0-9-]+-(\d+)\.html$/u,
  shopPath: /^\/gian-hang\/[a-z0-9-]+-(\d+)$/u,
  notFound: html(NOT_FOUND, 404),
  answer(path, query, context) {
    const product = postmartSite.productPath.exec(path);
    if (product) {
      const listing = context.listing(product[1] ?? '');
      if (!listing) return html(NOT_FOUND, 404);
      if (context.trick(listing.itemId) === 'moved_301' && path === `/p/${listing.slug}-${listing.itemId}.html`)
        return redirect(`/p/${listing.slug}-moi-${listing.itemId}.html`, 301);
      if (listing.removedOnDay !== null) {
        if (listing.removalMode === 'redirect_home') return redirect('/');
        return listing.removalMode === 'message' ? html(REMOVED) : html(NOT_FOUND, 404);
      }
      return html(productPage(listing, context));
    }
    const shop = postmartSite.shopPath?.exec(path);
    if (shop) return shopPage(shop[1] ?? '', Math.max(1, Number(query.get('page') ?? 1) || 1), context);
    if (path === '/')
      return html('<!DOCTYPE html><html lang="vi"><head><title>Postmart</title></head><body>Postmart</body></html>');
    return html(NOT_FOUND, 404);
  },
};
