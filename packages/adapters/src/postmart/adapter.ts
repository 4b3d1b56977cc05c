import type { MarketplaceAdapter } from '../contract.ts';
import { createHtmlListingAdapter } from '../html-listing/create-html-adapter.ts';
import { htmlListingLayoutSchema } from '../html-listing/layout.ts';
import { POSTMART_LAYOUT, type PostmartOptions, postmartOptionsSchema } from './options.ts';

const layout = htmlListingLayoutSchema.parse(POSTMART_LAYOUT);

/** postmart.vn: JSON-LD and the product box; OCOP listings often show small sold counts. */
export function createPostmartAdapter(options: PostmartOptions = {}): MarketplaceAdapter {
  const { id, baseUrl, maxShopPages, notFoundAnswers } = postmartOptionsSchema.parse(options);
  return createHtmlListingAdapter({
    id,
    displayName: 'postmart.vn',
    baseUrl,
    layout: { ...layout, notFoundAnswers },
    soldCount: 'exact',
    maxShopPages,
  });
}
