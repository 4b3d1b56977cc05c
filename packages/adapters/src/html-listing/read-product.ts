import type { PageReading } from '../check-page.ts';
import { containerText, findJsonLdProducts, type HtmlDocument, loadHtml } from '../html.ts';
import type { Stock } from '../observation.ts';
import { toNfc } from '../text/normalize.ts';
import { createPhraseMatcher, matchOutOfStockPhrase, REMOVAL_PHRASES } from '../text/phrases.ts';
import { parseVndPrice } from '../text/price.ts';
import { parseSoldCount } from '../text/sold-count.ts';
import type { HtmlListingLayout } from './layout.ts';
import { readOcopBadge } from './ocop-badge.ts';

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
  return stockText !== null ? stockOfText(stockText) : 'unknown';
}

/** The text of a stock element ("Còn hàng", "Tạm hết hàng"): out of stock only on those words. */
export function stockOfText(stockText: string): Stock {
  return matchOutOfStockPhrase(stockText) ? 'out_of_stock' : 'in_stock';
}

function shopHref(href: string | undefined, shopUrlOf: (href: string) => string | null): string | null {
  return href ? shopUrlOf(href) : null;
}

function text($: HtmlDocument, scope: string, selector: string | undefined): string | null {
  if (!selector) return null;
  const element = $(scope).first().find(selector).first();
  return element.length > 0 ? toNfc(element.text()).trim() : null;
}

/** Reads a product page of an HTML marketplace described by `layout` (status 200). */
export function readHtmlProductPage(
  html: string,
  layout: HtmlListingLayout,
  itemId: string,
  rulePrefix: string,
  /** The canonical shop page URL for the shop link's href (resolved against the page), or null. */
  shopUrlOf: (href: string) => string | null = () => null,
): PageReading {
  const $ = loadHtml(html);
  const matchRemoval = createPhraseMatcher([...REMOVAL_PHRASES, ...layout.removalPhrases]);
  const notice = layout.notice ? containerText($, `${layout.container} ${layout.notice}`) : null;
  const bannerPhrase = notice ? matchRemoval(notice) : null;
  if (bannerPhrase) {
    return { verdict: 'delisted', reason: 'removal_message', rule: `${rulePrefix}.notice`, detail: bannerPhrase };
  }
  const product = layout.jsonLd ? findJsonLdProducts($)[0] : undefined;
  const offer = firstOffer(product);
  const title =
    (typeof product?.name === 'string' ? toNfc(product.name).trim() : null) || text($, layout.container, layout.title);
  if (!title) {
    // No product on the page: a removal message inside the container is positive evidence.
    const body = containerText($, layout.container);
    const phrase = body === null ? null : matchRemoval(body);
    if (phrase)
      return { verdict: 'delisted', reason: 'removal_message', rule: `${rulePrefix}.message`, detail: phrase };
    return { verdict: 'unknown', reason: 'parse_failed', rule: `${rulePrefix}.product-missing` };
  }
  const pageItemId = layout.itemIdAttribute ? $(layout.container).first().attr(layout.itemIdAttribute) : undefined;
  const sku = product?.sku ?? product?.productID;
  const shownId = pageItemId ?? (typeof sku === 'string' || typeof sku === 'number' ? String(sku) : undefined);
  if (shownId !== undefined && shownId !== itemId) {
    return {
      verdict: 'unknown',
      reason: 'unexpected',
      rule: `${rulePrefix}.other-product`,
      detail: `page is ${shownId}`,
    };
  }
  const availability = availabilityOf(offer);
  if (availability === 'Discontinued') {
    return { verdict: 'delisted', reason: 'marketplace_state', rule: `${rulePrefix}.jsonld.availability=Discontinued` };
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
              url: shopHref(shop.attr('href'), shopUrlOf),
            }
          : null,
    },
  };
}
