import {
  type CoverageReport,
  formatDate,
  formatNumber,
  formatPercent,
  LISTING_STATE_WORDS,
  listingsInWords,
  productCode,
  say,
} from '@ocop-monitor/monitor';
import { coverageBarChart, coverageTrendChart } from './chart.ts';
import { html, type Raw, safeHref } from './html.ts';
import { type Lang, t } from './layout.ts';

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

function groupTable(lang: Lang, title: string, groups: CoverageReport['byMarketplace'], withChart = false): Raw {
  const sorted = [...groups].sort((a, b) => a.percent - b.percent || collator.compare(a.label, b.label));
  const shown = sorted.slice(0, GROUPS_SHOWN);
  const table = html`<table><thead><tr><th>${title}</th><th>${t(lang, 'Đạt', 'Covered')}</th><th>${t(lang, 'Tổng', 'Total')}</th><th>%</th></tr></thead>
<tbody>${shown.map((g) => html`<tr><td>${g.label}</td><td>${formatNumber(g.covered)}</td><td>${formatNumber(g.denominator)}</td><td>${formatPercent(g.percent)}</td></tr>`)}</tbody></table>
${sorted.length > shown.length ? html`<p>${t(lang, `${shown.length} nhóm thấp nhất trên ${sorted.length}; tệp xuất có đủ.`, `The ${shown.length} lowest of ${sorted.length}; the export has them all.`)}</p>` : ''}`;
  if (!withChart) return html`<h2>${title}</h2>${table}`;
  const chartLabel = t(
    lang,
    `Độ phủ theo ${title.toLowerCase()}, thấp nhất trước`,
    `Coverage by ${title.toLowerCase()}, lowest first`,
  );
  return html`<h2>${title}</h2><div class="pair"><section>${coverageBarChart(sorted, chartLabel)}</section><section>${table}</section></div>`;
}

export function coveragePage(
  lang: Lang,
  report: CoverageReport,
  trend: Array<{ date: string; percent: number }>,
  where: (id: string | null) => string,
): Raw {
  const gap = [...report.gap].sort((a, b) => collator.compare(a.name, b.name));
  return html`<p class="big">${formatPercent(report.percent)} <span class="muted" style="font-size:1rem">${t(lang, 'mục tiêu', 'target')} ${formatPercent(report.target, 0)} · ${report.covered}/${report.denominator} · ${formatDate(report.date)}</span></p>
<p class="muted">${report.denominatorRule}<br>${report.numeratorRule}</p>
${coverageTrendChart(trend, t(lang, 'Độ phủ theo ngày so với mục tiêu 100 %', 'Daily coverage against the 100 % target'))}
<p><a href="/export/coverage.csv">CSV</a> · <a href="/export/coverage.xlsx">XLSX</a></p>
${groupTable(
  lang,
  t(lang, 'Sàn', 'Marketplace'),
  report.byMarketplace.map((g) => ({ ...g, label: where(g.key) })),
)}
${groupTable(lang, t(lang, 'Xã', 'Commune'), report.byCommune, true)}
${groupTable(lang, t(lang, 'Nhóm sản phẩm', 'Product group'), report.byGroup)}
${groupTable(lang, t(lang, 'Hạng sao', 'Stars'), report.byStars)}
${groupTable(lang, t(lang, 'Chủ thể', 'Producer'), report.byProducer)}
<h2>${t(lang, 'Sản phẩm cần đưa lên sàn', 'Products to onboard')} (${gap.length})</h2>
<table><thead><tr><th>${t(lang, 'Mã', 'Code')}</th><th>${t(lang, 'Sản phẩm', 'Product')}</th><th>${t(lang, 'Chủ thể', 'Producer')}</th><th>${t(lang, 'Tin đăng', 'Listings')}</th></tr></thead>
<tbody>${gap.slice(0, GAP_SHOWN).map((p) => html`<tr><td data-label="${t(lang, 'Mã', 'Code')}">${productCode(p, lang)}</td><td><a href="/products/${p.productId}">${p.name}</a></td><td>${p.producer}</td><td>${listingsInWords(p.listings, where, lang)}</td></tr>`)}</tbody></table>
${gap.length > GAP_SHOWN ? html`<p>${t(lang, 'và', 'and')} ${gap.length - GAP_SHOWN} ${t(lang, 'sản phẩm khác (xem tệp xuất)', 'more (see the export)')}</p>` : ''}
<h2>${t(lang, 'Chưa xác nhận gỡ', 'Unconfirmed delistings')} (${report.unconfirmed.length}) · ${t(lang, 'Không kiểm tra được', 'Stale')} (${report.stale.length})</h2>
<table><tbody>${[
    ...report.unconfirmed.map((l) => ({ ...l, kind: 'suspect' })),
    ...report.stale.map((l) => ({ ...l, kind: 'stale' })),
  ]
    .slice(0, GAP_SHOWN)
    .map(
      (l) =>
        html`<tr><td>${say(LISTING_STATE_WORDS, l.kind, lang)}</td><td>${where(l.marketplace)}</td><td><a href="${safeHref(l.url)}" rel="noreferrer">${l.url}</a></td></tr>`,
    )}</tbody></table>`;
}
