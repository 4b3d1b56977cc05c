import type { DomNode, SkipElement } from '../html.ts';

/**
 * Boxes of other products inside a product page — related, recommended, "seen also" lists and
 * product cards: a notice or a badge in one of them says something about another product, never
 * about ours (DESIGN §4, "Evidence is about that product").
 */
const OTHER_PRODUCTS =
  /related|recommend|similar|suggest|upsell|cross-?sell|also-?(?:bought|viewed)|lien-?quan|goi-?y|tuong-?tu|cung-?loai|san-?pham-?khac|other-?products|carousel|swiper|slick|owl-/iu;
const CARD_ELEMENTS = new Set(['li', 'article', 'div', 'figure', 'section', 'td']);
const PRICE_TEXT = /\d[\d.,]*\s*(?:₫|đ|vnđ|vnd)/iu;

/** Whether an element's class or id names a list of other products (related, recommended, a carousel). */
export const namesOtherProducts = (element: DomNode): boolean =>
  OTHER_PRODUCTS.test(`${element.attribs?.class ?? ''} ${element.attribs?.id ?? ''}`);

function descendants(node: DomNode, visit: (node: DomNode) => boolean): boolean {
  for (const child of node.children ?? []) if (visit(child) || descendants(child, visit)) return true;
  return false;
}

function textOf(node: DomNode): string {
  if (node.type === 'text') return node.data ?? '';
  return (node.children ?? []).map(textOf).join(' ');
}

/**
 * The skip rule for a product page of item `itemId`: elements named as related/recommended lists,
 * and cards — a block linking to another product of the marketplace, with a picture or a price.
 */
export function otherProductsSkip(
  ownItemId: string,
  productOf: (href: string) => { itemId: string } | null,
): SkipElement {
  const linksElsewhere = (node: DomNode) =>
    descendants(node, (child) => {
      if (child.name !== 'a' || !child.attribs?.href) return false;
      const named = productOf(child.attribs.href);
      return named !== null && named.itemId !== ownItemId;
    });
  return (element) => {
    if (namesOtherProducts(element)) return true;
    if (!CARD_ELEMENTS.has(element.name ?? '') || !linksElsewhere(element)) return false;
    return descendants(element, (child) => child.name === 'img') || PRICE_TEXT.test(textOf(element));
  };
}
