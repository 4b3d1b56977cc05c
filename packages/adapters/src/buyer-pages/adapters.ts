import { z } from 'zod';
import type { MarketplaceAdapter } from '../contract.ts';
import { createHtmlListingAdapter } from '../html-listing/create-html-adapter.ts';
import { htmlListingLayoutSchema } from '../html-listing/layout.ts';

/**
 * The buyer pages of the marketplaces whose open platforms give the seller's own record (Shopee,
 * Lazada, TikTok Shop), for listings nobody consented for. Plain HTTP reads little there
 * (MARKETPLACES.md, `fixtures/real/blocked`): Shopee answers HTTP 200 with `{"error":90309999}` or
 * a bare SPA shell, Lazada its "punish" captcha, TikTok a verify page or "not for sale in the
 * region". Each is `blocked`, whatever its status code; a page that carries its product's JSON-LD
 * is read from it; no not-found answer is kept and no removal rule was ever seen, so no answer of
 * theirs is a seen removal. Off unless enabled: a province turns one on when its listings are there.
 */
const BUYER_PAGES = {
  shopee: {
    displayName: 'Shopee',
    baseUrl: 'https://shopee.vn',
    // `/ten-san-pham-i.<shop>.<item>` and `/product/<shop>/<item>`: item ids are unique across shops.
    productPaths: ['^/(?<slug>[^/]+)-i\\.\\d+\\.(?<id>\\d+)$', '^/product/\\d+/(?<id>\\d+)$'],
  },
  lazada: {
    displayName: 'Lazada',
    baseUrl: 'https://www.lazada.vn',
    productPaths: ['^/products/(?<slug>[^/]*)-i(?<id>\\d+)(?:-s\\d+)?\\.html$'],
  },
  tiktok: {
    displayName: 'TikTok Shop',
    baseUrl: 'https://shop.tiktok.com',
    productPaths: ['^/view/product/(?<id>\\d+)$'],
  },
} as const;
export type BuyerPageMarketplace = keyof typeof BUYER_PAGES;

export const buyerPageOptionsSchema = z.object({
  enabled: z.boolean().default(false),
  baseUrl: z.url().optional(),
});

/** The read-only buyer-page adapter of one of these marketplaces. */
export function createBuyerPageAdapter(
  marketplace: BuyerPageMarketplace,
  options: z.input<typeof buyerPageOptionsSchema> = {},
): MarketplaceAdapter {
  const known = BUYER_PAGES[marketplace];
  const adapter = createHtmlListingAdapter({
    id: marketplace,
    displayName: known.displayName,
    baseUrl: options.baseUrl ?? known.baseUrl,
    soldCount: 'approximate',
    maxShopPages: 1,
    layout: htmlListingLayoutSchema.parse({ productPaths: [...known.productPaths], jsonLd: true, container: 'body' }),
  });
  // No not-found answer is kept for these pages, so a run's negative control has nothing to be
  // compared with: asking it would only spend requests (four, on a block) on a host that blocks us.
  return { ...adapter, notFoundControl: () => null };
}
