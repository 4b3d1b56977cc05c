import type { PageReading } from '../check-page.ts';
import { containerText, findJsonLdProducts, type HtmlDocument, loadHtml } from '../html.ts';
import type { Provenance, Stock } from '../observation.ts';
import { toNfc } from '../text/normalize.ts';
import { createRemovalNoticeMatcher, REMOVAL_PHRASES } from '../text/phrases.ts';
import { parseVndPrice } from '../text/price.ts';
import { parseSoldCount } from '../text/sold-count.ts';
import { stockOfText } from '../text/stock-words.ts';
import type { HtmlListingLayout, HtmlRemovalRule } from './layout.ts';
import { readOcopBadge } from './ocop-badge.ts';
import { pageIdentity } from './page-identity.ts';

type JsonLdProduct = Record<string, unknown>;

function firstOffer(product: JsonLdProduct | undefined): Record<string, unknown> | undefined {
  const offers = product?.offers;
  const offer = Array.isArray(offers) ? offers[0] : offers;
  return typeof offer === 'object' && offer !== null ? (offer as Record<string, unknown>) : undefined;
}

function jsonLdPrice(offer: Record<string, unknown> | undefined): number | null {
  const price = offer?.price ?? offer?.lowPrice;
  if (typeof price === 'number') return Math.round(price);
  if (typeof price === 'string' && /^\d+(?:\.\d+)?$/u.test(price)) return Math.round(Number(price));
  return null;
}

/** schema.org availability, e.g. "https://schema.org/OutOfStock" → "OutOfStock". */
function availabilityOf(offer: Record<string, unknown> | undefined): string | null {
  const value = offer?.availability;
  return typeof value === 'string' ? (value.split('/').pop() ?? null) : null;
}

function stockFrom(availability: string | null, stockText: string | null): Stock {
  if (availability === 'InStock' || availability === 'LimitedAvailability') return 'in_stock';
  if (availability === 'OutOfStock' || availability === 'SoldOut') return 'out_of_stock';
  return stockText ? stockOfText(stockText) : 'unknown';
}

function shopHref(href: string | undefined, shopUrlOf: (href: string) => string | null): string | null {
  return href ? shopUrlOf(href) : null;
}

function text($: HtmlDocument, scope: string, selector: string | undefined): string | null {
  if (!selector) return null;
  const element = $(scope).first().find(selector).first();
  return element.length > 0 ? toNfc(element.text()).trim() : null;
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
}

/** Reads a product page of an HTML marketplace described by `layout` (status 200). */
export function readHtmlProductPage(html: string, layout: HtmlListingLayout, page: ProductPageContext): PageReading {
  const { rulePrefix } = page;
  const $ = loadHtml(html);
  const product = layout.jsonLd ? findJsonLdProducts($)[0] : undefined;
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
  const matchRemoval = createRemovalNoticeMatcher([...REMOVAL_PHRASES, ...layout.removalPhrases]);
  const notice = layout.notice ? containerText($, `${layout.container} ${layout.notice}`) : null;
  const bannerPhrase = notice ? matchRemoval(notice) : null;
  if (bannerPhrase) return removal('notice', bannerPhrase);
  const offer = firstOffer(product);
  const title =
    (typeof product?.name === 'string' ? toNfc(product.name).trim() : null) || text($, layout.container, layout.title);
  if (!title) {
    // No product on the page: a removal notice inside the container is evidence.
    const body = containerText($, layout.container);
    const phrase = body === null ? null : matchRemoval(body);
    if (phrase) return removal('message', phrase);
    return { verdict: 'unknown', reason: 'parse_failed', rule: `${rulePrefix}.product-missing` };
  }
  const availability = availabilityOf(offer);
  if (availability === 'Discontinued') {
    return {
      verdict: 'delisted',
      reason: 'marketplace_state',
      rule: `${rulePrefix}.jsonld.availability=Discontinued`,
      provenance: page.provenance('jsonld'),
    };
  }
  const soldText = text($, layout.container, layout.sold);
  const priceText = text($, layout.container, layout.price);
  const listPriceText = text($, layout.container, layout.listPrice);
  const shop = layout.shopLink ? $(layout.shopLink).first() : null;
  const ocop = readOcopBadge(layout.ocop ? $(layout.container).first().find(layout.ocop).first() : null);
  return {
    verdict: 'active',
    rule: product ? `${rulePrefix}.jsonld` : `${rulePrefix}.selectors`,
    data: {
      title,
      price: jsonLdPrice(offer) ?? (priceText ? parseVndPrice(priceText) : null),
      listPrice: listPriceText ? parseVndPrice(listPriceText) : null,
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
