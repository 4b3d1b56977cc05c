import type { HtmlDocument } from '../html.ts';
import type { HtmlListingLayout } from './layout.ts';

/**
 * Which product a page says it is: `ours`, `other` (it names another product), or `none` (it
 * names no product: a generic message page). Each marker — the container's id attribute, the
 * JSON-LD sku, the canonical link — names a product by one or more ids (a canonical URL gives
 * both the numeric id and the slug, so an old `/p/{slug}` reference is recognised too).
 */
export type PageIdentity = { kind: 'ours' | 'none' } | { kind: 'other'; detail: string };

export function pageIdentity(
  $: HtmlDocument,
  layout: HtmlListingLayout,
  product: Record<string, unknown> | undefined,
  itemId: string,
  refOf: (url: string) => { itemId: string; slug: string | null } | null,
): PageIdentity {
  const markers: Array<{ name: string; ids: Set<string> }> = [];
  const attribute = layout.itemIdAttribute ? $(layout.container).first().attr(layout.itemIdAttribute) : undefined;
  if (attribute) markers.push({ name: layout.itemIdAttribute ?? 'id', ids: new Set([attribute]) });
  const sku = product?.sku ?? product?.productID;
  if (typeof sku === 'string' || typeof sku === 'number') markers.push({ name: 'sku', ids: new Set([String(sku)]) });
  const canonical = $('link[rel="canonical"]').attr('href') ?? $('meta[property="og:url"]').attr('content');
  const named = canonical ? refOf(canonical) : null;
  if (named) {
    const ids = new Set([named.itemId]);
    if (named.slug) ids.add(named.slug);
    markers.push({ name: 'canonical', ids });
  }
  if (markers.length === 0) return { kind: 'none' };
  // Learn our aliases from the markers that name us (slug ↔ id), then every marker must name us.
  const ours = new Set([itemId]);
  for (const marker of markers) if (marker.ids.has(itemId)) for (const id of marker.ids) ours.add(id);
  const stranger = markers.find((marker) => ![...marker.ids].some((id) => ours.has(id)));
  if (!stranger) return { kind: 'ours' };
  return { kind: 'other', detail: `page is ${[...stranger.ids].join('/')} (${stranger.name})` };
}
