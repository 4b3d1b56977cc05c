import {
  ALERT_ACTION_WORDS,
  ALERT_QUEUE_STATES,
  ALERT_STATE_WORDS,
  ALERT_TYPE_WORDS,
  ALERT_TYPES,
  alertFinding,
  type OnSaleReading,
  PROVENANCE_WORDS,
  type QueuedAlert,
  removalOf,
  ruleInWords,
  SEVERITY_WORDS,
  STOCK_WORDS,
  say,
} from '@ocop-monitor/monitor';
import type { User } from './accounts.ts';
import { html, type Raw, safeHref } from './html.ts';
import { type Lang, t } from './layout.ts';
import type { ProducerMessages } from './producer-preview.ts';
import { vietnamMinute } from './vietnam-time.ts';

export interface QueueFilter {
  type?: string | undefined;
  state?: string | undefined;
  marketplace?: string | undefined;
  commune?: string | undefined;
  group?: 'producer' | undefined;
}

export interface QueuePage {
  alerts: QueuedAlert[];
  total: number;
  page: number;
  pageSize: number;
}

/** What the page needs to turn ids into names. */
export interface Names {
  marketplace(id: string | null): string;
  marketplaces: ReadonlyArray<{ id: string; name: string }>;
  communes: ReadonlyArray<{ code: string; name: string | null }>;
}

const formatWhen = (iso: string) => (Number.isNaN(Date.parse(iso)) ? iso : vietnamMinute(new Date(iso)));
const communeOf = (a: { communeCode: string | null; communeName: string | null }) =>
  a.communeName ?? a.communeCode ?? '';

/** One line of proof for the queue: when it was seen, what the marketplace answered, how sure the rule is. */
function evidenceLine(lang: Lang, alert: QueuedAlert): string {
  const removal = removalOf(alert.evidence);
  const e = (alert.evidence ?? {}) as Record<string, unknown>;
  const parts: string[] = [];
  const seenAt = e.lastSeenDelistedAt ?? e.confirmedAt ?? e.firstSeenDelistedAt;
  if (typeof seenAt === 'string') parts.push(formatWhen(seenAt));
  if (typeof removal.httpStatus === 'number')
    parts.push(t(lang, `trả lời ${removal.httpStatus}`, `answer ${removal.httpStatus}`));
  if (typeof removal.provenance === 'string') parts.push(say(PROVENANCE_WORDS, removal.provenance, lang));
  if (alert.type === 'zero_sales' && e.soldNow !== undefined)
    parts.push(
      t(
        lang,
        `đã bán ${String(e.soldAtWindowStart)} → ${String(e.soldNow)}`,
        `sold ${String(e.soldAtWindowStart)} → ${String(e.soldNow)}`,
      ),
    );
  return parts.join(' · ');
}

function option(value: string, label: string, selected: boolean): Raw {
  return html`<option value="${value}"${selected ? html` selected` : ''}>${label}</option>`;
}

/** A link to another page of the same filtered queue. */
function pageHref(filter: QueueFilter, page: number): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) if (value) query.set(key, value);
  query.set('page', String(page));
  return `/alerts?${query}`;
}

function pager(lang: Lang, filter: QueueFilter, queue: QueuePage): Raw {
  const pages = Math.max(1, Math.ceil(queue.total / queue.pageSize));
  const first = queue.total === 0 ? 0 : (queue.page - 1) * queue.pageSize + 1;
  const last = Math.min(queue.total, queue.page * queue.pageSize);
  return html`<nav aria-label="${t(lang, 'Trang', 'Pages')}"><p>${t(lang, `${first}–${last} trong ${queue.total} cảnh báo · trang ${queue.page}/${pages}`, `${first}–${last} of ${queue.total} alerts · page ${queue.page} of ${pages}`)}
${queue.page > 1 ? html` · <a href="${pageHref(filter, queue.page - 1)}">${t(lang, '← Trang trước', '← Previous')}</a>` : ''}
${queue.page < pages ? html` · <a href="${pageHref(filter, queue.page + 1)}">${t(lang, 'Trang sau →', 'Next →')}</a>` : ''}</p></nav>`;
}

function reviewButtons(lang: Lang, csrf: string, action: string): Raw {
  return html`<input type="hidden" name="_csrf" value="${csrf}">
<label>${t(lang, 'Ghi chú', 'Note')} <input name="note" maxlength="500"></label>
<label>${t(lang, 'Hoãn đến', 'Snooze until')} <input name="until" type="date"></label>
<button name="action" value="confirm" formaction="${action}">${t(lang, 'Xác nhận', 'Confirm')}</button>
<button name="action" value="dismiss" formaction="${action}">${t(lang, 'Bỏ qua (báo sai)', 'Dismiss (false)')}</button>
<button name="action" value="snooze" formaction="${action}">${t(lang, 'Tạm hoãn', 'Snooze')}</button>`;
}

function queueRow(lang: Lang, canReview: boolean, names: Names, a: QueuedAlert): Raw {
  const subject = a.productName ?? say(ALERT_TYPE_WORDS, a.type, lang);
  return html`<tr><td>${canReview ? html`<input type="checkbox" name="ids" value="${a.id}" aria-label="${t(lang, 'Chọn', 'Select')} ${subject} (#${a.id})">` : ''}</td>
<td><a href="/alerts/${a.id}">${subject}</a> <span class="muted">#${a.id}</span></td><td>${a.producerName ?? ''}</td><td>${communeOf(a)}</td><td>${names.marketplace(a.marketplace)}</td>
<td><strong>${say(ALERT_TYPE_WORDS, a.type, lang)}</strong> · ${say(ALERT_STATE_WORDS, a.state, lang)}<br>${alertFinding(a, names.marketplace(a.marketplace), lang)}</td>
<td>${vietnamMinute(a.openedAt)}</td>
<td>${evidenceLine(lang, a)}${a.url ? html`<br><a href="${safeHref(a.url)}" rel="noreferrer">${t(lang, 'Mở tin đăng', 'Open the listing')}</a>` : ''}</td></tr>`;
}

/** The rows, with a heading row before each producer's alerts when grouped by producer. */
function queueRows(lang: Lang, canReview: boolean, names: Names, alerts: QueuedAlert[], grouped: boolean): Raw[] {
  const rows: Raw[] = [];
  let producer: number | null | undefined;
  for (const a of alerts) {
    if (grouped && a.producerId !== producer) {
      producer = a.producerId;
      const count = alerts.filter((other) => other.producerId === producer).length;
      rows.push(
        html`<tr><th colspan="8" scope="colgroup">${a.producerName ?? t(lang, 'Không gắn chủ thể', 'No producer')} (${count})</th></tr>`,
      );
    }
    rows.push(queueRow(lang, canReview, names, a));
  }
  return rows;
}

export function alertsPage(
  lang: Lang,
  user: User,
  csrf: string,
  queue: QueuePage,
  filter: QueueFilter,
  names: Names,
): Raw {
  const canReview = user.role !== 'viewer';
  return html`<form method="get" action="/alerts">
<label>${t(lang, 'Loại', 'Type')} <select name="type">${option('', t(lang, 'Tất cả', 'All'), !filter.type)}${ALERT_TYPES.map((type) => option(type, say(ALERT_TYPE_WORDS, type, lang), type === filter.type))}</select></label>
<label>${t(lang, 'Trạng thái', 'State')} <select name="state">${ALERT_QUEUE_STATES.map((s) => option(s, say(ALERT_STATE_WORDS, s, lang), s === (filter.state ?? 'live')))}</select></label>
<label>${t(lang, 'Sàn', 'Marketplace')} <select name="marketplace">${option('', t(lang, 'Tất cả', 'All'), !filter.marketplace)}${names.marketplaces.map((m) => option(m.id, m.name, m.id === filter.marketplace))}</select></label>
<label>${t(lang, 'Xã', 'Commune')} <select name="commune">${option('', t(lang, 'Tất cả', 'All'), !filter.commune)}${names.communes.map((c) => option(c.code, c.name ?? c.code, c.code === filter.commune))}</select></label>
<label><input type="checkbox" name="group" value="producer"${filter.group ? html` checked` : ''}> ${t(lang, 'Gom theo chủ thể', 'Group by producer')}</label>
<button>${t(lang, 'Lọc', 'Filter')}</button></form>
${pager(lang, filter, queue)}
<form method="post" action="/alerts/review">
<table><thead><tr><th><span class="sr">${t(lang, 'Chọn', 'Select')}</span></th><th>${t(lang, 'Sản phẩm', 'Product')}</th><th>${t(lang, 'Chủ thể', 'Producer')}</th><th>${t(lang, 'Xã', 'Commune')}</th><th>${t(lang, 'Sàn', 'Marketplace')}</th><th>${t(lang, 'Chuyện gì xảy ra', 'What happened')}</th><th>${t(lang, 'Từ', 'Since')}</th><th>${t(lang, 'Bằng chứng', 'Evidence')}</th></tr></thead>
<tbody>${queueRows(lang, canReview, names, queue.alerts, filter.group === 'producer')}</tbody></table>
${canReview && queue.alerts.length ? html`<fieldset><legend>${t(lang, 'Xử lý các cảnh báo đã chọn (một ghi chú cho tất cả)', 'Review the selected alerts (one note for all)')}</legend>${reviewButtons(lang, csrf, '/alerts/review')}</fieldset>` : ''}
</form>`;
}

/** The moments an alert's evidence records, in the order they happened. */
const WHEN_LABELS = {
  firstSeenDelistedAt: { vi: 'Lần đầu thấy bị gỡ', en: 'First seen removed' },
  confirmedAt: { vi: 'Xác nhận bị gỡ', en: 'Removal confirmed' },
  lastSeenDelistedAt: { vi: 'Lần gần nhất thấy bị gỡ', en: 'Last seen removed' },
} as const;
const WHEN_KEYS = Object.keys(WHEN_LABELS) as Array<keyof typeof WHEN_LABELS>;
const money = (vnd: number | null) => (vnd === null ? '—' : `${new Intl.NumberFormat('vi-VN').format(vnd)} ₫`);

/** The "before": the last reading on sale. */
function beforeTable(lang: Lang, before: OnSaleReading | null): Raw {
  if (!before)
    return html`<p>${t(lang, 'Chưa lần nào đọc được tin đăng này là đang bán.', 'This listing never read as on sale.')}</p>`;
  const sold = before.sold === null ? '—' : `${before.sold}${before.soldApproximate ? '+' : ''}`;
  return html`<table><tbody>
<tr><th>${t(lang, 'Kiểm tra lúc', 'Checked at')}</th><td>${vietnamMinute(before.checkedAt)}</td></tr>
<tr><th>${t(lang, 'Tên trên sàn', 'Title')}</th><td>${before.title ?? '—'}</td></tr>
<tr><th>${t(lang, 'Giá', 'Price')}</th><td>${money(before.price)}</td></tr>
<tr><th>${t(lang, 'Đã bán', 'Sold')}</th><td>${sold}</td></tr>
<tr><th>${t(lang, 'Kho', 'Stock')}</th><td>${before.stock ? say(STOCK_WORDS, before.stock, lang) : '—'}</td></tr>
</tbody></table>`;
}

/** The "after": the removal as the marketplace showed it, the rule in words and how sure it is. */
function afterTable(lang: Lang, alert: QueuedAlert, where: string): Raw {
  const evidence = (alert.evidence ?? {}) as Record<string, unknown>;
  const removal = removalOf(evidence);
  const rule = typeof removal.matchedRule === 'string' ? removal.matchedRule : '';
  const ruleWords = rule ? ruleInWords(rule, where, lang) : null;
  return html`<table><tbody>
<tr><th>${t(lang, 'Sàn trả lời', 'Answer')}</th><td>${removal.httpStatus === undefined || removal.httpStatus === null ? '—' : `HTTP ${String(removal.httpStatus)}`}</td></tr>
<tr><th>${t(lang, 'Địa chỉ cuối', 'Final address')}</th><td>${typeof removal.finalUrl === 'string' ? removal.finalUrl : '—'}</td></tr>
<tr><th>${t(lang, 'Quy tắc', 'Rule')}</th><td>${ruleWords ?? (rule || '—')}${rule ? html` <span class="muted">(${rule})</span>` : ''}${typeof removal.provenance === 'string' ? html`<br>${say(PROVENANCE_WORDS, removal.provenance, lang)}` : ''}</td></tr>
<tr><th>${t(lang, 'Trang hiện', 'The page showed')}</th><td>${removal.excerpt ? html`<q>${String(removal.excerpt)}</q>` : '—'}</td></tr>
${WHEN_KEYS.filter((key) => typeof evidence[key] === 'string').map((key) => html`<tr><th>${t(lang, WHEN_LABELS[key].vi, WHEN_LABELS[key].en)}</th><td>${formatWhen(String(evidence[key]))}</td></tr>`)}
</tbody></table>`;
}

function messagesSection(lang: Lang, alert: QueuedAlert, messages: ProducerMessages | null): Raw {
  if (!messages) return html``;
  const when =
    alert.type === 'listing_possibly_removed'
      ? t(
          lang,
          'Nếu xác nhận, sản phẩm được ghi là bị gỡ và chủ thể nhận tin này',
          'If you confirm, the listing is recorded as removed and the producer receives this',
        )
      : t(
          lang,
          'Chủ thể nhận tin này trên kênh đầu tiên liên lạc được',
          'The producer receives this on the first channel that reaches them',
        );
  return html`<h2>${t(lang, 'Tin chủ thể sẽ nhận', 'What the producer will be told')}</h2><p>${when}.</p>
<div class="pair">
<section><h3>Zalo (ZNS)</h3><p class="muted">${t(lang, 'Mẫu tin đã đăng ký với Zalo, điền các thông tin:', 'The template registered with Zalo, filled with:')}</p>
<table><tbody>${Object.entries(messages.zalo).map(([name, value]) => html`<tr><th>${name}</th><td>${value}</td></tr>`)}</tbody></table></section>
<section><h3>SMS</h3><p class="message">${messages.sms}</p></section>
<section><h3>E-mail</h3><p><strong>${messages.email.subject}</strong></p><p class="message">${messages.email.text}</p></section>
</div>`;
}

export interface AlertView {
  alert: QueuedAlert;
  before: OnSaleReading | null;
  messages: ProducerMessages | null;
  history: Array<{
    at: Date;
    actor: string;
    action: string;
    fromState: string | null;
    toState: string;
    note: string | null;
  }>;
}

/** The page's heading: the product and the finding. */
export const alertTitle = (lang: Lang, alert: QueuedAlert) =>
  `${alert.productName ?? `#${alert.id}`}: ${say(ALERT_TYPE_WORDS, alert.type, lang)}`;

export function alertPage(lang: Lang, user: User, csrf: string, view: AlertView, where: string): Raw {
  const { alert, before, history } = view;
  const evidence = (alert.evidence ?? {}) as Record<string, unknown>;
  const isRemoval = alert.type === 'listing_delisted' || alert.type === 'listing_possibly_removed';
  return html`<p class="finding"><strong>${alertFinding(alert, where, lang)}</strong></p>
<p>${say(ALERT_STATE_WORDS, alert.state, lang)} · ${say(SEVERITY_WORDS, alert.severity, lang)} · #${alert.id}
${alert.producerName ? html` · ${t(lang, 'Chủ thể', 'Producer')}: ${alert.producerName}` : ''}${communeOf(alert) ? html` · ${t(lang, 'Xã', 'Commune')}: ${communeOf(alert)}` : ''}${where ? html` · ${t(lang, 'Sàn', 'Marketplace')}: ${where}` : ''}
${alert.productId ? html` · <a href="/products/${alert.productId}">${t(lang, 'Xem sản phẩm', 'See the product')}</a>` : ''}${alert.url ? html` · <a href="${safeHref(alert.url)}" rel="noreferrer">${t(lang, 'Mở tin đăng', 'Open the listing')}</a>` : ''}</p>
${alert.type === 'listing_possibly_removed' ? html`<p>${t(lang, 'Bằng chứng chỉ dựa trên quy tắc giả định: hãy mở tin đăng. Nếu sàn đã gỡ, bấm Xác nhận; nếu vẫn bán, bấm Bỏ qua.', 'The evidence rests on assumed rules only: open the listing. If the marketplace removed it, confirm; if it is on sale, dismiss.')}</p>` : ''}
${
  alert.listingId !== null
    ? html`<div class="pair"><section><h2>${t(lang, 'Lần cuối còn bán', 'Last seen on sale')}</h2>${beforeTable(lang, before)}</section>
${isRemoval ? html`<section><h2>${t(lang, 'Bằng chứng bị gỡ', 'Removal evidence')}</h2>${afterTable(lang, alert, where)}</section>` : ''}</div>`
    : ''
}
${messagesSection(lang, alert, view.messages)}
<details><summary>${t(lang, 'Dữ liệu gốc (JSON)', 'Raw data (JSON)')}</summary><pre>${JSON.stringify(evidence, null, 2)}</pre></details>
${user.role !== 'viewer' && alert.state !== 'resolved' ? html`<form method="post" action="/alerts/${alert.id}/review">${reviewButtons(lang, csrf, `/alerts/${alert.id}/review`)}</form>` : ''}
<h2>${t(lang, 'Lịch sử xử lý', 'Audit trail')}</h2>
<table><thead><tr><th>${t(lang, 'Lúc', 'When')}</th><th>${t(lang, 'Ai', 'Who')}</th><th>${t(lang, 'Việc', 'What')}</th><th>${t(lang, 'Trạng thái', 'State')}</th><th>${t(lang, 'Ghi chú', 'Note')}</th></tr></thead>
<tbody>${history.map((e) => html`<tr><td>${vietnamMinute(e.at)}</td><td>${e.actor === 'system' ? t(lang, 'Hệ thống', 'System') : e.actor}</td><td>${say(ALERT_ACTION_WORDS, e.action, lang)}</td><td>${e.fromState ? say(ALERT_STATE_WORDS, e.fromState, lang) : '—'} → ${say(ALERT_STATE_WORDS, e.toState, lang)}</td><td>${e.note ?? ''}</td></tr>`)}</tbody></table>`;
}
