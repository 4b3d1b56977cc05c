import {
  ALERT_STATE_WORDS,
  ALERT_TYPE_WORDS,
  formatDate,
  LISTING_STATE_WORDS,
  PRODUCT_STATUS_WORDS,
  type ProductDetail,
  type ProductSummary,
  say,
  VERDICT_WORDS,
} from '@ocop-monitor/monitor';
import { soldCountChart } from './chart.ts';
import { html, type Raw, safeHref } from './html.ts';
import { type Lang, t } from './layout.ts';

const collator = new Intl.Collator('vi');

export function productsPage(lang: Lang, query: string, products: ProductSummary[], limit: number): Raw {
  const sorted = [...products].sort((a, b) => collator.compare(a.name, b.name));
  return html`<form method="get" action="/products" role="search">
<label for="q">${t(lang, 'Tên hoặc mã sản phẩm', 'Product name or code')}</label> <input id="q" name="q" value="${query}" maxlength="100">
<button>${t(lang, 'Tìm', 'Search')}</button></form>
<table><thead><tr><th>${t(lang, 'Mã', 'Code')}</th><th>${t(lang, 'Sản phẩm', 'Product')}</th><th>${t(lang, 'Chủ thể', 'Producer')}</th><th>${t(lang, 'Sao', 'Stars')}</th><th>${t(lang, 'Tin đăng đang bán / tổng', 'Listings on sale / all')}</th></tr></thead>
<tbody>${sorted.map((p) => html`<tr><td>${p.nationalId ?? p.localCode ?? ''}</td><td><a href="/products/${p.id}">${p.name}</a></td><td>${p.producer}</td><td>${p.stars}</td><td>${p.activeListings} / ${p.listings}</td></tr>`)}</tbody></table>
${products.length >= limit ? html`<p>${t(lang, `Chỉ hiện ${limit} sản phẩm đầu: hãy gõ thêm để thu hẹp.`, `Only the first ${limit} are shown: type more to narrow.`)}</p>` : ''}`;
}

export function productPage(lang: Lang, detail: ProductDetail, where: (id: string | null) => string): Raw {
  const { product, listings, timeline, alerts } = detail;
  return html`<table><tbody>
<tr><th>${t(lang, 'Mã quốc gia / mã tỉnh', 'National / local code')}</th><td>${product.nationalId ?? '—'} / ${product.localCode ?? '—'}</td></tr>
<tr><th>${t(lang, 'Chủ thể', 'Producer')}</th><td>${product.producer}</td></tr>
<tr><th>${t(lang, 'Nhóm · hạng sao', 'Group · stars')}</th><td>${product.productGroup} · ${product.stars}★</td></tr>
<tr><th>${t(lang, 'Trạng thái · hết hạn', 'Status · expires')}</th><td>${say(PRODUCT_STATUS_WORDS, product.status, lang)} · ${product.expiryDate ? formatDate(product.expiryDate) : '—'}</td></tr>
</tbody></table>
<h2>${t(lang, 'Tin đăng', 'Listings')} (${listings.length})</h2>
<table><thead><tr><th>#</th><th>${t(lang, 'Sàn', 'Marketplace')}</th><th>URL</th><th>${t(lang, 'Trạng thái', 'State')}</th><th>${t(lang, 'Từ', 'Since')}</th><th>${t(lang, 'Kiểm tra lần cuối', 'Last checked')}</th></tr></thead>
<tbody>${listings.map((l) => html`<tr><td>${l.id}</td><td>${where(l.marketplace)}</td><td><a href="${safeHref(l.url)}" rel="noreferrer">${l.url}</a></td><td>${say(LISTING_STATE_WORDS, l.state, lang)}</td><td>${formatDate(l.stateSince)}</td><td>${l.lastCheckedAt ? formatDate(l.lastCheckedAt) : '—'}</td></tr>`)}</tbody></table>
${
  // A chart only where there is something to draw: a product without listings (or without counts) says so.
  detail.checks.some((c) => c.soldValue !== null && !c.soldApproximate)
    ? soldCountChart(
        detail.checks,
        listings.map((l) => ({ id: l.id, marketplace: where(l.marketplace) })),
        t(lang, 'Số lượt đã bán đọc được trên trang sản phẩm', 'Sold count read on each listing page'),
      )
    : html`<p>${
        listings.length
          ? t(
              lang,
              'Các sàn của sản phẩm này không cho biết số lượt đã bán.',
              "This product's marketplaces show no sold count.",
            )
          : t(
              lang,
              'Sản phẩm chưa có tin đăng nào: hãy nhập URL tin đăng hoặc xem Đề xuất.',
              'The product has no listing yet: import its listing URLs or look at Proposals.',
            )
      }</p>`
}
<h2>${t(lang, 'Diễn biến kiểm tra', 'Check timeline')}</h2>
<table><thead><tr><th>${t(lang, 'Tin đăng', 'Listing')}</th><th>${t(lang, 'Kết quả', 'Verdict')}</th><th>${t(lang, 'Từ ngày', 'From')}</th><th>${t(lang, 'Đến ngày', 'To')}</th><th>${t(lang, 'Số lần', 'Checks')}</th></tr></thead>
<tbody>${timeline.map((s) => html`<tr><td>#${s.listingId}</td><td>${say(VERDICT_WORDS, s.verdict, lang)}</td><td>${formatDate(s.from)}</td><td>${formatDate(s.to)}</td><td>${s.checks}</td></tr>`)}</tbody></table>
<h2>${t(lang, 'Cảnh báo', 'Alerts')} (${alerts.length})</h2>
<table><thead><tr><th>#</th><th>${t(lang, 'Loại', 'Type')}</th><th>${t(lang, 'Trạng thái', 'State')}</th><th>${t(lang, 'Mở lúc', 'Opened')}</th></tr></thead>
<tbody>${alerts.map((a) => html`<tr><td><a href="/alerts/${a.id}">#${a.id}</a></td><td>${say(ALERT_TYPE_WORDS, a.type, lang)}</td><td>${say(ALERT_STATE_WORDS, a.state, lang)}</td><td>${formatDate(a.openedAt)}</td></tr>`)}</tbody></table>`;
}
