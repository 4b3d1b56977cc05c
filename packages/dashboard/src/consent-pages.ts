import { type ConsentView, formatDate, INVITE_VALID_DAYS } from '@ocop-monitor/monitor';
import { html, type Raw } from './html.ts';
import { type Lang, t } from './layout.ts';

/**
 * The producer's pages, opened from the link in their message (no login, on a phone). Forms post
 * to the page's own address (no `action`), so the link's token is written nowhere in the page.
 */

/** What will be read, who reads it and how to stop it: the same words on every page the producer opens. */
function whatIsRead(lang: Lang, department: string, where: string, sales: boolean): Raw {
  return html`<h2>${t(lang, 'Sở sẽ đọc gì', 'What will be read')}</h2>
<ul>
<li>${t(lang, `Trạng thái từng sản phẩm của shop trên ${where}: đang bán, bị ẩn, bị khoá hay đã xoá.`, `The status of each of your shop's products on ${where}: on sale, hidden, banned or deleted.`)}</li>
<li>${t(lang, 'Số lượng còn trong kho.', 'The stock left.')}</li>
${sales ? html`<li>${t(lang, 'Số lượng đã bán.', 'The number sold.')}</li>` : ''}
</ul>
<p><strong>${t(lang, 'Không bao giờ đọc thông tin người mua', 'Never your buyers’ data')}</strong>${t(lang, ' (tên, số điện thoại, địa chỉ, đơn hàng), không đổi giá, không đăng hay xoá sản phẩm.', ' (names, phones, addresses, orders); nothing is changed, listed or deleted.')}</p>
<h2>${t(lang, 'Ai đọc', 'Who reads it')}</h2>
<p>${t(lang, `${department}, để theo dõi sản phẩm OCOP trên sàn thương mại điện tử: biết chính xác sản phẩm còn bán, còn hàng, có đơn hàng hay không — thay cho việc đoán từ trang bán hàng.`, `${department}, to follow OCOP products on the marketplaces: to know exactly whether a product is on sale, in stock and selling, instead of guessing from the shop page.`)}</p>
<h2>${t(lang, 'Rút lại khi nào cũng được', 'Withdraw at any time')}</h2>
<p>${t(lang, 'Mở lại liên kết trong tin nhắn và bấm “Rút lại sự đồng ý”. Sở ngừng đọc ngay; sản phẩm vẫn được theo dõi qua trang bán hàng như trước.', 'Open the link in the message again and press “Withdraw consent”. Reading stops at once; the product is still followed from its shop page, as before.')}</p>`;
}

const decline = (lang: Lang) =>
  html`<form method="post"><input type="hidden" name="action" value="withdraw"><button>${t(lang, 'Không đồng ý', 'I do not agree')}</button></form>`;

/** The invitation: what will be read, then "Đồng ý" (to the marketplace's own authorisation page) or "Không đồng ý". */
export function invitationPage(
  lang: Lang,
  consent: ConsentView,
  department: string,
  where: string,
  /** Whether the marketplace's record gives the number sold (`SellerSource.reads`). */
  sales: boolean,
): Raw {
  const until = new Date(new Date(consent.invitedAt).getTime() + INVITE_VALID_DAYS * 86_400_000);
  return html`<p>${t(lang, `Kính gửi ${consent.producerName ?? 'chủ thể'}: ${department} xin phép đọc dữ liệu shop của anh/chị trên ${where}.`, `To ${consent.producerName ?? 'the producer'}: ${department} asks your permission to read your shop's record on ${where}.`)}</p>
${whatIsRead(lang, department, where, sales)}
<h2>${t(lang, 'Đồng ý thế nào', 'How to agree')}</h2>
<p>${t(lang, `Bấm “Đồng ý”: trang của ${where} mở ra, anh/chị đăng nhập shop và xác nhận trên đó. Sở không bao giờ hỏi mật khẩu của anh/chị.`, `Press “Agree”: ${where}'s own page opens; log in to your shop and confirm there. We never ask for your password.`)}</p>
<form method="post"><input type="hidden" name="action" value="consent"><button style="font-size:1.2rem;padding:.5rem 1.5rem">${t(lang, 'Đồng ý', 'Agree')}</button></form>
${decline(lang)}
<p class="muted">${t(lang, `Liên kết này dùng được đến ngày ${formatDate(until)}.`, `This link works until ${formatDate(until)}.`)}</p>`;
}

/** Consent given: since when, and the way to withdraw it. */
export function activePage(
  lang: Lang,
  consent: ConsentView,
  department: string,
  where: string,
  /** Whether the marketplace's record gives the number sold (`SellerSource.reads`). */
  sales: boolean,
): Raw {
  return html`<p role="status">${t(lang, `Anh/chị đã đồng ý cho ${department} đọc dữ liệu shop trên ${where} từ ngày ${formatDate(consent.since)}.`, `You agreed on ${formatDate(consent.since)} that ${department} reads your shop's record on ${where}.`)}</p>
${whatIsRead(lang, department, where, sales)}
<form method="post"><input type="hidden" name="action" value="withdraw"><button>${t(lang, 'Rút lại sự đồng ý', 'Withdraw consent')}</button></form>`;
}

/** Ended by the producer or because the marketplace stopped renewing: they may agree again. */
export function endedPage(
  lang: Lang,
  consent: ConsentView,
  department: string,
  where: string,
  /** Whether the marketplace's record gives the number sold (`SellerSource.reads`). */
  sales: boolean,
): Raw {
  const why =
    consent.endedWhy === 'refresh_failed'
      ? t(lang, `không gia hạn được quyền đọc trên ${where}`, `the access on ${where} could not be renewed`)
      : t(lang, 'anh/chị đã rút lại sự đồng ý', 'you withdrew your consent');
  return html`<p role="status">${t(lang, `Sở đã ngừng đọc dữ liệu shop từ ngày ${formatDate(consent.since)} (${why}).`, `Reading stopped on ${formatDate(consent.since)} (${why}).`)}</p>
${whatIsRead(lang, department, where, sales)}
<p>${t(lang, 'Nếu muốn, anh/chị có thể đồng ý lại:', 'If you wish, you can agree again:')}</p>
<form method="post"><input type="hidden" name="action" value="consent"><button>${t(lang, 'Đồng ý lại', 'Agree again')}</button></form>`;
}

/** Withdrawn just now. */
export function withdrawnPage(lang: Lang, department: string): Raw {
  return html`<p role="status">${t(lang, `Đã rút lại. ${department} không còn đọc dữ liệu shop của anh/chị; các sản phẩm vẫn được theo dõi qua trang bán hàng như trước.`, `Withdrawn. ${department} no longer reads your shop's record; your products are still followed from their shop pages, as before.`)}</p>`;
}

/** Back from the marketplace, consent recorded. */
export function thankYouPage(lang: Lang, department: string, where: string, sales: boolean): Raw {
  const read = sales
    ? t(lang, 'trạng thái, tồn kho và số đã bán', 'status, stock and sales')
    : t(lang, 'trạng thái và tồn kho', 'status and stock');
  return html`<p role="status">${t(lang, `Cảm ơn anh/chị. ${where} đã xác nhận: từ nay ${department} đọc ${read} của sản phẩm trong shop — không đọc thông tin người mua.`, `Thank you. ${where} confirmed it: from now on ${department} reads your products' ${read} — never your buyers' data.`)}</p>
<p>${t(lang, 'Muốn dừng lúc nào, anh/chị mở lại liên kết trong tin nhắn và bấm “Rút lại sự đồng ý”.', 'To stop at any time, open the link in the message again and press “Withdraw consent”.')}</p>`;
}

/** A link that cannot be used (never issued, expired, revoked, spent): what to do instead, never a technical error. */
export function unusableLinkPage(
  lang: Lang,
  why: 'unknown' | 'expired' | 'revoked' | 'refused' | 'platform_down' | 'state_spent' | 'cancelled',
  department: string,
): Raw {
  const sentence = {
    unknown: t(
      lang,
      'Liên kết này không đúng hoặc không còn dùng được.',
      'This link is wrong or can no longer be used.',
    ),
    expired: t(lang, 'Liên kết này đã hết hạn.', 'This link has expired.'),
    revoked: t(
      lang,
      `${department} đã dừng việc đọc dữ liệu shop theo liên kết này.`,
      `${department} stopped reading the shop by this link.`,
    ),
    refused: t(
      lang,
      'Không hoàn tất được việc đồng ý: sàn không chấp nhận lần xác nhận này, hoặc shop vừa xác nhận không phải shop được mời. Không có gì được lưu.',
      'The consent could not be completed: the marketplace did not accept this confirmation, or the shop that confirmed is not the shop invited. Nothing was stored.',
    ),
    platform_down: t(
      lang,
      'Sàn đang không trả lời nên chưa hoàn tất được việc đồng ý. Đây không phải lỗi của anh/chị. Không có gì được lưu.',
      'The marketplace is not answering, so the consent could not be completed. This is not your fault. Nothing was stored.',
    ),
    state_spent: t(
      lang,
      'Lần xác nhận này không còn dùng được: có thể nó đã được dùng ở một thẻ hoặc cửa sổ khác. Nếu anh/chị đã đồng ý ở đó thì không cần làm gì thêm.',
      'This confirmation can no longer be used: perhaps it was used in another tab or window. If you agreed there, nothing more is needed.',
    ),
    cancelled: t(
      lang,
      'Anh/chị đã không xác nhận trên trang của sàn, nên shop chưa được kết nối. Không có gì được lưu.',
      'You did not confirm on the marketplace’s page, so the shop was not connected. Nothing was stored.',
    ),
  }[why];
  // After a failed return from the marketplace the producer's own link usually still works: open it
  // again and press "Đồng ý" — a new link from staff is needed only when it has ended.
  const again =
    why === 'platform_down' || why === 'state_spent' || why === 'cancelled'
      ? t(
          lang,
          `Để đồng ý, anh/chị mở lại liên kết đã nhận (bắt đầu bằng /dong-y/) và bấm “Đồng ý”${why === 'platform_down' ? ' sau ít phút' : ''}. Chỉ khi liên kết đó báo hết hạn, hãy liên hệ ${department} để nhận liên kết mới.`,
          `To agree, open the link you received (it starts with /dong-y/) again and press “Đồng ý”${why === 'platform_down' ? ' in a few minutes' : ''}. Only if that link says it has expired, ask ${department} for a new link.`,
        )
      : t(
          lang,
          `Nếu anh/chị muốn đồng ý, hãy liên hệ ${department} để nhận liên kết mới.`,
          `If you wish to agree, ask ${department} for a new link.`,
        );
  return html`<p role="alert">${sentence}</p>
<p>${again}</p>`;
}
