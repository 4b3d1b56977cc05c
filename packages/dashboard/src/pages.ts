import { ALERT_TYPES, type CoverageReport } from '@ocop-monitor/monitor';
import type { User } from './accounts.ts';
import { coverageTrendChart } from './chart.ts';
import { html, type Raw, safeHref } from './html.ts';
import { type Lang, t } from './layout.ts';
import { vietnamMinute } from './vietnam-time.ts';

const collator = new Intl.Collator('vi');
const GAP_SHOWN = 200;

export function loginPage(lang: Lang, error: string | null): Raw {
  return html`${error ? html`<p role="alert" style="color:#a00">${error}</p>` : ''}
<form method="post" action="/login">
  <p><label for="u">${t(lang, 'Tên đăng nhập', 'Username')}</label><input id="u" name="username" autocomplete="username" required></p>
  <p><label for="p">${t(lang, 'Mật khẩu', 'Password')}</label><input id="p" name="password" type="password" autocomplete="current-password" required></p>
  <button>${t(lang, 'Đăng nhập', 'Log in')}</button></form>`;
}

/** A breakdown shows its weakest groups first; a province has thousands of producers, the export has them all. */
const GROUPS_SHOWN = 50;

function groupTable(lang: Lang, title: string, groups: CoverageReport['byMarketplace']): Raw {
  const sorted = [...groups].sort((a, b) => a.percent - b.percent || collator.compare(a.label, b.label));
  const shown = sorted.slice(0, GROUPS_SHOWN);
  return html`<h2>${title}</h2><table><thead><tr><th>${title}</th><th>${t(lang, 'Đạt', 'Covered')}</th><th>${t(lang, 'Tổng', 'Total')}</th><th>%</th></tr></thead>
<tbody>${shown.map((g) => html`<tr><td>${g.label}</td><td>${g.covered}</td><td>${g.denominator}</td><td>${g.percent}%</td></tr>`)}</tbody></table>
${sorted.length > shown.length ? html`<p>${t(lang, `${shown.length} nhóm thấp nhất trên ${sorted.length}; tệp xuất có đủ.`, `The ${shown.length} lowest of ${sorted.length}; the export has them all.`)}</p>` : ''}`;
}

export function coveragePage(lang: Lang, report: CoverageReport, trend: Array<{ date: string; percent: number }>): Raw {
  const gap = [...report.gap].sort((a, b) => collator.compare(a.name, b.name));
  return html`<p class="big">${report.percent}% <span class="muted" style="font-size:1rem">${t(lang, 'mục tiêu', 'target')} ${report.target}% · ${report.covered}/${report.denominator} · ${report.date}</span></p>
<p class="muted">${report.denominatorRule}<br>${report.numeratorRule}</p>
${coverageTrendChart(trend, t(lang, 'Độ phủ theo ngày so với mục tiêu 100%', 'Daily coverage against the 100% target'))}
<p><a href="/export/coverage.csv">CSV</a> · <a href="/export/coverage.xlsx">XLSX</a></p>
${groupTable(lang, t(lang, 'Sàn', 'Marketplace'), report.byMarketplace)}
${groupTable(lang, t(lang, 'Xã', 'Commune'), report.byCommune)}
${groupTable(lang, t(lang, 'Nhóm sản phẩm', 'Product group'), report.byGroup)}
${groupTable(lang, t(lang, 'Hạng sao', 'Stars'), report.byStars)}
${groupTable(lang, t(lang, 'Chủ thể', 'Producer'), report.byProducer)}
<h2>${t(lang, 'Sản phẩm cần đưa lên sàn', 'Products to onboard')} (${gap.length})</h2>
<table><thead><tr><th>${t(lang, 'Mã', 'Code')}</th><th>${t(lang, 'Sản phẩm', 'Product')}</th><th>${t(lang, 'Chủ thể', 'Producer')}</th><th>${t(lang, 'Tin đăng', 'Listings')}</th></tr></thead>
<tbody>${gap.slice(0, GAP_SHOWN).map((p) => html`<tr><td>${p.nationalId ?? p.localCode ?? p.productId}</td><td><a href="/products/${p.productId}">${p.name}</a></td><td>${p.producer}</td><td>${p.listings.join(', ')}</td></tr>`)}</tbody></table>
${gap.length > GAP_SHOWN ? html`<p>${t(lang, 'và', 'and')} ${gap.length - GAP_SHOWN} ${t(lang, 'sản phẩm khác (xem tệp xuất)', 'more (see the export)')}</p>` : ''}
<h2>${t(lang, 'Chưa xác nhận gỡ', 'Unconfirmed delistings')} (${report.unconfirmed.length}) · ${t(lang, 'Không kiểm tra được', 'Stale')} (${report.stale.length})</h2>
<table><tbody>${[
    ...report.unconfirmed.map((l) => ({ ...l, kind: 'suspect' })),
    ...report.stale.map((l) => ({ ...l, kind: 'stale' })),
  ]
    .slice(0, GAP_SHOWN)
    .map(
      (l) =>
        html`<tr><td>${l.kind}</td><td>${l.marketplace}</td><td><a href="${safeHref(l.url)}" rel="noreferrer">${l.url}</a></td></tr>`,
    )}</tbody></table>`;
}

export interface AlertRow {
  id: number;
  type: string;
  state: string;
  severity: string;
  marketplace: string | null;
  productId: number | null;
  openedAt: Date;
  evidence: unknown;
}

const STATES = ['live', 'open', 'confirmed', 'dismissed', 'snoozed', 'resolved'];

function reviewButtons(lang: Lang, csrf: string, action: string): Raw {
  return html`<input type="hidden" name="_csrf" value="${csrf}">
<label>${t(lang, 'Ghi chú', 'Note')} <input name="note" maxlength="500"></label>
<label>${t(lang, 'Hoãn đến', 'Snooze until')} <input name="until" type="date"></label>
<button name="action" value="confirm" formaction="${action}">${t(lang, 'Xác nhận', 'Confirm')}</button>
<button name="action" value="dismiss" formaction="${action}">${t(lang, 'Bỏ qua (báo sai)', 'Dismiss (false)')}</button>
<button name="action" value="snooze" formaction="${action}">${t(lang, 'Tạm hoãn', 'Snooze')}</button>`;
}

export function alertsPage(
  lang: Lang,
  user: User,
  csrf: string,
  alerts: AlertRow[],
  filter: { type?: string | undefined; state?: string | undefined },
  limit: number,
): Raw {
  const canReview = user.role !== 'viewer';
  const urlOf = (a: AlertRow) => String((a.evidence as { url?: unknown } | null)?.url ?? '');
  return html`<form method="get" action="/alerts">
<label>${t(lang, 'Loại', 'Type')} <select name="type"><option value="">—</option>${ALERT_TYPES.map((type) => html`<option${type === filter.type ? html` selected` : ''}>${type}</option>`)}</select></label>
<label>${t(lang, 'Trạng thái', 'State')} <select name="state">${STATES.map((s) => html`<option${s === (filter.state ?? 'live') ? html` selected` : ''}>${s}</option>`)}</select></label>
<button>${t(lang, 'Lọc', 'Filter')}</button></form>
<form method="post" action="/alerts/review">
<table><thead><tr><th><span class="sr">${t(lang, 'Chọn', 'Select')}</span></th><th>#</th><th>${t(lang, 'Loại', 'Type')}</th><th>${t(lang, 'Trạng thái', 'State')}</th><th>${t(lang, 'Sàn', 'Marketplace')}</th><th>${t(lang, 'Tin đăng', 'Listing')}</th><th>${t(lang, 'Mở lúc', 'Opened')}</th></tr></thead>
<tbody>${alerts.map(
    (
      a,
    ) => html`<tr><td>${canReview ? html`<input type="checkbox" name="ids" value="${a.id}" aria-label="#${a.id}">` : ''}</td>
<td><a href="/alerts/${a.id}">#${a.id}</a></td><td>${a.type}</td><td>${a.state}</td><td>${a.marketplace ?? ''}</td>
<td>${urlOf(a) ? html`<a href="${safeHref(urlOf(a))}" rel="noreferrer">${urlOf(a)}</a>` : ''}</td><td>${vietnamMinute(a.openedAt)}</td></tr>`,
  )}</tbody></table>
${alerts.length >= limit ? html`<p>${t(lang, `Chỉ hiện ${limit} cảnh báo mới nhất: hãy lọc theo loại hoặc trạng thái.`, `Only the newest ${limit} are shown: filter by type or state.`)}</p>` : ''}
${canReview ? html`<fieldset><legend>${t(lang, 'Xử lý các cảnh báo đã chọn', 'Review the selected alerts')}</legend>${reviewButtons(lang, csrf, '/alerts/review')}</fieldset>` : ''}
</form>`;
}

/** The moments an alert's evidence records, in the order they happened. */
const WHEN_LABELS = {
  checkedAt: { vi: 'Kiểm tra lúc', en: 'Checked at' },
  firstSeenDelistedAt: { vi: 'Lần đầu thấy bị gỡ', en: 'First seen removed' },
  confirmedAt: { vi: 'Xác nhận bị gỡ', en: 'Removal confirmed' },
  lastSeenDelistedAt: { vi: 'Lần gần nhất thấy bị gỡ', en: 'Last seen removed' },
} as const;
const WHEN_KEYS = Object.keys(WHEN_LABELS) as Array<keyof typeof WHEN_LABELS>;
const formatWhen = (iso: string) => (Number.isNaN(Date.parse(iso)) ? iso : vietnamMinute(new Date(iso)));

export function alertPage(
  lang: Lang,
  user: User,
  csrf: string,
  alert: AlertRow,
  history: Array<{
    at: Date;
    actor: string;
    action: string;
    fromState: string | null;
    toState: string;
    note: string | null;
  }>,
): Raw {
  const evidence = (alert.evidence ?? {}) as Record<string, unknown>;
  // The removal itself (delistings and possible removals); alerts of earlier versions kept the last check.
  const last = (evidence.removal ?? evidence.lastObservation ?? {}) as Record<string, unknown>;
  const url = String(evidence.url ?? '');
  return html`<p>${alert.type} · ${alert.state} · ${alert.severity}${alert.productId ? html` · <a href="/products/${alert.productId}">${t(lang, 'Xem sản phẩm', 'See the product')}</a>` : ''}</p>
<h2>${t(lang, 'Bằng chứng', 'Evidence')}</h2>
<table><tbody>
<tr><th>URL</th><td>${url ? html`<a href="${safeHref(url)}" rel="noreferrer">${url}</a>` : '—'}</td></tr>
<tr><th>HTTP</th><td>${String(last.httpStatus ?? '—')}</td></tr>
<tr><th>${t(lang, 'URL cuối', 'Final URL')}</th><td>${String(last.finalUrl ?? '—')}</td></tr>
<tr><th>${t(lang, 'Quy tắc', 'Matched rule')}</th><td>${String(last.matchedRule ?? '—')}${last.provenance ? html` (${last.provenance === 'seen' ? t(lang, 'đã thấy trên trang thật', 'seen on the real site') : t(lang, 'giả định, chưa từng thấy trên trang thật', 'assumed, never seen on the real site')})` : ''}</td></tr>
<tr><th>${t(lang, 'Chi tiết', 'Detail')}</th><td>${String(last.detail ?? '—')}</td></tr>
<tr><th>${t(lang, 'Trích nội dung trang', 'Page excerpt')}</th><td>${last.excerpt ? html`<q>${String(last.excerpt)}</q>` : '—'}</td></tr>
${WHEN_KEYS.filter((key) => typeof evidence[key] === 'string').map((key) => html`<tr><th>${t(lang, WHEN_LABELS[key].vi, WHEN_LABELS[key].en)}</th><td>${formatWhen(String(evidence[key]))}</td></tr>`)}
</tbody></table>
<details><summary>JSON</summary><pre>${JSON.stringify(evidence, null, 2)}</pre></details>
${user.role !== 'viewer' && alert.state !== 'resolved' ? html`<form method="post" action="/alerts/${alert.id}/review">${reviewButtons(lang, csrf, `/alerts/${alert.id}/review`)}</form>` : ''}
<h2>${t(lang, 'Lịch sử xử lý', 'Audit trail')}</h2>
<table><tbody>${history.map((e) => html`<tr><td>${vietnamMinute(e.at)}</td><td>${e.actor}</td><td>${e.action}</td><td>${e.fromState ?? '—'} → ${e.toState}</td><td>${e.note ?? ''}</td></tr>`)}</tbody></table>`;
}
