import { z } from 'zod';
import type { HtmlListingLayoutInput } from '../html-listing/layout.ts';
import { notFoundAnswerSchema } from '../not-found/fingerprint.ts';

export const postmartOptionsSchema = z.object({
  id: z.string().min(1).default('postmart'),
  baseUrl: z.string().url().default('https://postmart.vn'),
  maxShopPages: z.number().int().positive().default(50),
  /**
   * postmart's own not-found answers (never captured from the live site: learn them with
   * `ocop-monitor doctor`). Without one, no 404 from postmart reads as a removal.
   */
  notFoundAnswers: z.array(notFoundAnswerSchema).default([]),
});
export type PostmartOptions = z.input<typeof postmartOptionsSchema>;

/**
 * postmart.vn (Vietnam Post). Seen: product URLs `/p/{slug}-{id}.html` and the older `/p/{slug}`,
 * canonical link, Open Graph. Likely (not seen): JSON-LD Product, "Đã bán N" in the product box,
 * shop pages at `/gian-hang/{slug}-{id}` whose cards show "Đã bán N" (seen on a look-alike) and
 * "Còn hàng"/"Hết hàng" (not seen: probe a live shop page before trusting card checks). Keep every selector here so drift is fixed in one place.
 */
export const POSTMART_LAYOUT: HtmlListingLayoutInput = {
  productPaths: ['^/p/(?<slug>[a-z0-9-]+)-(?<id>\\d+)\\.html$', '^/p/(?<id>[a-z0-9-]+)/?$'],
  shopPath: '^/gian-hang/(?<slug>[a-z0-9-]+)-(?<id>\\d+)/?$',
  jsonLd: true,
  container: '.product-detail',
  notice: '.product-notice',
  title: 'h1.product-name',
  price: '.product-price',
  listPrice: '.product-list-price',
  sold: '.product-sold',
  stock: '.product-stock',
  ocop: '.ocop-badge',
  shopLink: 'a.shop-name',
  itemIdAttribute: 'data-product-id',
  removalRedirectPaths: ['^/$', '^/tim-kiem'],
  cards: {
    item: '.product-card',
    link: 'a.product-card__name',
    price: '.product-card__price',
    sold: '.product-card__sold',
    ocop: '.ocop-badge',
    stock: '.product-card__stock',
  },
};
