import {
  ALERT_STATE_WORDS,
  alertKindInWords,
  formatDate,
  formatDateTime,
  LISTING_STATE_WORDS,
  PRODUCT_STATUS_WORDS,
  type ProductDetail,
  type ProductSummary,
  say,
  VERDICT_WORDS,
} from '@ocop-monitor/monitor';
import { contactLine } from './alert-page.ts';
import { buyerAddress } from './buyer-address.ts';
import { soldCountChart } from './chart.ts';
import { html, type Raw, safeHref } from './html.ts';
import { type Lang, t } from './layout.ts';
import { type CheckNotice, type CheckNowOffer, checkNoticeLine, checkNowForm } from './listing-check.ts';
import { vietnamDay } from './vietnam-time.ts';

const collator = new Intl.Collator('vi');

export function productsPage(lang: Lang, query: string, products: ProductSummary[], limit: number): Raw {
  const sorted = [...products].sort((a, b) => collator.compare(a.name, b.name));
  return html`<form method="get" action="/products" role="search">
<label for="q">${t(lang, 'Tên hoặc mã sản phẩm', 'Product name or code')}</label> <input id="q" name="q" value="${query}" maxlength="100">
<button>${t(lang, 'Tìm', 'Search')}</button></form>
<table class="list"><thead><tr><th>${t(lang, 'Sản phẩm', 'Product')}</th><th>${t(lang, 'Mã', 'Code')}</th><th>${t(lang, 'Chủ thể', 'Producer')}</th><th>${t(lang, 'Sao', 'Stars')}</th><th>${t(lang, 'Tin đăng đang bán / tổng', 'Listings on sale / all')}</th></tr></thead>
<tbody>${sorted.map((p) => html`<tr><td><a href="/products/${p.id}"><strong>${p.name}</strong></a></td><td data-label="${t(lang, 'Mã', 'Code')}">${p.nationalId ?? p.localCode ?? ''}</td><td data-label="${t(lang, 'Chủ thể', 'Producer')}">${p.producer}</td><td data-label="${t(lang, 'Sao', 'Stars')}">${p.stars}★</td><td data-label="${t(lang, 'Tin đăng đang bán / tổng', 'On sale / all')}">${p.activeListings} / ${p.listings}</td></tr>`)}</tbody></table>
${products.length >= limit ? html`<p>${t(lang, `Chỉ hiện ${limit} sản phẩm đầu: hãy gõ thêm để thu hẹp.`, `Only the first ${limit} are shown: type more to narrow.`)}</p>` : ''}`;
}

/** The certificate as its dates say: in force, expired on a day, or revoked. */
function certificateWords(lang: Lang, product: ProductDetail['product'], today: string): string {
  if (product.status === 'revoked') return say(PRODUCT_STATUS_WORDS, 'revoked', lang);
  return product.expiryDate < today
    ? t(lang, `Đã hết hạn ngày ${formatDate(product.expiryDate)}`, `Expired on ${formatDate(product.expiryDate)}`)
    : t(
        lang,
        `Còn hiệu lực đến ngày ${formatDate(product.expiryDate)}`,
        `In force until ${formatDate(product.expiryDate)}`,
      );
}

export function productPage(
  lang: Lang,
  detail: ProductDetail,
  where: (id: string | null) => string,
  staff: boolean,
  now: Date,
  /** "Kiểm tra lại ngay" beside each listing (staff, when the service can check), and what the last press did. */
  checkNow: { offer: CheckNowOffer | null; notice: CheckNotice | null } = { offer: null, notice: null },
  /** The shop's consent to read its own record (absent where no open platform is configured). */
  consent: Raw | null = null,
): Raw {
  const { product, listings, timeline, alerts } = detail;
  const label = (id: number) => {
    const l = listings.find((x) => x.id === id);
    return l
      ? `${where(l.marketplace)}${listings.filter((x) => x.marketplace === l.marketplace).length > 1 ? ` (${listings.filter((x) => x.marketplace === l.marketplace).indexOf(l) + 1})` : ''}`
      : '';
  };
  return html`<table><tbody>
<tr><th>${t(lang, 'Mã quốc gia / mã tỉnh', 'National / local code')}</th><td>${product.nationalId ?? '—'} / ${product.localCode ?? '—'}</td></tr>
<tr><th>${t(lang, 'Chủ thể', 'Producer')}</th><td>${product.producer}</td></tr>
${product.communeName ? html`<tr><th>${t(lang, 'Xã, phường', 'Commune')}</th><td>${product.communeName}</td></tr>` : ''}
<tr><th>${t(lang, 'Nhóm · hạng sao', 'Group · stars')}</th><td>${product.productGroup} · ${product.stars}★</td></tr>
<tr><th>${t(lang, 'Giấy chứng nhận OCOP', 'OCOP certificate')}</th><td>${certificateWords(lang, product, vietnamDay(now))}</td></tr>
</tbody></table>
${staff ? contactLine(lang, product.producer, product.producerContact) : ''}
<h2>${t(lang, 'Tin đăng', 'Listings')} (${listings.length})</h2>
${checkNoticeLine(lang, checkNow.notice)}
<table class="list"><thead><tr><th>${t(lang, 'Sàn', 'Marketplace')}</th><th>${t(lang, 'Địa chỉ người mua mở', 'Buyer’s address')}</th><th>${t(lang, 'Trạng thái', 'State')}</th><th>${t(lang, 'Từ', 'Since')}</th><th>${t(lang, 'Lần đọc mới nhất', 'Latest reading')}</th>${checkNow.offer ? html`<th>${t(lang, 'Kiểm tra lại', 'Check again')}</th>` : ''}</tr></thead>
<tbody>${listings.map((l) => html`<tr><td data-label="${t(lang, 'Sàn', 'Marketplace')}">${label(l.id)}</td><td data-label="${t(lang, 'Địa chỉ', 'Address')}" class="url"><a href="${safeHref(buyerAddress(l.url))}" rel="noreferrer">${buyerAddress(l.url)}</a></td><td data-label="${t(lang, 'Trạng thái', 'State')}">${say(LISTING_STATE_WORDS, l.state, lang)}</td><td data-label="${t(lang, 'Từ', 'Since')}">${formatDate(l.stateSince)}</td><td data-label="${t(lang, 'Lần đọc mới nhất', 'Latest reading')}">${l.lastReading ? `${formatDateTime(l.lastReading.at)} — ${say(VERDICT_WORDS, l.lastReading.verdict, lang)}` : '—'}</td>${checkNow.offer ? html`<td data-label="${t(lang, 'Kiểm tra lại', 'Check again')}">${checkNowForm(lang, l.id, checkNow.offer)}</td>` : ''}</tr>`)}</tbody></table>
${consent ?? ''}
${
  // A chart only where there is something to draw: a product without listings (or without counts) says so.
  detail.checks.some((c) => c.soldValue !== null && !c.soldApproximate)
    ? soldCountChart(
        detail.checks,
        listings.map((l) => ({ id: l.id, marketplace: label(l.id) })),
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
<table class="list"><thead><tr><th>${t(lang, 'Tin đăng', 'Listing')}</th><th>${t(lang, 'Kết quả', 'Verdict')}</th><th>${t(lang, 'Từ ngày', 'From')}</th><th>${t(lang, 'Đến ngày', 'To')}</th><th>${t(lang, 'Số lần', 'Checks')}</th></tr></thead>
<tbody>${timeline.map((s) => html`<tr><td data-label="${t(lang, 'Tin đăng', 'Listing')}">${label(s.listingId)}</td><td data-label="${t(lang, 'Kết quả', 'Verdict')}">${say(VERDICT_WORDS, s.verdict, lang)}</td><td data-label="${t(lang, 'Từ ngày', 'From')}">${formatDate(s.from)}</td><td data-label="${t(lang, 'Đến ngày', 'To')}">${formatDate(s.to)}</td><td data-label="${t(lang, 'Số lần', 'Checks')}">${s.checks}</td></tr>`)}</tbody></table>
<h2>${t(lang, 'Cảnh báo', 'Alerts')} (${alerts.length})</h2>
<table class="list"><thead><tr><th>${t(lang, 'Loại', 'Kind')}</th><th>${t(lang, 'Trạng thái', 'State')}</th><th>${t(lang, 'Mở lúc', 'Opened')}</th></tr></thead>
<tbody>${alerts.map((a) => html`<tr><td data-label="${t(lang, 'Loại', 'Kind')}"><a href="/alerts/${a.id}">${alertKindInWords(a, lang)}</a></td><td data-label="${t(lang, 'Trạng thái', 'State')}">${say(ALERT_STATE_WORDS, a.state, lang)}</td><td data-label="${t(lang, 'Mở lúc', 'Opened')}">${formatDateTime(a.openedAt)}</td></tr>`)}</tbody></table>`;
}
