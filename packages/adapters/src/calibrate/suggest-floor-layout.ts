import { OcopError } from '../errors.ts';
import { loadHtml } from '../html.ts';
import type { HtmlListingLayoutInput } from '../html-listing/layout.ts';
import { sameAnswer } from '../not-found/fingerprint.ts';
import type { Stock } from '../observation.ts';
import { matchRemovalNotice } from '../text/phrases.ts';
import { chooseFieldSelectors } from './field-selectors.ts';
import { pathOf, pathPattern } from './path-pattern.ts';
import { chooseContainer, itemIdAttribute } from './product-box.ts';
import { type CalibrationPage, type ProductSample, readProductSample, removalNoticeElement } from './read-sample.ts';
import { answerOfPage, type RemovalShown, readRemovedPage } from './removed-page.ts';

export type { RemovalShown } from './removed-page.ts';

export interface FloorLayoutSuggestion {
  /** To copy under `layout:` in the floor's config. */
  layout: HtmlListingLayoutInput;
  soldCount: 'exact' | 'mixed' | 'none';
  /** The product pages the layout was drawn from, and what it reads on each. */
  productPages: Array<{
    url: string;
    title: string;
    price: number | null;
    /** The sold count and stock the page shows, where it shows them. */
    sold: number | null;
    stock: Stock;
    page: CalibrationPage;
  }>;
  /** The removed page, how it shows the removal (null: the calibration could not tell), and its phrase. */
  removedPage: { page: CalibrationPage; shown: RemovalShown | null; phrase: string | null } | null;
  /** Pages that were neither a product on sale nor the removed page (a challenge, a shop page, JSON). */
  ignored: string[];
  /** What a person must look at before using the layout, one sentence each (Vietnamese / English). */
  notes: string[];
}

const _literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');

function classify(pages: CalibrationPage[], removedUrls: ReadonlySet<string>, control: CalibrationPage | undefined) {
  const controlAnswer = control ? answerOfPage(control) : null;
  const products: ProductSample[] = [];
  const removed: CalibrationPage[] = [];
  const ignored: string[] = [];
  for (const page of pages) {
    if (removedUrls.has(page.url) || removedUrls.has(page.finalUrl) || page.status === 404 || page.status === 410) {
      removed.push(page);
      continue;
    }
    const sample = page.status === 200 && /<html|<body|<div/iu.test(page.body) ? readProductSample(page) : null;
    const $ = sample?.$ ?? (page.status === 200 ? loadHtml(page.body) : null);
    const notice = $ ? removalNoticeElement($) : null;
    // A page with a removal notice and no price is a removed product, whatever its heading says.
    const noProduct = !sample || sample.price === null;
    if (notice && noProduct) removed.push(page);
    // A page that answers like an address no product has is the floor's not-found answer.
    else if (noProduct && controlAnswer && sameAnswer(controlAnswer, answerOfPage(page))) removed.push(page);
    else if (sample && sample.price !== null && sample.titleElement) products.push(sample);
    else ignored.push(page.url);
  }
  return { products, removed, ignored };
}

/**
 * A provincial floor's layout proposed from captured pages: a few product pages on sale and one
 * removed product (named in `removed`, or recognised by its 404/410 or a known removal notice). The
 * selectors are those that find each page's own values again; the result is for a person to read,
 * copy into the floor's config and check with the conformance kit (`checkFloorLayout`), never
 * applied by itself.
 */
export function suggestFloorLayout(
  pages: readonly CalibrationPage[],
  options: {
    removed?: readonly string[];
    /** The answer for an address no product has (the negative control), where one was asked. */
    control?: CalibrationPage;
  } = {},
): FloorLayoutSuggestion {
  const { products, removed, ignored } = classify([...pages], new Set(options.removed ?? []), options.control);
  if (products.length === 0)
    throw new OcopError(
      'INVALID_OPTIONS',
      'no product page on sale among the pages (a title and a price on a page answered 200): capture a few with doctor --url … --capture',
    );
  const notes: string[] = [];
  if (products.length < 2)
    notes.push(
      'Chỉ có một trang sản phẩm: thêm trang để tách phần cố định của địa chỉ / One product page only: capture more to tell the fixed parts of the address',
    );
  const [removedPage, ...moreRemoved] = removed;
  if (moreRemoved.length)
    notes.push(
      `Chỉ dùng một trang đã gỡ / One removed page used: ${removedPage?.url}; not ${moreRemoved.map((p) => p.url).join(', ')}`,
    );
  if (!removedPage)
    notes.push(
      'Không có trang sản phẩm đã gỡ: mọi quy tắc gỡ vẫn là giả định / No removed product page: every removal rule stays assumed',
    );

  const productPaths = pathPattern([
    ...products.map((sample) => pathOf(sample.page.finalUrl)),
    ...(removedPage ? [pathOf(removedPage.url)] : []),
  ]);
  if (!productPaths)
    throw new OcopError(
      'INVALID_OPTIONS',
      `the product addresses have no common shape: ${products.map((s) => pathOf(s.page.finalUrl)).join(', ')}`,
    );
  const productPattern = new RegExp(productPaths, 'u');
  const removed$ = removedPage?.status === 200 ? loadHtml(removedPage.body) : null;
  const container = chooseContainer(products, removed$);
  if (!container)
    throw new OcopError('INVALID_OPTIONS', 'no element holds the title and the price on every product page');

  const { title, price, listPrice, sold, stock, ocop, shopLink, shopPath } = chooseFieldSelectors(products, container);
  const removal = removedPage
    ? readRemovedPage(removedPage, {
        products,
        container,
        title,
        productPattern,
        removed$,
        control: options.control ?? null,
      })
    : null;
  const shown = removal?.shown ?? null;
  const notice = removal?.notice;
  const removalRedirectPaths = removal?.removalRedirectPaths ?? [];
  notes.push(...(removal?.notes ?? []));
  const soldOn = products.filter((s) => s.soldElement !== null).length;
  const soldCount = soldOn === 0 ? 'none' : soldOn === products.length ? 'exact' : 'mixed';
  for (const [field, selector, found] of [
    ['title', title, products.every((s) => s.titleElement)],
    ['price', price, products.every((s) => s.priceElement)],
    ['stock', stock, products.some((s) => s.stockElement)],
  ] as const)
    if (!selector && found)
      notes.push(
        `Không tìm được bộ chọn chung cho ${field} / No selector finds ${field} on every page: set it by hand`,
      );
  if (!stock) notes.push('Trang không ghi còn/hết hàng / The pages show no stock: stock stays unknown');
  const itemId = itemIdAttribute(products, container, productPattern);
  const layout: HtmlListingLayoutInput = {
    productPaths: [productPaths],
    ...(shopPath ? { shopPath } : {}),
    jsonLd: products.some((s) => s.jsonLd),
    container,
    ...(notice ? { notice } : {}),
    ...(title ? { title } : {}),
    ...(price ? { price } : {}),
    ...(listPrice ? { listPrice } : {}),
    ...(sold ? { sold } : {}),
    ...(stock ? { stock } : {}),
    ...(ocop ? { ocop } : {}),
    ...(shopLink ? { shopLink } : {}),
    ...(itemId ? { itemIdAttribute: itemId } : {}),
    ...(removalRedirectPaths.length ? { removalRedirectPaths } : {}),
    // The removed page's own sentence, where the adapters do not know it already.
    ...(removal?.phrase && !matchRemovalNotice(removal.phrase) ? { removalPhrases: [removal.phrase] } : {}),
    // The captured page shows this rule on the live floor: it is seen once the page is kept with the
    // fixtures. A redirect never is: an expired session or an age gate bounces the same way.
    ...(shown === 'notice' || shown === 'message' ? { seenRemovalRules: [shown] } : {}),
    ...(removal?.notFoundAnswer ? { notFoundAnswers: [removal.notFoundAnswer] } : {}),
  };
  return {
    layout,
    soldCount,
    productPages: products.map((s) => ({
      url: s.page.url,
      title: s.title,
      price: s.price,
      sold: s.sold,
      stock: s.stock,
      page: s.page,
    })),
    removedPage: removedPage ? { page: removedPage, shown, phrase: removal?.phrase ?? null } : null,
    ignored,
    notes,
  };
}
