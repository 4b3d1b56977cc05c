import {
  CHANNEL_WORDS,
  formatDate,
  formatDateTime,
  OUTBOX_STATE_WORDS,
  type RunHealth,
  say,
} from '@ocop-monitor/monitor';
import { OUTBOX_STATES, type OutboxEntry } from '@ocop-monitor/notify';
import { dbTime } from './alert-told.ts';
import { html, type Raw } from './html.ts';
import { type Lang, t } from './layout.ts';

export function healthPage(lang: Lang, rows: RunHealth[], where: (id: string | null) => string): Raw {
  const flag = (row: RunHealth) =>
    row.held
      ? t(
          lang,
          row.released ? 'giữ lại, đã chấp nhận' : 'giữ lại chờ xem xét',
          row.released ? 'held, accepted' : 'held for review',
        )
      : row.quarantined
        ? t(lang, 'cách ly', 'quarantined')
        : t(lang, 'bình thường', 'normal');
  return html`<p class="muted">${t(lang, 'Mỗi lần chạy hằng ngày, mỗi sàn: số lần kiểm tra, số không đọc được (bị chặn, quá giờ, lỗi mạng), số trang không phân tích được, và tin đang bán báo đã gỡ. Sàn bị cách ly hoặc giữ lại không gây cảnh báo cho tin đăng.', 'Each daily run, each marketplace: checks, unreadable (blocked, timed out, network), unparseable pages, and listings on sale that answered removed. A quarantined or held marketplace raises no listing alert.')}</p>
<table class="list"><thead><tr><th>${t(lang, 'Ngày', 'Date')}</th><th>${t(lang, 'Sàn', 'Marketplace')}</th><th>${t(lang, 'Kiểm tra', 'Checks')}</th><th>${t(lang, 'Không đọc được', 'Unknown')}</th><th>${t(lang, 'Lỗi phân tích', 'Parse failed')}</th><th>${t(lang, 'Báo gỡ / đang bán', 'Removed / on sale')}</th><th>${t(lang, 'Tình trạng', 'Status')}</th><th>${t(lang, 'Lý do', 'Why')}</th></tr></thead>
<tbody>${rows.map((r) => html`<tr><td>${formatDate(r.runDate)}${r.finalized ? '' : html` <span class="muted">(${t(lang, 'đang chạy', 'running')})</span>`}</td><td>${where(r.marketplace)}</td><td>${r.checks}</td><td>${r.unknown}</td><td>${r.parseFailed}</td><td>${r.delistedEvidence} / ${r.previouslyActive}</td><td>${flag(r)}</td><td>${r.why ?? ''}</td></tr>`)}</tbody></table>`;
}

export function outboxPage(
  lang: Lang,
  state: string | undefined,
  alertId: number | undefined,
  rows: OutboxEntry[],
): Raw {
  return html`<form method="get" action="/outbox">
<label>${t(lang, 'Trạng thái', 'State')} <select name="state"><option value="">${t(lang, 'Tất cả', 'All')}</option>${OUTBOX_STATES.map((s) => html`<option value="${s}"${s === state ? html` selected` : ''}>${say(OUTBOX_STATE_WORDS, s, lang)}</option>`)}</select></label>
<button>${t(lang, 'Lọc', 'Filter')}</button></form>
${alertId === undefined ? '' : html`<p>${t(lang, 'Chỉ các tin về một cảnh báo', 'Only the messages about one alert')} — <a href="/alerts/${alertId}">${t(lang, 'mở cảnh báo', 'open the alert')}</a> · <a href="/outbox">${t(lang, 'xem mọi tin', 'see every message')}</a></p>`}
<table class="list"><thead><tr><th>${t(lang, 'Về', 'About')}</th><th>${t(lang, 'Kênh', 'Channel')}</th><th>${t(lang, 'Người nhận', 'Recipient')}</th><th>${t(lang, 'Trạng thái', 'State')}</th><th>${t(lang, 'Lần gửi', 'Attempts')}</th><th>${t(lang, 'Gửi lúc', 'Sent')}</th><th>${t(lang, 'Lỗi', 'Error')}</th></tr></thead>
<tbody>${rows.map(
    (r) =>
      html`<tr id="tin-${r.id}"><td data-label="${t(lang, 'Về', 'About')}">${r.alertId === null ? (r.subject ?? t(lang, 'Bản tin tổng hợp', 'Digest')) : html`<a href="/alerts/${r.alertId}">${r.subject ?? t(lang, 'Cảnh báo', 'Alert')}</a>`}${r.producerName ? html`<br><span class="muted">${r.producerName}</span>` : ''}</td><td data-label="${t(lang, 'Kênh', 'Channel')}">${say(CHANNEL_WORDS, r.channel, lang)}</td><td data-label="${t(lang, 'Người nhận', 'Recipient')}" class="url">${r.recipient}</td><td data-label="${t(lang, 'Trạng thái', 'State')}">${say(OUTBOX_STATE_WORDS, r.state, lang)}</td><td data-label="${t(lang, 'Lần gửi', 'Attempts')}">${r.attempts}</td><td data-label="${t(lang, 'Gửi lúc', 'Sent')}">${r.sentAt ? formatDateTime(dbTime(r.sentAt)) : '—'}</td><td data-label="${t(lang, 'Lỗi', 'Error')}">${r.lastError ?? ''}</td></tr>`,
  )}</tbody></table>`;
}
