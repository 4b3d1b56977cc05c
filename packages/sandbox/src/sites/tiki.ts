import type { Listing } from '../world/types.ts';
import { html, json, roundedSoldLabel, shownTitle } from './format.ts';
import type { Site, SiteContext } from './site.ts';

function inventoryStatus(listing: Listing): string {
  if (listing.removedOnDay !== null) return 'discontinued';
  return listing.inStock ? 'available' : 'out_of_stock';
}

/** The listing's own seller offer (`spid`, seen 2025 as `current_seller.product_id`). */
export const tikiOfferId = (listing: Listing) => String(Number(listing.itemId) + 1);

// The shape of GET /api/v2/products/{id} (MARKETPLACES.md, seen fields).
function productJson(listing: Listing, context: SiteContext): unknown {
  const sold = listing.sold > 0 ? { text: `Đã bán ${roundedSoldLabel(listing.sold)}`, value: listing.sold } : null;
  if (context.redesign) {
    return { data: { id: Number(listing.itemId), title: shownTitle(listing), price_info: { current: listing.price } } };
  }
  return {
    id: Number(listing.itemId),
    name: shownTitle(listing),
    url_key: `${listing.slug}-p${listing.itemId}`,
    price: listing.price,
    list_price: listing.listPrice ?? listing.price,
    inventory_status: inventoryStatus(listing),
    quantity_sold: sold,
    all_time_quantity_sold: listing.sold,
    stock_item: { qty: listing.inStock ? 25 : 0 },
    current_seller: {
      id: Number(listing.shopId) + 1,
      store_id: Number(listing.shopId),
      name: listing.shopName,
      product_id: tikiOfferId(listing),
    },
  };
}

/** Tiki's product API: a missing product answers 404, a discontinued one says so. */
const NOT_FOUND = json({ error: { code: 404, message: 'Sản phẩm không tồn tại' } }, 404);

export const tikiSite: Site = {
  kind: 'tiki',
  notFound: NOT_FOUND,
  productPath: /^\/api\/v2\/products\/(\d+)$/u,
  answer(path, query, context) {
    const api = tikiSite.productPath.exec(path);
    if (api) {
      const listing = context.listing(api[1] ?? '');
      if (!listing || (listing.removedOnDay !== null && listing.removalMode === 'http404')) {
        return NOT_FOUND;
      }
      // The seller's offer is gone; the product stays, sold by another seller (MARKETPLACES.md, seen 2025).
      if (listing.removedOnDay !== null && listing.removalMode === 'other_seller') {
        const answer = productJson({ ...listing, removedOnDay: null, inStock: true }, context) as Record<
          string,
          unknown
        >;
        return json({
          ...answer,
          current_seller: {
            id: 1,
            store_id: 40395,
            name: 'Nhà bán khác',
            product_id: String(Number(listing.itemId) + 5),
          },
        });
      }
      // Another product's discontinued answer at this listing's address (adversarial).
      if (context.trick(listing.itemId) === 'other_removal_page')
        return json({
          id: Number(listing.itemId) + 1,
          name: 'Sản phẩm khác',
          price: 1,
          inventory_status: 'discontinued',
        });
      return json(productJson(listing, context));
    }
    // Search (shape assumed, not captured: `data` items with the product API's own field names).
    if (path === '/api/v2/products')
      return json({
        data: context.search(query.get('q') ?? '').map((listing) => ({
          id: Number(listing.itemId),
          name: shownTitle(listing),
          url_key: `${listing.slug}-p${listing.itemId}`,
          url_path: `${listing.slug}-p${listing.itemId}.html?spid=${tikiOfferId(listing)}`,
          price: listing.price,
          quantity_sold:
            listing.sold > 0 ? { text: `Đã bán ${roundedSoldLabel(listing.sold)}`, value: listing.sold } : null,
          seller_name: listing.shopName,
        })),
      });
    if (/^\/[a-z0-9-]+-p\d+\.html$/u.test(path))
      return html('<!DOCTYPE html><html><head><title>Tiki</title></head><body><div id="__next"></div></body></html>');
    if (path === '/') return html('<!DOCTYPE html><html><head><title>Tiki</title></head><body>Tiki</body></html>');
    return html('<html><body>Not found</body></html>', 404);
  },
};
