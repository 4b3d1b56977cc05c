import {
  ADVICE_WORDS,
  ALERT_ACTION_WORDS,
  ALERT_STATE_WORDS,
  alertFinding,
  alertKindInWords,
  decisionsFor,
  eventNoteInWords,
  formatDateTime,
  type OnSaleReading,
  type ProducerContact,
  type QueuedAlert,
  SEVERITY_WORDS,
  say,
  VERDICT_WORDS,
} from '@ocop-monitor/monitor';
import type { OutboxEntry } from '@ocop-monitor/notify';
import type { User } from './accounts.ts';
import { beforeSection, removalSection } from './alert-evidence.ts';
import { communeOf, decisionFields, type FormProblem } from './alert-queue-page.ts';
import { messageEvents, toldSection, wasTold } from './alert-told.ts';
import { buyerAddress } from './buyer-address.ts';
import { html, type Raw, safeHref } from './html.ts';
import { type Lang, t } from './layout.ts';
import { type CheckNotice, type CheckNowOffer, checkNoticeLine, checkNowForm } from './listing-check.ts';
import type { ProducerMessages } from './producer-preview.ts';

export interface AlertView {
  alert: QueuedAlert;
  before: OnSaleReading | null;
  messages: ProducerMessages | null;
  /** The outbox's messages about this alert: who was told, when, on which channel. */
  told: OutboxEntry[];
  history: Array<{
    at: Date;
    actor: string;
    action: string;
    fromState: string | null;
    toState: string;
    note: string | null;
  }>;
  /** The listing's latest reading, whichever run it belongs to (a check asked for now included). */
  latestReading: { at: Date; verdict: string } | null;
}

/** The page's heading: the product and the finding, as the data says it. */
export const alertTitle = (lang: Lang, alert: QueuedAlert) =>
  `${alert.productName ?? alertKindInWords(alert, lang)}: ${alertKindInWords(alert, lang)}`;

/** How to reach the producer, from the registry: for staff, who may call. */
export function contactLine(lang: Lang, name: string | null, contact: ProducerContact | null): Raw {
  if (!contact || !name) return html``;
  const parts: Raw[] = [];
  if (contact.person) parts.push(html`${t(lang, 'người liên hệ', 'contact')} ${contact.person}`);
  if (contact.phone)
    parts.push(html`${t(lang, 'điện thoại', 'phone')} <a href="tel:${contact.phone}">${contact.phone}</a>`);
  if (contact.zaloPhone && contact.zaloPhone !== contact.phone) parts.push(html`Zalo ${contact.zaloPhone}`);
  if (contact.email) parts.push(html`e-mail <a href="mailto:${contact.email}">${contact.email}</a>`);
  return html`<p><strong>${t(lang, 'Liên hệ chủ thể', 'Producer contact')}:</strong> ${name}${parts.length ? html` — ${parts.map((p, i) => html`${i ? ', ' : ''}${p}`)}` : html` — ${t(lang, 'danh mục chưa có số điện thoại hay e-mail', 'the registry has no phone or e-mail')}`}</p>`;
}

function messagesSection(lang: Lang, alert: QueuedAlert, messages: ProducerMessages | null, told: boolean): Raw {
  if (!messages) return html``;
  const heading = told
    ? t(lang, 'Nội dung tin đã gửi', 'What the producer was sent')
    : t(lang, 'Tin chủ thể sẽ nhận', 'What the producer will be told');
  const when = told
    ? ''
    : alert.type === 'listing_delisted' || alert.type === 'listing_possibly_removed'
      ? t(
          lang,
          'Nếu xác nhận, chủ thể nhận tin này trên kênh đầu tiên liên lạc được.',
          'If you confirm, the producer receives this on the first channel that reaches them.',
        )
      : t(
          lang,
          'Chủ thể nhận tin này trên kênh đầu tiên liên lạc được, sau thời gian chờ, trừ khi cảnh báo được bỏ qua hoặc tạm hoãn.',
          'The producer receives this on the first channel that reaches them after the waiting time, unless the alert is dismissed or snoozed.',
        );
  return html`<h2>${heading}</h2>${when ? html`<p>${when}</p>` : ''}
<div class="pair">
<section><h3>Zalo (ZNS)</h3><p class="muted">${t(lang, 'Mẫu tin đã đăng ký với Zalo, điền các thông tin:', 'The template registered with Zalo, filled with:')}</p>
<table><tbody>${Object.entries(messages.zalo).map(([name, value]) => html`<tr><th>${name}</th><td>${value}</td></tr>`)}</tbody></table></section>
<section><h3>SMS</h3><p class="message">${messages.sms}</p></section>
<section><h3>E-mail</h3><p><strong>${messages.email.subject}</strong></p><p class="message">${messages.email.text}</p></section>
</div>`;
}

function historyTable(lang: Lang, view: AlertView, staff: boolean): Raw {
  const rows = [
    ...view.history.map((e) => ({
      at: e.at,
      actor: e.actor,
      what: say(ALERT_ACTION_WORDS, e.action, lang),
      state: `${e.fromState ? say(ALERT_STATE_WORDS, e.fromState, lang) : '—'} → ${say(ALERT_STATE_WORDS, e.toState, lang)}`,
      // The system's notes in words (stored in English with codes); a person's as typed.
      note: eventNoteInWords(e.note, lang),
    })),
    ...messageEvents(lang, view.told, staff).map((m) => ({ ...m, state: '' })),
  ].sort((a, b) => a.at.getTime() - b.at.getTime());
  return html`<h2>${t(lang, 'Lịch sử xử lý', 'Audit trail')}</h2>
<table class="list"><thead><tr><th>${t(lang, 'Lúc', 'When')}</th><th>${t(lang, 'Ai', 'Who')}</th><th>${t(lang, 'Việc', 'What')}</th><th>${t(lang, 'Trạng thái', 'State')}</th><th>${t(lang, 'Ghi chú', 'Note')}</th></tr></thead>
<tbody>${rows.map((e) => html`<tr><td>${formatDateTime(e.at)}</td><td>${e.actor === 'system' ? t(lang, 'Hệ thống', 'System') : e.actor}</td><td>${e.what}</td><td>${e.state}</td><td>${e.note}</td></tr>`)}</tbody></table>`;
}

/** The listing's latest reading and, for staff, "Kiểm tra lại ngay" with the next scheduled check. */
function readingSection(
  lang: Lang,
  listingId: number,
  reading: AlertView['latestReading'],
  checkNow: { offer: CheckNowOffer | null; notice: CheckNotice | null },
): Raw {
  return html`${checkNoticeLine(lang, checkNow.notice)}<p><strong>${t(lang, 'Lần đọc mới nhất', 'Latest reading')}:</strong> ${reading ? `${formatDateTime(reading.at)} — ${say(VERDICT_WORDS, reading.verdict, lang)}` : t(lang, 'chưa có', 'none yet')}
${checkNow.offer ? checkNowForm(lang, listingId, checkNow.offer) : ''}</p>`;
}

export function alertPage(
  lang: Lang,
  user: User,
  csrf: string,
  view: AlertView,
  where: string,
  problem: FormProblem | null = null,
  checkNow: { offer: CheckNowOffer | null; notice: CheckNotice | null } = { offer: null, notice: null },
): Raw {
  const { alert, before } = view;
  const staff = user.role !== 'viewer';
  const isRemoval = alert.type === 'listing_delisted' || alert.type === 'listing_possibly_removed';
  // The producer hid the item themself: the usual removal advice (the producer is told) does not hold.
  const hiddenBySeller = (alert.evidence as { removalReason?: unknown } | null)?.removalReason === 'seller_hidden';
  const advice = ADVICE_WORDS[hiddenBySeller ? 'listing_hidden_by_seller' : alert.type];
  const canDecide = staff && alert.state !== 'resolved' && decisionsFor(alert.type).length > 0;
  return html`<p class="finding"><strong>${alertFinding(alert, where, lang)}</strong></p>
<p>${say(ALERT_STATE_WORDS, alert.state, lang)} · ${say(SEVERITY_WORDS, alert.severity, lang)}
${alert.producerName ? html` · ${t(lang, 'Chủ thể', 'Producer')}: ${alert.producerName}` : ''}${communeOf(alert) ? html` · ${t(lang, 'Xã', 'Commune')}: ${communeOf(alert)}` : ''}${where ? html` · ${t(lang, 'Sàn', 'Marketplace')}: ${where}` : ''}
${alert.productId ? html` · <a href="/products/${alert.productId}">${t(lang, 'Xem sản phẩm', 'See the product')}</a>` : ''}${alert.url ? html` · <a href="${safeHref(buyerAddress(alert.url))}" rel="noreferrer">${t(lang, 'Mở tin đăng', 'Open the listing')}</a>` : ''}</p>
${advice ? html`<p class="advice"><strong>${t(lang, 'Nên làm gì', 'What to do')}:</strong> ${advice[lang]}</p>` : ''}
${staff ? contactLine(lang, alert.producerName, alert.producerContact) : ''}
${toldSection(lang, view.told, staff)}
${
  alert.listingId !== null || isRemoval
    ? html`<div class="pair">${alert.listingId !== null ? html`<section>${beforeSection(lang, before)}</section>` : ''}
${isRemoval ? html`<section>${removalSection(lang, alert, where)}</section>` : ''}</div>`
    : ''
}
${alert.listingId === null ? '' : readingSection(lang, alert.listingId, view.latestReading, checkNow)}
${messagesSection(lang, alert, view.messages, wasTold(view.told))}
${canDecide ? html`<h2>${t(lang, 'Quyết định', 'Decision')}</h2><form method="post" action="/alerts/${alert.id}/review">${decisionFields(lang, csrf, [alert.type], problem)}</form>` : ''}
${historyTable(lang, view, staff)}
${user.role === 'admin' ? html`<details class="tech"><summary>${t(lang, 'Dành cho kỹ thuật', 'For IT')}</summary><p class="muted">${t(lang, 'Dữ liệu gốc của cảnh báo', 'The alert’s raw data')} (${alert.type}, #${alert.id})</p><pre>${JSON.stringify(alert.evidence ?? {}, null, 2)}</pre></details>` : ''}`;
}
