import {
  ALERT_QUEUE_STATES,
  ALERT_STATE_WORDS,
  ALERT_TYPES,
  alertFinding,
  alertKindInWords,
  type Decision,
  decisionLabel,
  decisionsFor,
  formatDateTime,
  QUEUE_VIEW_NAMES,
  QUEUE_VIEW_WORDS,
  type QueuedAlert,
  type QueueViewName,
  say,
} from '@ocop-monitor/monitor';
import type { User } from './accounts.ts';
import { html, type Raw, safeHref } from './html.ts';
import { type Lang, t } from './layout.ts';

export interface QueueFilter {
  view?: QueueViewName | undefined;
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

/** A form that failed, kept as typed, with the field it is about. */
export interface FormProblem {
  field: 'until' | 'action' | 'ids' | 'note';
  message: string;
  typed: { note?: string | undefined; until?: string | undefined; ids?: readonly number[] | undefined };
}

export const communeOf = (a: { communeName: string | null }) => a.communeName ?? '';

function option(value: string, label: string, selected: boolean): Raw {
  return html`<option value="${value}"${selected ? html` selected` : ''}>${label}</option>`;
}

/** A link to another page (or tab) of the queue, keeping the rest of the filter. */
function queueHref(filter: QueueFilter, change: Partial<QueueFilter> & { page?: number }): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...filter, ...change })) if (value) query.set(key, String(value));
  return `/alerts?${query}`;
}

function pager(lang: Lang, filter: QueueFilter, queue: QueuePage): Raw {
  const pages = Math.max(1, Math.ceil(queue.total / queue.pageSize));
  const first = queue.total === 0 ? 0 : (queue.page - 1) * queue.pageSize + 1;
  const last = Math.min(queue.total, queue.page * queue.pageSize);
  return html`<nav aria-label="${t(lang, 'Trang', 'Pages')}"><p>${t(lang, `${first}–${last} trong ${queue.total} cảnh báo · trang ${queue.page}/${pages}`, `${first}–${last} of ${queue.total} alerts · page ${queue.page} of ${pages}`)}
${queue.page > 1 ? html` · <a href="${queueHref(filter, { page: queue.page - 1 })}">${t(lang, '← Trang trước', '← Previous')}</a>` : ''}
${queue.page < pages ? html` · <a href="${queueHref(filter, { page: queue.page + 1 })}">${t(lang, 'Trang sau →', 'Next →')}</a>` : ''}</p></nav>`;
}

/** The tabs: what waits for a decision first, every other kind one click away, with how many each holds. */
function tabs(lang: Lang, current: QueueViewName, counts: Record<QueueViewName, number>): Raw {
  return html`<nav aria-label="${t(lang, 'Loại cảnh báo', 'Kinds of alert')}" class="tabs"><ul>${QUEUE_VIEW_NAMES.map(
    (name) =>
      html`<li><a href="/alerts?view=${name}"${name === current ? html` aria-current="page"` : ''}>${say(QUEUE_VIEW_WORDS, name, lang)} (${counts[name]})</a></li>`,
  )}</ul></nav>`;
}

/** The decision buttons: each says what it does for this kind; decisions that make no sense are absent. */
export function decisionFields(lang: Lang, csrf: string, types: readonly string[], problem: FormProblem | null): Raw {
  const kinds = [...new Set(types)];
  const offered = (['confirm', 'dismiss', 'snooze'] as const).filter((d) =>
    kinds.every((k) => decisionsFor(k).includes(d)),
  );
  const generic: Record<Decision, string> = {
    confirm: t(lang, 'Xác nhận', 'Confirm'),
    dismiss: t(lang, 'Báo sai', 'Mark false'),
    snooze: t(lang, 'Tạm hoãn đến ngày đã chọn', 'Snooze until the chosen date'),
  };
  const label = (d: Decision) => (kinds.length === 1 && kinds[0] ? decisionLabel(kinds[0], d, lang) : generic[d]);
  const error = (field: FormProblem['field']) =>
    problem?.field === field
      ? html`<span id="error-${field}" class="error" role="alert">${problem.message}</span>`
      : '';
  const invalid = (field: FormProblem['field']) =>
    problem?.field === field ? html` aria-invalid="true" aria-describedby="error-${field}"` : '';
  return html`<input type="hidden" name="_csrf" value="${csrf}">
${problem && !['until', 'note'].includes(problem.field) ? html`<p class="error" role="alert">${problem.message}</p>` : ''}
<p><label for="note">${t(lang, 'Ghi chú', 'Note')}</label> <input id="note" name="note" maxlength="500" value="${problem?.typed.note ?? ''}"${invalid('note')}> ${error('note')}</p>
${offered.includes('snooze') ? html`<p><label for="until">${t(lang, 'Hoãn đến', 'Snooze until')}</label> <input id="until" name="until" type="date" value="${problem?.typed.until ?? ''}"${invalid('until')}> ${error('until')}</p>` : ''}
<p class="decisions">${offered.map((d) => html`<button name="action" value="${d}">${label(d)}</button> `)}</p>`;
}

function queueRow(lang: Lang, canReview: boolean, names: Names, a: QueuedAlert, checked: boolean): Raw {
  const subject = a.productName ?? alertKindInWords(a, lang);
  const where = names.marketplace(a.marketplace);
  const about = [a.producerName, communeOf(a), where].filter(Boolean).join(' · ');
  return html`<tr>
<td class="pick">${canReview ? html`<input type="checkbox" name="ids" value="${a.id}"${checked ? html` checked` : ''} aria-label="${t(lang, 'Chọn', 'Select')} ${subject}">` : ''}</td>
<td><a href="/alerts/${a.id}"><strong>${subject}</strong></a><br><span class="muted">${about}</span></td>
<td><strong>${alertKindInWords(a, lang)}</strong> · ${say(ALERT_STATE_WORDS, a.state, lang)}<br>${alertFinding(a, where, lang)}</td>
<td>${formatDateTime(a.openedAt)}${a.url ? html`<br><a href="${safeHref(a.url)}" rel="noreferrer">${t(lang, 'Mở tin đăng', 'Open the listing')}</a>` : ''}</td></tr>`;
}

/** The rows, with a heading row before each producer's alerts when grouped by producer. */
function queueRows(
  lang: Lang,
  canReview: boolean,
  names: Names,
  queue: QueuePage,
  grouped: boolean,
  picked: ReadonlySet<number>,
): Raw[] {
  const rows: Raw[] = [];
  let producer: number | null | undefined;
  for (const a of queue.alerts) {
    if (grouped && a.producerId !== producer) {
      producer = a.producerId;
      const count = queue.alerts.filter((other) => other.producerId === producer).length;
      rows.push(
        html`<tr class="group"><th colspan="4" scope="colgroup">${a.producerName ?? t(lang, 'Không gắn chủ thể', 'No producer')} (${count})</th></tr>`,
      );
    }
    rows.push(queueRow(lang, canReview, names, a, picked.has(a.id)));
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
  counts: Record<QueueViewName, number>,
  problem: FormProblem | null = null,
): Raw {
  const canReview = user.role !== 'viewer';
  const view = filter.view ?? 'decide';
  const picked = new Set(problem?.typed.ids ?? []);
  const empty =
    view === 'decide'
      ? t(lang, 'Không có cảnh báo nào chờ quyết định.', 'Nothing waits for a decision.')
      : t(lang, 'Không có cảnh báo nào.', 'No alerts.');
  return html`${tabs(lang, view, counts)}
<details class="no-print"${filter.type || filter.marketplace || filter.commune || filter.state ? html` open` : ''}><summary>${t(lang, 'Lọc', 'Filter')}</summary><form method="get" action="/alerts">
<input type="hidden" name="view" value="${view}">
<label>${t(lang, 'Loại', 'Kind')} <select name="type">${option('', t(lang, 'Tất cả', 'All'), !filter.type)}${ALERT_TYPES.map((type) => option(type, alertKindInWords({ type, evidence: null }, lang), type === filter.type))}</select></label>
<label>${t(lang, 'Trạng thái', 'State')} <select name="state">${option('', t(lang, 'Theo thẻ', 'As the tab'), !filter.state)}${ALERT_QUEUE_STATES.map((s) => option(s, say(ALERT_STATE_WORDS, s, lang), s === filter.state))}</select></label>
<label>${t(lang, 'Sàn', 'Marketplace')} <select name="marketplace">${option('', t(lang, 'Tất cả', 'All'), !filter.marketplace)}${names.marketplaces.map((m) => option(m.id, m.name, m.id === filter.marketplace))}</select></label>
<label>${t(lang, 'Xã', 'Commune')} <select name="commune">${option('', t(lang, 'Tất cả', 'All'), !filter.commune)}${names.communes.filter((c) => c.name).map((c) => option(c.code, c.name ?? '', c.code === filter.commune))}</select></label>
<label><input type="checkbox" name="group" value="producer"${filter.group ? html` checked` : ''}> ${t(lang, 'Gom theo chủ thể', 'Group by producer')}</label>
<button>${t(lang, 'Lọc', 'Filter')}</button></form></details>
${pager(lang, filter, queue)}
${
  queue.alerts.length === 0
    ? html`<p>${empty}</p>`
    : html`<form method="post" action="/alerts/review"><input type="hidden" name="view" value="${view}">
<table class="list queue"><thead><tr><th><span class="sr">${t(lang, 'Chọn', 'Select')}</span></th><th>${t(lang, 'Sản phẩm · chủ thể · xã · sàn', 'Product · producer · commune · marketplace')}</th><th>${t(lang, 'Chuyện gì xảy ra', 'What happened')}</th><th>${t(lang, 'Từ', 'Since')}</th></tr></thead>
<tbody>${queueRows(lang, canReview, names, queue, filter.group === 'producer', picked)}</tbody></table>
${
  canReview
    ? html`<fieldset><legend>${t(lang, 'Xử lý các cảnh báo đã chọn (một ghi chú cho tất cả)', 'Review the selected alerts (one note for all)')}</legend>${decisionFields(
        lang,
        csrf,
        queue.alerts.map((a) => a.type),
        problem,
      )}</fieldset>`
    : ''
}
</form>`
}`;
}
