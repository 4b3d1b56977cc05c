import type { Element } from 'domhandler';
import { findJsonLdProducts, type HtmlDocument, loadHtml } from '../html.ts';
import { namesOtherProducts, otherProductsSkip } from '../html-listing/other-products.ts';
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
  /** The answer's Content-Type header, where the capture kept it. */
  contentType?: string;
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
// A crossed-out or "old" price is the list price, never the price a buyer pays: told by a whole
// word of a class ("price-old", "gia-goc", "compare-at"), never by a part of one ("list-inline").
const LIST_PRICE_WORDS = new Set(['old', 'goc', 'cu', 'before', 'compare', 'regular', 'strike', 'through', 'was']);
const LIST_PRICE_CLASSES = /^(?:list-?price|price-?list|listprice|line-through)$/iu;
const namesListPrice = (classes: string) =>
  classes.split(/\s+/u).some(
    (name) =>
      LIST_PRICE_CLASSES.test(name) ||
      name
        .toLowerCase()
        .split(/[-_]+/u)
        .some((word) => LIST_PRICE_WORDS.has(word)),
  );
const isListPrice = ($: HtmlDocument, element: Element) =>
  $(element).closest('del, s, strike').length > 0 ||
  [element, ...($(element).parents().toArray() as Element[]).slice(0, 2)].some((e) =>
    namesListPrice(e.attribs?.class ?? ''),
  );
// A fee, a saving or a voucher beside a figure: never the price of the product.
const NOT_THE_PRICE =
  /\b(?:phi|ship|van chuyen|giao hang|tiet kiem|giam|voucher|ma giam|coc|dat coc|tra gop|moi thang)\b/u;
/** Whether the words just before a price (in its element and its parent) make it a fee or a saving. */
const labelledOther = ($: HtmlDocument, element: Element) => {
  const parent = $(element).parent();
  const before = clean((parent.length ? parent : $(element)).text()).split(clean($(element).text()))[0] ?? '';
  return NOT_THE_PRICE.test(foldSearchKey(`${before.slice(-40)} ${clean($(element).text())}`));
};
const PRICE_TEXT = /\d[\d.,\s]*\s*(?:₫|đ|vnđ|vnd)(?![\p{L}\d])|(?:₫|đ)\s*\d/iu;
const SHOP_PATH = /\/(?:gian-hang|shop|shops|cua-hang|store|nha-cung-cap|doanh-nghiep|seller)\b/iu;
// Navigation is about the site, never about the product: menus, headers, breadcrumbs, footers.
const NAVIGATION = /nav|menu|breadcrumb|header|footer|topbar|toolbar|sidebar|categor|danh-?muc/iu;
// What a buyer presses to buy this product: its own buttons, or an element carrying its id.
const BUY_TEXT = /\b(?:them vao gio|mua ngay|dat mua|chon mua|dat hang|add to cart|buy now)\b/u;
const BUY_CLASS = /add-?to-?cart|buy-?now|btn-?buy|addtocart|mua-?ngay/iu;

/** Whether an element sits in the site's navigation (a menu, a header, breadcrumbs, a footer). */
function inNavigation($: HtmlDocument, element: Element): boolean {
  return [element, ...($(element).parents().toArray() as Element[])].some(
    (e) =>
      ['nav', 'header', 'footer'].includes(e.name) ||
      NAVIGATION.test(`${e.attribs?.class ?? ''} ${e.attribs?.id ?? ''} ${e.attribs?.role ?? ''}`),
  );
}

/** The price text an element shows a buyer: its text without struck-through list prices inside it. */
export function buyerText($: HtmlDocument, element: Element): string {
  const shown = $(element).clone();
  shown.find('del, s, strike').remove();
  return clean(shown.text());
}

/**
 * Titles the page gives its product, most trusted first: JSON-LD's name, the first `h1`, og:title,
 * and `<title>` without the site's name after " | " or " - ".
 */
function titleCandidates($: HtmlDocument, jsonLdName: string | null): string[] {
  const documentTitle = clean($('title').first().text());
  return [
    jsonLdName,
    clean($('h1').first().text()),
    clean($('meta[property="og:title"]').attr('content') ?? ''),
    documentTitle.split(/\s+[|–—-]\s+/u)[0] ?? '',
  ].filter((title): title is string => typeof title === 'string' && title.length > 0);
}

/** How many ancestors two elements share: the deeper, the closer they sit in one box. */
function sharedDepth($: HtmlDocument, a: Element, b: Element): number {
  const ancestorsOf = (e: Element) => new Set([e, ...($(e).parents().toArray() as Element[])]);
  const ofB = ancestorsOf(b);
  return [...ancestorsOf(a)].filter((e) => ofB.has(e)).length;
}

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
 * Reads a product page without a layout, by the product's own values: its price (JSON-LD's where
 * given, else the price a buyer pays beside the buy button, never a struck-through list price nor
 * one in a related-products list), its title (JSON-LD, `h1`, og:title or `<title>`, taken where it
 * sits closest to that price — a page-title `h1` outside the box is matched by the box's own
 * heading), and the short elements that say sold, stock, OCOP stars and the shop, never from
 * menus, headers or breadcrumbs. The calibration then looks for selectors that find these again.
 */
export function readProductSample(page: CalibrationPage): ProductSample | null {
  const $ = loadHtml(page.body);
  const jsonLd = jsonLdOf($);
  const titles = titleCandidates($, jsonLd.name);
  if (titles.length === 0) return null;
  const card = otherProductsSkip('', (href) => productPathOf(href, page.finalUrl));
  // Another product's box: a list named so, or a card linking to another product — unless it
  // holds this product's own title, which makes it the product's own box (or the page around it).
  const holdsOwnTitle = (e: Element) => titles.some((title) => clean($(e).text()).includes(title));
  const otherProduct = (e: Element) => namesOtherProducts(e as never) || (card(e as never) && !holdsOwnTitle(e));
  const own = (e: Element) =>
    !inNavigation($, e) && ![e, ...($(e).parents().toArray() as Element[])].some(otherProduct);
  // Elements short enough to hold one field's value, read once for every field below.
  const fields = shortElements($, 40).filter(own);
  // Paid and list prices apart: `<span><del>2.800.000 ₫</del> 2.500.000 ₫</span>` holds one of each.
  const priced = fields.filter((e) => PRICE_TEXT.test($(e).text()));
  const paid = innermost(
    $,
    priced.filter(
      (e) =>
        !isListPrice($, e) &&
        !labelledOther($, e) &&
        PRICE_TEXT.test(buyerText($, e)) &&
        parseVndPrice(buyerText($, e)) !== null,
    ),
  );
  const listPrices = innermost(
    $,
    priced.filter((e) => isListPrice($, e) && parseVndPrice(clean($(e).text())) !== null),
  );
  const buyButtons = ($('button, a, input, form, [data-id], [data-product-id]').toArray() as Element[]).filter(
    (e) =>
      own(e) &&
      (BUY_CLASS.test(e.attribs?.class ?? '') ||
        BUY_TEXT.test(foldSearchKey(`${$(e).text()} ${e.attribs?.value ?? ''}`)) ||
        e.attribs?.['data-product-id'] !== undefined),
  );
  const nearBuy = (e: Element) => Math.max(0, ...buyButtons.map((button) => sharedDepth($, e, button)));
  const priceElement =
    paid.find((e) => jsonLd.price !== null && parseVndPrice(buyerText($, e)) === jsonLd.price) ??
    [...paid].sort((a, b) => nearBuy(b) - nearBuy(a))[0] ??
    null;
  const price = jsonLd.price ?? (priceElement ? parseVndPrice(buyerText($, priceElement)) : null);
  // The title where it sits beside the price: the box's own heading rather than a page-title band.
  const short = shortElements($, 300).filter(own);
  const titled = titles.flatMap((title) =>
    innermost(
      $,
      short.filter((e) => clean($(e).text()) === title),
    ).map((element) => ({ title, element })),
  );
  const closest = priceElement
    ? [...titled].sort((a, b) => sharedDepth($, b.element, priceElement) - sharedDepth($, a.element, priceElement))[0]
    : titled[0];
  const title = closest?.title ?? titles[0] ?? '';
  const titleElement = closest?.element ?? null;
  const listPriceElement = listPrices.find((e) => (parseVndPrice(clean($(e).text())) ?? 0) > (price ?? 0)) ?? null;
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
  // An OCOP badge says the stars (or carries them); a link naming "Sản phẩm OCOP" is a category.
  const ocopElement =
    innermost(
      $,
      fields.filter((e) => {
        if (e.name === 'img' || $(e).closest('a').length > 0) return false;
        const folded = foldSearchKey($(e).text());
        return e.attribs['data-stars'] !== undefined || (/\bocop\b/u.test(folded) && /[3-5]\s*(?:sao|★)/u.test(folded));
      }),
    )[0] ?? null;
  const shopLink =
    ($('a[href]').toArray() as Element[]).find((a) => {
      try {
        return (
          own(a) &&
          SHOP_PATH.test(new URL(a.attribs.href ?? '', page.finalUrl).pathname) &&
          clean($(a).text()).length > 0
        );
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

/**
 * Another product of the same site named by a link: same host, a path of the product page's own
 * shape (the same first segment and as many segments) but not the page itself.
 */
function productPathOf(href: string, pageUrl: string): { itemId: string } | null {
  try {
    const own = new URL(pageUrl);
    const other = new URL(href, own);
    if (other.host !== own.host || other.pathname === own.pathname) return null;
    const ownParts = own.pathname.split('/').filter(Boolean);
    const parts = other.pathname.split('/').filter(Boolean);
    const sameFolder =
      parts.length === ownParts.length && parts.slice(0, -1).join('/') === ownParts.slice(0, -1).join('/');
    // A one-segment address (`/banh-da-123.html`) is a product's only where both carry a number.
    const oneSegment = parts.length === 1 && /\d/u.test(parts[0] ?? '') && /\d/u.test(ownParts[0] ?? '');
    return sameFolder && (parts.length > 1 || oneSegment) ? { itemId: other.pathname } : null;
  } catch {
    return null;
  }
}

/** The innermost element of a page whose text is a removal notice the adapters know, or null. */
export function removalNoticeElement($: HtmlDocument): { element: Element; phrase: string } | null {
  const found = innermost(
    $,
    shortElements($, 200).filter((e) => matchRemovalNotice(clean($(e).text())) !== null),
  )[0];
  return found ? { element: found, phrase: matchRemovalNotice(clean($(found).text())) ?? '' } : null;
}
