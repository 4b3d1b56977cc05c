import type { PageReading } from '../check-page.ts';
import { containerText, type DomNode, elementText, findJsonLdProducts, type HtmlDocument, loadHtml } from '../html.ts';
import type { Provenance } from '../observation.ts';
import { toNfc } from '../text/normalize.ts';
import { createRemovalNoticeMatcher, REMOVAL_PHRASES } from '../text/phrases.ts';
import { parseVndPrice } from '../text/price.ts';
import { parseSoldCount } from '../text/sold-count.ts';
import type { HtmlListingLayout, HtmlRemovalRule } from './layout.ts';
import { readOcopBadge } from './ocop-badge.ts';
import { offersAvailability, offersOf, offersPrice, stockFrom } from './offers.ts';
import { otherProductsSkip } from './other-products.ts';
import { pageIdentity } from './page-identity.ts';

type JsonLdProduct = Record<string, unknown>;

function shopHref(href: string | undefined, shopUrlOf: (href: string) => string | null): string | null {
  return href ? shopUrlOf(href) : null;
}

function text($: HtmlDocument, scope: string, selector: string | undefined): string | null {
  if (!selector) return null;
  const element = $(scope).first().find(selector).first();
  return element.length > 0 ? toNfc(element.text()).trim() : null;
}

/**
 * The price a buyer pays as the element shows it, struck-through list prices left out: a floor
 * that writes `<del>2.800.000 ₫</del> 2.500.000 ₫` in one element asks 2.500.000 ₫.
 */
function buyerPriceText($: HtmlDocument, scope: string, selector: string | undefined): string | null {
  if (!selector) return null;
  const element = $(scope).first().find(selector).first();
  if (element.length === 0) return null;
  const shown = element.clone();
  shown.find('del, s, strike').remove();
  return toNfc(shown.text()).trim();
}

/** A price label, never 0: "Liên hệ" and "0đ" are no price. */
function labelPrice(label: string | null): number | null {
  const price = label ? parseVndPrice(label) : null;
  return price ? price : null;
}

export interface ProductPageContext {
  itemId: string;
  rulePrefix: string;
  /** Where each removal rule comes from (seen on a captured real page, or assumed). */
  provenance: (rule: HtmlRemovalRule) => Provenance;
  /** The listing reference of a URL of this marketplace (for the page's canonical link), or null. */
  refOf: (url: string) => { itemId: string; slug: string | null } | null;
  /** The canonical shop page URL for the shop link's href (resolved against the page), or null. */
  shopUrlOf?: (href: string) => string | null;
  /** The listing's own address path: the JSON-LD offer it names gives its price. */
  listingPath?: string;
}

/** The JSON-LD Product that names this listing (sku, productID or url), else the page's first. */
function ownJsonLdProduct(products: JsonLdProduct[], page: ProductPageContext): JsonLdProduct | undefined {
  const names = (product: JsonLdProduct) => {
    const sku = product.sku ?? product.productID;
    if ((typeof sku === 'string' || typeof sku === 'number') && String(sku) === page.itemId) return true;
    return typeof product.url === 'string' && page.refOf(product.url)?.itemId === page.itemId;
  };
  return products.find(names) ?? products[0];
}

/**
 * The text of the product box's notice area: the first notice element that is not inside another
 * product's box, read without the boxes of other products it may hold.
 */
function noticeText($: HtmlDocument, layout: HtmlListingLayout, skip: (node: DomNode) => boolean): string | null {
  if (!layout.notice) return null;
  const container = $(layout.container).first();
  const box = container.get(0) as unknown as DomNode | undefined;
  const notices = container.find(layout.notice).toArray() as unknown as DomNode[];
  const inOtherProduct = (node: DomNode) => {
    for (let parent = node.parent; parent && parent !== box; parent = parent.parent) if (skip(parent)) return true;
    return false;
  };
  const own = notices.find((node) => !skip(node) && !inOtherProduct(node));
  return own ? elementText(own, skip) : null;
}

/** Reads a product page of an HTML marketplace described by `layout` (status 200). */
export function readHtmlProductPage(html: string, layout: HtmlListingLayout, page: ProductPageContext): PageReading {
  const { rulePrefix } = page;
  const $ = loadHtml(html);
  const product = layout.jsonLd ? ownJsonLdProduct(findJsonLdProducts($), page) : undefined;
  // Identity first: another product's page — its removal notice included — says nothing about ours.
  const identity = pageIdentity($, layout, product, page.itemId, page.refOf);
  if (identity.kind === 'other') {
    return { verdict: 'unknown', reason: 'unexpected', rule: `${rulePrefix}.other-product`, detail: identity.detail };
  }
  const removal = (rule: 'notice' | 'message', phrase: string): PageReading => ({
    verdict: 'delisted',
    reason: 'removal_message',
    rule: `${rulePrefix}.${rule}`,
    provenance: page.provenance(rule),
    detail: phrase,
  });
  const skip = otherProductsSkip(page.itemId, page.refOf);
  const matchRemoval = createRemovalNoticeMatcher([...REMOVAL_PHRASES, ...layout.removalPhrases]);
  const notice = noticeText($, layout, skip);
  const bannerPhrase = notice ? matchRemoval(notice) : null;
  if (bannerPhrase) return removal('notice', bannerPhrase);
  const offers = offersOf(product);
  const title =
    (typeof product?.name === 'string' ? toNfc(product.name).trim() : null) || text($, layout.container, layout.title);
  if (!title) {
    // No product on the page: a removal notice inside the container, read as a whole, is evidence.
    const body = containerText($, layout.container, skip);
    const phrase = body === null ? null : matchRemoval(body);
    if (phrase) return removal('message', phrase);
    return { verdict: 'unknown', reason: 'parse_failed', rule: `${rulePrefix}.product-missing` };
  }
  const availability = offersAvailability(offers);
  if (availability === 'discontinued') {
    return {
      verdict: 'delisted',
      reason: 'marketplace_state',
      rule: `${rulePrefix}.jsonld.availability=Discontinued`,
      provenance: page.provenance('jsonld'),
    };
  }
  const soldText = text($, layout.container, layout.sold);
  const listPriceText = text($, layout.container, layout.listPrice);
  const shop = layout.shopLink ? $(layout.shopLink).first() : null;
  const ocop = readOcopBadge(layout.ocop ? $(layout.container).first().find(layout.ocop).first() : null);
  return {
    verdict: 'active',
    rule: product ? `${rulePrefix}.jsonld` : `${rulePrefix}.selectors`,
    data: {
      title,
      price:
        offersPrice(offers, page.listingPath ?? null) ?? labelPrice(buyerPriceText($, layout.container, layout.price)),
      listPrice: labelPrice(listPriceText),
      sold: soldText ? parseSoldCount(soldText) : null,
      stock: stockFrom(availability, text($, layout.container, layout.stock)),
      isOcop: ocop.isOcop,
      ocopStars: ocop.stars,
      shop:
        shop && shop.length > 0
          ? {
              id: shop.attr('data-shop-id') ?? null,
              name: toNfc(shop.text()).trim() || null,
              url: shopHref(shop.attr('href'), page.shopUrlOf ?? (() => null)),
            }
          : null,
    },
  };
}
