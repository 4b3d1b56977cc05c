import { foldSearchKey } from './text/normalize.ts';

/** The product an address of a marketplace names: its id, its slug where the address has one, its canonical URL. */
export interface NamedProduct {
  itemId: string;
  slug: string | null;
  url: string;
}

const tokensOf = (slug: string) =>
  foldSearchKey(slug)
    .split(/[^a-z0-9]+/u)
    .filter(Boolean);

/**
 * Whether a slug-only product address renamed to `next` is still `previous`: most words shared
 * (Jaccard ≥ 0.6) and every word with a figure the same ("hop-500g" is never "hop-400g").
 * A site that sends a removed product to a similar one is a redirect to another product, not a move.
 */
export function sameProductRenamed(previous: string, next: string): boolean {
  const a = new Set(tokensOf(previous));
  const b = new Set(tokensOf(next));
  if (a.size === 0 || b.size === 0) return false;
  const figures = (set: Set<string>) => [...set].filter((token) => /\d/u.test(token)).sort();
  if (figures(a).join(' ') !== figures(b).join(' ')) return false;
  const shared = [...a].filter((token) => b.has(token)).length;
  return shared / (a.size + b.size - shared) >= 0.6;
}

/** An address whose only id is its slug (`/product/details/keo-cu-do`): renaming it changes the id. */
export const isSlugOnly = (product: Pick<NamedProduct, 'itemId'>) => !/^\d+$/u.test(product.itemId);

const HREF = /\bhref\s*=\s*["']([^"'#\s]+)["']/giu;
const MOVE_WORDS =
  /đã chuyển|da chuyen|chuyển sang|chuyen sang|địa chỉ mới|dia chi moi|\bmoved\b|new address|has moved/iu;
const MAX_LINKS = 2_000;

/**
 * The product's new address when a page links to it: a link naming the same item under another
 * path, a renamed slug of a slug-only address, or — on a page that says the product moved — any
 * product link. Such a page says the product moved, never that it was removed. Null otherwise.
 */
export function movedAddressIn(
  body: string,
  pageUrl: string,
  own: NamedProduct,
  productOf: (url: string) => NamedProduct | null,
): string | null {
  const ownPath = URL.canParse(own.url) ? new URL(own.url).pathname : '';
  const saysMoved = MOVE_WORDS.test(body.length > 200_000 ? body.slice(0, 200_000) : body);
  let count = 0;
  for (const match of body.matchAll(HREF)) {
    count += 1;
    if (count > MAX_LINKS) break;
    const href = (match[1] ?? '').replaceAll('&amp;', '&');
    if (!URL.canParse(href, pageUrl)) continue;
    const named = productOf(new URL(href, pageUrl).href);
    if (!named || new URL(named.url).pathname === ownPath) continue;
    if (named.itemId === own.itemId) return named.url;
    if (isSlugOnly(own) && sameProductRenamed(own.itemId, named.itemId)) return named.url;
    if (saysMoved) return named.url;
  }
  return null;
}
