import type { Element } from 'domhandler';
import { findJsonLdProducts, type HtmlDocument, loadHtml } from '../html.ts';
import type { Stock } from '../observation.ts';
import { foldSearchKey, toNfc } from '../text/normalize.ts';
import { matchRemovalNotice } from '../text/phrases.ts';
import { parseVndPrice } from '../text/price.ts';
import { parseSoldCount } from '../text/sold-count.ts';
import { stockOfText } from '../text/stock-words.ts';

/** One page a person captured from the floor (`ocop-monitor doctor --capture`), as it was answered. */
export interface CalibrationPage {
  /** The address asked for. */
  url: string;
  /** The address that answered, after redirects. */
  finalUrl: string;
  status: number;
  body: string;
}

/** What a product page shows, found by its values rather than by a layout: the elements that hold them. */
export interface ProductSample {
  page: CalibrationPage;
  $: HtmlDocument;
  jsonLd: boolean;
  title: string;
  titleElement: Element | null;
  price: number | null;
  priceElement: Element | null;
  listPriceElement: Element | null;
  listPrice: number | null;
  soldElement: Element | null;
  /** The sold count the page shows, or null where it shows none. */
  sold: number | null;
  stockElement: Element | null;
  stock: Stock;
  ocopElement: Element | null;
  shopLink: Element | null;
}

/** Text as the adapters compare it: NFC, one space between words. */
export const clean = (text: string) => toNfc(text).replace(/\s+/gu, ' ').trim();

/** Elements whose own text is short enough to be one field ("85.000 ₫", "Đã bán 12"), in page order. */
function shortElements($: HtmlDocument, maxLength: number): Element[] {
  return ($('body *').toArray() as Element[]).filter((element) => {
    if (['script', 'style', 'noscript', 'template', 'head'].includes(element.name)) return false;
    const text = clean($(element).text());
    return text.length > 0 && text.length <= maxLength;
  });
}

/** The innermost of elements with the same text: the one the value is written in. */
const innermost = ($: HtmlDocument, elements: Element[]) =>
  elements.filter((element) => !elements.some((other) => other !== element && $(element).has(other).length > 0));

// A crossed-out or "old" price is the list price, never the price a buyer pays.
const LIST_PRICE_CLASS = /old|goc|list|cu\b|before|compare|regular|strike|through/iu;
const isListPrice = ($: HtmlDocument, element: Element) =>
  $(element).closest('del, s, strike').length > 0 ||
  [element, ...($(element).parents().toArray() as Element[]).slice(0, 2)].some((e) =>
    LIST_PRICE_CLASS.test(e.attribs?.class ?? ''),
  );
const PRICE_TEXT = /\d[\d.,\s]*\s*(?:₫|đ|vnđ|vnd)(?![\p{L}\d])|(?:₫|đ)\s*\d/iu;
const SHOP_PATH = /\/(?:gian-hang|shop|shops|cua-hang|store|nha-cung-cap|doanh-nghiep|seller)\b/iu;

function jsonLdOf($: HtmlDocument) {
  const product = findJsonLdProducts($)[0];
  const offers = product?.offers;
  const offer = (Array.isArray(offers) ? offers[0] : offers) as Record<string, unknown> | undefined;
  const price = Number(offer?.price ?? offer?.lowPrice);
  return {
    present: product !== undefined,
    name: typeof product?.name === 'string' ? clean(product.name) : null,
    price: Number.isFinite(price) && price > 0 ? Math.round(price) : null,
  };
}

/**
 * Reads a product page without a layout: the title from JSON-LD, the first heading or og:title;
 * the price a buyer pays (JSON-LD's where given), and the short elements that say sold, stock,
 * OCOP stars and the shop. The calibration then looks for selectors that find these again.
 */
export function readProductSample(page: CalibrationPage): ProductSample | null {
  const $ = loadHtml(page.body);
  const jsonLd = jsonLdOf($);
  const title =
    jsonLd.name ?? (clean($('h1').first().text()) || clean($('meta[property="og:title"]').attr('content') ?? ''));
  if (!title) return null;
  const short = shortElements($, 300);
  const titleElement =
    innermost(
      $,
      short.filter((e) => clean($(e).text()) === title),
    ).sort((a, b) => Number(b.name === 'h1') - Number(a.name === 'h1'))[0] ?? null;
  // Elements short enough to hold one field's value, read once for every field below.
  const fields = shortElements($, 40);
  const prices = innermost(
    $,
    fields.filter((e) => PRICE_TEXT.test($(e).text()) && parseVndPrice(clean($(e).text())) !== null),
  );
  const paid = prices.filter((e) => !isListPrice($, e));
  const priceElement =
    paid.find((e) => jsonLd.price !== null && parseVndPrice(clean($(e).text())) === jsonLd.price) ?? paid[0] ?? null;
  const price = jsonLd.price ?? (priceElement ? parseVndPrice(clean($(priceElement).text())) : null);
  const listPriceElement =
    prices.find((e) => isListPrice($, e) && (parseVndPrice(clean($(e).text())) ?? 0) > (price ?? 0)) ?? null;
  const soldElement =
    innermost(
      $,
      fields.filter(
        (e) =>
          /\b(?:da ban|luot ban|sold)\b/u.test(foldSearchKey($(e).text())) &&
          parseSoldCount(clean($(e).text())) !== null,
      ),
    )[0] ?? null;
  const stockElement =
    innermost(
      $,
      fields.filter((e) => stockOfText($(e).text()) !== 'unknown' && !PRICE_TEXT.test($(e).text())),
    )[0] ?? null;
  const ocopElement =
    innermost(
      $,
      fields.filter((e) => /\bocop\b/u.test(foldSearchKey($(e).text())) || e.attribs['data-stars']),
    ).find((e) => e.name !== 'img') ?? null;
  const shopLink =
    ($('a[href]').toArray() as Element[]).find((a) => {
      try {
        return SHOP_PATH.test(new URL(a.attribs.href ?? '', page.finalUrl).pathname) && clean($(a).text()).length > 0;
      } catch {
        return false;
      }
    }) ?? null;
  return {
    page,
    $,
    jsonLd: jsonLd.present,
    title,
    titleElement,
    price,
    priceElement,
    listPriceElement,
    listPrice: listPriceElement ? parseVndPrice(clean($(listPriceElement).text())) : null,
    soldElement,
    sold: soldElement ? (parseSoldCount(clean($(soldElement).text()))?.value ?? null) : null,
    stockElement,
    stock: stockElement ? stockOfText($(stockElement).text()) : 'unknown',
    ocopElement,
    shopLink,
  };
}

/** The innermost element of a page whose text is a removal notice the adapters know, or null. */
export function removalNoticeElement($: HtmlDocument): { element: Element; phrase: string } | null {
  const found = innermost(
    $,
    shortElements($, 200).filter((e) => matchRemovalNotice(clean($(e).text())) !== null),
  )[0];
  return found ? { element: found, phrase: matchRemovalNotice(clean($(found).text())) ?? '' } : null;
}
