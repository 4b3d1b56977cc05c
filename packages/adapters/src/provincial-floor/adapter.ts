import type { MarketplaceAdapter } from '../contract.ts';
import { OcopError } from '../errors.ts';
import { createHtmlListingAdapter } from '../html-listing/create-html-adapter.ts';
import { type ProvincialFloorOptions, provincialFloorOptionsSchema } from './options.ts';

/** A provincial trading floor described by configuration; throws INVALID_OPTIONS naming the bad key. */
export function createProvincialFloorAdapter(options: ProvincialFloorOptions): MarketplaceAdapter {
  const parsed = provincialFloorOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new OcopError('INVALID_OPTIONS', `Invalid provincial floor options: ${problems.join('; ')}`);
  }
  const { id, displayName, baseUrl, layout, soldCount, maxShopPages } = parsed.data;
  return createHtmlListingAdapter({ id, displayName, baseUrl, layout, soldCount, maxShopPages });
}
