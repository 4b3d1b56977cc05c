import {
  CHANNEL_WORDS,
  type ConsentMessage,
  type ConsentTarget,
  type ConsentView,
  consentInWords,
  type EndedConsent,
  formatDateTime,
  OUTBOX_STATE_WORDS,
  say,
} from '@ocop-monitor/monitor';
import { html, type Raw } from './html.ts';
import { type Lang, t } from './layout.ts';

/** A listing that may be read from its seller's record: on a marketplace with an open platform, its shop known. */
export interface ConsentListing {
  listingId: number;
  marketplace: string;
  shopId: string;
  label: string;
}

/** The producer's channels a link can go out on: configured, agreed to in the registry, with an address. */
export function inviteChannels(
  producer: ConsentTarget['producer'],
  configured: ReadonlyArray<'zns' | 'sms' | 'email'>,
): Array<{ channel: 'zns' | 'sms' | 'email'; recipient: string }> {
  const agreed = new Set(producer.channels);
  const address = {
    zns: agreed.has('zalo') ? (producer.zaloPhone ?? producer.phone) : null,
    sms: agreed.has('sms') ? producer.phone : null,
    email: agreed.has('email') ? producer.email : null,
  };
  return configured.flatMap((channel) => (address[channel] ? [{ channel, recipient: address[channel] }] : []));
}

function messageLine(lang: Lang, m: ConsentMessage): Raw {
  const when = m.sentAt ? formatDateTime(m.sentAt) : formatDateTime(m.createdAt);
  return html`<li>${t(lang, `Tin mời qua ${say(CHANNEL_WORDS, m.channel, lang)} (${m.recipient}): ${say(OUTBOX_STATE_WORDS, m.state, lang).toLowerCase()}, ${when}`, `Invitation on ${say(CHANNEL_WORDS, m.channel, lang)} (${m.recipient}): ${say(OUTBOX_STATE_WORDS, m.state, lang).toLowerCase()}, ${when}`)} — <a href="/outbox#tin-${m.id}">${t(lang, 'xem trong hộp thư đi', 'see it in the outbox')}</a></li>`;
}

/**
 * The product page's "Dữ liệu từ người bán" section: per listing whose shop can consent, the
 * consent's standing in words (with its history), and for staff the form to send a link and the
 * button to revoke.
 */
export function consentSection(input: {
  lang: Lang;
  productId: number;
  listings: readonly ConsentListing[];
  consents: readonly ConsentView[];
  messages: readonly ConsentMessage[];
  channels: ReadonlyArray<{ channel: 'zns' | 'sms' | 'email'; recipient: string }>;
  staff: boolean;
  csrf: string;
  where: (id: string) => string;
  /** Whether the marketplace's open platform gives a number sold (Shopee's does). */
  readsSales: (id: string) => boolean;
  notice: 'sent' | 'revoked' | null;
}): Raw {
  const { lang } = input;
  if (input.listings.length === 0) return html``;
  const notice =
    input.notice === 'sent'
      ? t(lang, 'Đã đưa tin mời vào hộp thư đi.', 'The invitation is in the outbox.')
      : input.notice === 'revoked'
        ? t(
            lang,
            'Đã thu hồi: tin đăng được kiểm tra lại bằng trang sản phẩm.',
            'Revoked: the listing is checked from its page again.',
          )
        : null;
  return html`<section aria-labelledby="dong-y" id="dong-y"><h2 id="dong-y">${t(lang, 'Dữ liệu từ chính người bán', 'The seller’s own record')}</h2>
${notice ? html`<p role="status" class="advice">${notice}</p>` : ''}
<p class="muted">${t(lang, 'Khi chủ thể đồng ý, Sở đọc trạng thái và tồn kho của sản phẩm (và số đã bán, ở sàn có số này: Shopee) từ chính hệ thống của sàn (không đọc thông tin người mua): chính xác hơn trang bán hàng.', 'Once the producer consents, item status and stock (and sales, where the marketplace has them: Shopee) are read from the marketplace’s own system (never buyers’ data): more exact than the shop page.')}</p>
${input.listings.map((listing) => {
  const ofShop = input.consents.filter((c) => c.marketplace === listing.marketplace && c.shopId === listing.shopId);
  const [latest] = ofShop;
  const live = ofShop.find((c) => c.standing === 'active') ?? ofShop.find((c) => c.standing === 'invited');
  return html`<h3>${listing.label} · ${listing.shopId ? `shop ${listing.shopId}` : t(lang, 'shop chưa rõ (sàn cho biết khi chủ thể đồng ý)', 'shop not known yet (the marketplace names it on consent)')}</h3>
<p><strong>${latest ? consentInWords(live ?? latest, input.where(listing.marketplace), lang, input.readsSales(listing.marketplace)) : t(lang, 'Chưa mời chủ thể đồng ý: tin đăng được kiểm tra bằng trang sản phẩm.', 'The producer has not been invited: the listing is checked from its page.')}</strong></p>
${
  ofShop.length
    ? html`<ul>${ofShop.map((c) => html`<li>${formatDateTime(c.invitedAt)}: ${t(lang, 'gửi lời mời', 'invited')}${c.invitedBy ? ` (${c.invitedBy})` : ''} — ${consentInWords(c, input.where(listing.marketplace), lang, input.readsSales(listing.marketplace))}${c.endedBy ? ` (${c.endedBy})` : ''}${input.staff ? html`<ul>${input.messages.filter((m) => m.consentId === c.id).map((m) => messageLine(lang, m))}</ul>` : ''}</li>`)}</ul>`
    : ''
}
${input.staff && live ? html`<form method="post" action="/products/${input.productId}/consent/${live.id}/revoke"><input type="hidden" name="_csrf" value="${input.csrf}"><button>${t(lang, 'Thu hồi sự đồng ý', 'Revoke the consent')}</button> <span class="muted">${t(lang, 'Sở ngừng đọc ngay; chủ thể không cần làm gì.', 'Reading stops at once; the producer need not do anything.')}</span></form>` : ''}
${input.staff ? inviteForm(input, listing) : ''}`;
})}</section>`;
}

function inviteForm(input: Parameters<typeof consentSection>[0], listing: ConsentListing): Raw {
  const { lang } = input;
  if (input.channels.length === 0)
    return html`<p>${t(lang, 'Không gửi được lời mời: chủ thể chưa có kênh liên lạc nào đã đồng ý (Zalo, SMS, e-mail) trong danh mục, hoặc kênh đó chưa được cấu hình.', 'No invitation can be sent: the producer has no agreed contact channel (Zalo, SMS, e-mail) in the registry, or it is not configured.')}</p>`;
  return html`<form method="post" action="/products/${input.productId}/consent"><input type="hidden" name="_csrf" value="${input.csrf}"><input type="hidden" name="listing" value="${listing.listingId}">
<label for="kenh-${listing.listingId}">${t(lang, 'Gửi liên kết xin đồng ý qua', 'Send the consent link by')}</label>
<select id="kenh-${listing.listingId}" name="channel">${input.channels.map((c) => html`<option value="${c.channel}">${say(CHANNEL_WORDS, c.channel, lang)} — ${c.recipient}</option>`)}</select>
<button>${t(lang, 'Gửi lời mời', 'Send the invitation')}</button></form>`;
}

/**
 * Today's word on consents that ended lately (withdrawn, revoked, or no longer renewed by the
 * marketplace): their listings are read from their pages again, less exactly.
 */
export function endedConsentsSection(lang: Lang, ended: readonly EndedConsent[], where: (id: string) => string): Raw {
  if (ended.length === 0) return html``;
  return html`<h2>${t(lang, 'Dữ liệu từ người bán đã dừng', 'Seller records no longer read')}</h2>
<p>${t(lang, 'Các shop sau không còn cho đọc dữ liệu của chính người bán: tin đăng của họ được kiểm tra lại bằng trang sản phẩm (kém chính xác hơn). Có thể gửi lời mời mới từ trang sản phẩm.', 'These shops no longer let their own record be read: their listings are checked from their pages again (less exact). A new invitation can be sent from the product page.')}</p>
<ul>${ended.map((c) => html`<li>${c.producerName ?? `shop ${c.shopId}`} (${where(c.marketplace)}): ${consentInWords(c, where(c.marketplace), lang)}${c.products.length ? html` — ${c.products.map((p, i) => html`${i ? ', ' : ''}<a href="/products/${p.id}#dong-y">${p.name}</a>`)}` : ''}</li>`)}</ul>`;
}
