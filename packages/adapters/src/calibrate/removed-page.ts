import { containerText, type HtmlDocument } from '../html.ts';
import { fingerprintOf, type NotFoundAnswer, sameAnswer } from '../not-found/fingerprint.ts';
import { answerSays } from '../not-found/says.ts';
import { createRemovalNoticeMatcher, matchRemovalNotice, REMOVAL_PHRASES } from '../text/phrases.ts';
import { literal, pathOf } from './path-pattern.ts';
import type { CalibrationPage, ProductSample } from './read-sample.ts';
import { removalNoticeElement } from './read-sample.ts';
import { selectorCandidates } from './selector-for.ts';

/**
 * How the removed page says so: the floor's own not-found answer (a 404/410, or a "no data" page
 * at 200 with no product), a notice with no product inside the product box, a banner over the
 * product still shown, a redirect (which only ever raises a suspicion).
 */
export type RemovalShown = 'not_found' | 'message' | 'notice' | 'redirect';

/** The answer a calibration page got, as the fingerprint reads it (HTML when the capture named no type). */
export function answerOfPage(page: CalibrationPage): NotFoundAnswer {
  const contentType = page.contentType ?? (/^\s*</u.test(page.body) ? 'text/html; charset=utf-8' : '');
  return fingerprintOf({ status: page.status, headers: { 'content-type': contentType }, body: page.body });
}

/**
 * How the removed page shows the removal, and what the layout needs to read it: the floor's
 * not-found answer to keep (`notFoundAnswers`, checked against the answer for an address that
 * never existed when one was asked), the page's own sentence (`removalPhrases`), a notice area (a
 * banner over a product still shown) or a redirect target. `notes` say what a person must look at.
 */
export function readRemovedPage(
  removedPage: CalibrationPage,
  context: {
    products: ProductSample[];
    container: string;
    title: string | undefined;
    productPattern: RegExp;
    removed$: HtmlDocument | null;
    control: CalibrationPage | null;
  },
) {
  const { products, container, title, productPattern, removed$, control } = context;
  const notes: string[] = [];
  let shown: RemovalShown | null = null;
  let phrase: string | null = null;
  let notice: string | undefined;
  let notFoundAnswer: NotFoundAnswer | undefined;
  const removalRedirectPaths: string[] = [];
  const asked = pathOf(removedPage.url);
  const answered = pathOf(removedPage.finalUrl);
  const stillShowsProduct =
    removed$ !== null && title !== undefined && removed$(container).first().find(title).length > 0;
  if (answered !== asked && !productPattern.test(answered)) {
    shown = 'redirect';
    removalRedirectPaths.push(`^${literal(answered)}$`);
  } else if (removed$ && stillShowsProduct) {
    const found = removalNoticeElement(removed$);
    phrase = found?.phrase ?? null;
    // A banner over a product still shown: the notice area must be named, inside the container.
    notice = found
      ? selectorCandidates(found.element).find((selector) => {
          const text = containerText(removed$, `${container} ${selector}`);
          return (
            text !== null &&
            matchRemovalNotice(text) !== null &&
            products.every((s) => matchRemovalNotice(containerText(s.$, `${container} ${selector}`) ?? '') === null)
          );
        })
      : undefined;
    if (notice) shown = 'notice';
  } else if ([200, 404, 410].includes(removedPage.status)) {
    phrase = answerSays(removedPage.body);
    const answer = answerOfPage(removedPage);
    const controlAnswer = control && pathOf(control.finalUrl) === pathOf(control.url) ? answerOfPage(control) : null;
    const controlAgrees = controlAnswer !== null && sameAnswer(controlAnswer, answer);
    // The page's own sentence counts as the floor's removal phrase (it is proposed as one).
    const matchOwn = createRemovalNoticeMatcher([...REMOVAL_PHRASES, ...(phrase ? [phrase] : [])]);
    if (phrase && removed$ && matchOwn(containerText(removed$, container) ?? '') !== null) {
      // The floor keeps its frame and says so inside the product box: its sentence is the rule; the
      // page is also its not-found answer when an address that never existed gets the same.
      shown = 'message';
      if (controlAgrees)
        notFoundAnswer = {
          ...answer,
          ...(phrase ? { says: phrase } : {}),
          learnedFrom: `captured removed page ${asked}`,
        };
    } else {
      // No product and no box: the page itself is the floor's not-found answer, kept by its fingerprint.
      notFoundAnswer = {
        ...answer,
        ...(phrase ? { says: phrase } : {}),
        learnedFrom: `captured removed page ${asked}`,
      };
      shown = 'not_found';
    }
    if (control && !controlAgrees)
      notes.push(
        `Địa chỉ không có sản phẩm (${pathOf(control.url)}) trả lời khác trang đã gỡ: mỗi lần chạy, tin gỡ sẽ bị giữ lại đến khi người xem / An address no product has answers unlike the removed page: each run would hold its removals until a person looks`,
      );
    else if (!control)
      notes.push(
        'Chưa hỏi địa chỉ không có sản phẩm: chạy doctor khi có mạng để xác nhận / No address that never existed was asked: run doctor online to confirm the not-found answer',
      );
  }
  if (shown === null)
    notes.push(
      `Trang đã gỡ vẫn hiện sản phẩm mà không có câu gỡ nào đã biết: thêm câu của nó vào removalPhrases / The removed page still shows the product and no known removal sentence: add its sentence to removalPhrases (${removedPage.url})`,
    );
  if (shown === 'redirect')
    notes.push(
      `Sản phẩm đã gỡ chuyển về ${answered}: phiên hết hạn hay cổng kiểm tra tuổi cũng chuyển như vậy — quy tắc này chỉ báo nghi ngờ cho cán bộ, không bao giờ là bằng chứng đã thấy / The removed product redirects to ${answered}: an expired session or an age gate may too — the rule only raises a suspicion for a reviewer, never seen evidence`,
    );
  return { shown, phrase, notice, notFoundAnswer, removalRedirectPaths, notes };
}
