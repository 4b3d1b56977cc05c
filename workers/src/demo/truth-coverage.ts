import type { Truth, World } from '@ocop-monitor/sandbox';

/** Coverage as it really is: valid products with an imported listing truly on sale. */
export function truthCoverage(
  world: World,
  truth: Truth,
  imported: ReadonlySet<string>,
): { denominator: number; covered: number; percent: number } {
  const valid = world.products.filter(
    (product) => product.certifiedDate <= truth.date && product.expiryDate >= truth.date,
  );
  const onSale = new Set(
    truth.listings.filter((listing) => listing.onSale && imported.has(listing.url)).map((listing) => listing.productId),
  );
  const covered = valid.filter((product) => onSale.has(product.id)).length;
  return {
    denominator: valid.length,
    covered,
    percent: valid.length ? Math.round((covered / valid.length) * 1000) / 10 : 0,
  };
}

/** Whether the marketplace shows this listing's sold count exactly (so zero sales is decidable). */
export function showsExactSold(marketplace: string, sold: number): boolean {
  if (marketplace === 'voso') return true;
  if (marketplace === 'postmart') return sold < 1_000; // "Đã bán 1,2k" above
  if (marketplace === 'tiki') return sold > 0; // no quantity_sold at all before the first sale
  // The floor shows views, not sales; Shopee's buyer page rounds them ("Đã bán 1,2k") when it answers at all.
  return false;
}
