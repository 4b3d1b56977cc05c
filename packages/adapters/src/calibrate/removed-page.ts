import { containerText, type HtmlDocument } from '../html.ts';
import { matchRemovalNotice } from '../text/phrases.ts';
import { literal, pathOf } from './path-pattern.ts';
import type { CalibrationPage, ProductSample } from './read-sample.ts';
import { removalNoticeElement } from './read-sample.ts';
import { selectorCandidates } from './selector-for.ts';

/** How the removed page says so: HTTP 404/410, a notice with no product, a banner over the product, a redirect. */
export type RemovalShown = 'http' | 'message' | 'notice' | 'redirect';

/**
 * How the removed page shows the removal, and what the layout needs to read it: a notice area
 * (a banner over a product still shown), a redirect target, or nothing more (a 404/410, a notice
 * inside the container of a page without a product). `notes` say what a person must look at.
 */
export function readRemovedPage(
  removedPage: CalibrationPage,
  context: {
    products: ProductSample[];
    container: string;
    title: string | undefined;
    productPattern: RegExp;
    removed$: HtmlDocument | null;
  },
) {
  const { products, container, title, productPattern, removed$ } = context;
  const notes: string[] = [];
  let shown: RemovalShown | null = null;
  let phrase: string | null = null;
  let notice: string | undefined;
  const removalRedirectPaths: string[] = [];
  const asked = pathOf(removedPage.url);
  const answered = pathOf(removedPage.finalUrl);
  if (removedPage.status === 404 || removedPage.status === 410) shown = 'http';
  else if (answered !== asked && !productPattern.test(answered)) {
    shown = 'redirect';
    removalRedirectPaths.push(`^${literal(answered)}$`);
  } else if (removed$) {
    const found = removalNoticeElement(removed$);
    phrase = found?.phrase ?? null;
    const stillShowsProduct = title !== undefined && removed$(container).first().find(title).length > 0;
    if (found && stillShowsProduct) {
      // A banner over a product still shown: the notice area must be named, inside the container.
      notice = selectorCandidates(found.element).find((selector) => {
        const text = containerText(removed$, `${container} ${selector}`);
        return (
          text !== null &&
          matchRemovalNotice(text) !== null &&
          products.every((s) => matchRemovalNotice(containerText(s.$, `${container} ${selector}`) ?? '') === null)
        );
      });
      if (notice) shown = 'notice';
    } else if (found && matchRemovalNotice(containerText(removed$, container) ?? '') !== null) shown = 'message';
  }
  if (shown === null)
    notes.push(
      `Trang đã gỡ không có câu gỡ nào đã biết trong khung sản phẩm: thêm câu của nó vào removalPhrases / The removed page shows no known removal sentence inside the container: add its sentence to removalPhrases (${removedPage.url})`,
    );
  if (shown === 'redirect')
    notes.push(
      `Sản phẩm đã gỡ chuyển về ${answered}: nếu trang chủ, phiên hết hạn cũng chuyển như vậy — quy tắc này chỉ báo nghi ngờ cho cán bộ / The removed product redirects to ${answered}: if that is the home page, an expired session may too — the rule only raises a suspicion for a reviewer`,
    );
  return { shown, phrase, notice, removalRedirectPaths, notes };
}
