import type { ProductDetail, ProductSummary } from '@ocop-monitor/monitor';
import { soldCountChart } from './chart.ts';
import { html, type Raw, safeHref } from './html.ts';
import { type Lang, t } from './layout.ts';
import { vietnamDay } from './vietnam-time.ts';

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

export function productPage(lang: Lang, detail: ProductDetail): Raw {
  const { product, listings, timeline, alerts } = detail;
  return html`<table><tbody>
<tr><th>${t(lang, 'Mã quốc gia / mã tỉnh', 'National / local code')}</th><td>${product.nationalId ?? '—'} / ${product.localCode ?? '—'}</td></tr>
<tr><th>${t(lang, 'Chủ thể', 'Producer')}</th><td>${product.producer}</td></tr>
<tr><th>${t(lang, 'Nhóm · hạng sao', 'Group · stars')}</th><td>${product.productGroup} · ${product.stars}★</td></tr>
<tr><th>${t(lang, 'Trạng thái · hết hạn', 'Status · expires')}</th><td>${product.status} · ${product.expiryDate}</td></tr>
</tbody></table>
<h2>${t(lang, 'Tin đăng', 'Listings')} (${listings.length})</h2>
<table><thead><tr><th>#</th><th>${t(lang, 'Sàn', 'Marketplace')}</th><th>URL</th><th>${t(lang, 'Trạng thái', 'State')}</th><th>${t(lang, 'Từ', 'Since')}</th><th>${t(lang, 'Kiểm tra lần cuối', 'Last checked')}</th></tr></thead>
<tbody>${listings.map((l) => html`<tr><td>${l.id}</td><td>${l.marketplace}</td><td><a href="${safeHref(l.url)}" rel="noreferrer">${l.url}</a></td><td>${l.state}</td><td>${vietnamDay(l.stateSince)}</td><td>${l.lastCheckedAt ? vietnamDay(l.lastCheckedAt) : '—'}</td></tr>`)}</tbody></table>
${soldCountChart(detail.checks, listings, t(lang, 'Số lượt đã bán đọc được trên trang sản phẩm', 'Sold count read on each listing page'))}
<h2>${t(lang, 'Diễn biến kiểm tra', 'Check timeline')}</h2>
<table><thead><tr><th>${t(lang, 'Tin đăng', 'Listing')}</th><th>${t(lang, 'Kết quả', 'Verdict')}</th><th>${t(lang, 'Từ ngày', 'From')}</th><th>${t(lang, 'Đến ngày', 'To')}</th><th>${t(lang, 'Số lần', 'Checks')}</th></tr></thead>
<tbody>${timeline.map((s) => html`<tr><td>#${s.listingId}</td><td>${s.verdict}</td><td>${vietnamDay(s.from)}</td><td>${vietnamDay(s.to)}</td><td>${s.checks}</td></tr>`)}</tbody></table>
<h2>${t(lang, 'Cảnh báo', 'Alerts')} (${alerts.length})</h2>
<table><thead><tr><th>#</th><th>${t(lang, 'Loại', 'Type')}</th><th>${t(lang, 'Trạng thái', 'State')}</th><th>${t(lang, 'Mở lúc', 'Opened')}</th></tr></thead>
<tbody>${alerts.map((a) => html`<tr><td><a href="/alerts/${a.id}">#${a.id}</a></td><td>${a.type}</td><td>${a.state}</td><td>${vietnamDay(a.openedAt)}</td></tr>`)}</tbody></table>`;
}
