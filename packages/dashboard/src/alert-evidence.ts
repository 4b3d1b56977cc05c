import {
  formatDateTime,
  formatVnd,
  type OnSaleReading,
  type QueuedAlert,
  removalOf,
  ruleInWords,
  STOCK_WORDS,
  say,
  whyItCounts,
} from '@ocop-monitor/monitor';
import { buyerAddress } from './buyer-address.ts';
import { html, type Raw, safeHref } from './html.ts';
import { type Lang, t } from './layout.ts';

/** The moments an alert's evidence records, in the order they happened. */
const WHEN_LABELS = {
  firstSeenDelistedAt: { vi: 'Lần đầu thấy bị gỡ', en: 'First seen removed' },
  confirmedAt: { vi: 'Xác nhận bị gỡ', en: 'Removal confirmed' },
  lastSeenDelistedAt: { vi: 'Lần gần nhất thấy bị gỡ', en: 'Last seen removed' },
} as const;
const WHEN_KEYS = Object.keys(WHEN_LABELS) as Array<keyof typeof WHEN_LABELS>;
const when = (value: string) => (Number.isNaN(Date.parse(value)) ? value : formatDateTime(value));

/** The "before": the last reading of the listing, titled by what it showed (on sale, or out of stock). */
export function beforeSection(lang: Lang, before: OnSaleReading | null): Raw {
  const heading =
    before?.stock === 'out_of_stock'
      ? t(lang, 'Lần cuối đọc được trên sàn (đang hết hàng)', 'Last read on the marketplace (out of stock)')
      : t(lang, 'Lần cuối còn bán', 'Last seen on sale');
  if (!before)
    return html`<h2>${heading}</h2><p>${t(lang, 'Chưa lần nào đọc được tin đăng này là đang bán.', 'This listing never read as on sale.')}</p>`;
  const sold = before.sold === null ? '—' : `${before.sold}${before.soldApproximate ? '+' : ''}`;
  return html`<h2>${heading}</h2><table><tbody>
<tr><th>${t(lang, 'Kiểm tra lúc', 'Checked at')}</th><td>${formatDateTime(before.checkedAt)}</td></tr>
<tr><th>${t(lang, 'Tên trên sàn', 'Title')}</th><td>${before.title ?? '—'}</td></tr>
<tr><th>${t(lang, 'Giá', 'Price')}</th><td>${formatVnd(before.price)}</td></tr>
<tr><th>${t(lang, 'Đã bán', 'Sold')}</th><td>${sold}</td></tr>
<tr><th>${t(lang, 'Kho', 'Stock')}</th><td>${before.stock ? say(STOCK_WORDS, before.stock, lang) : '—'}</td></tr>
</tbody></table>`;
}

/** Page text a person can read: markup and data (JSON from an API) are left to the technical details. */
function readableText(excerpt: unknown): string | null {
  if (typeof excerpt !== 'string') return null;
  const text = excerpt.trim();
  if (!text || /^[[{<]/u.test(text)) return null;
  return text.replace(/\s+/gu, ' ');
}

/**
 * The "after", in words: what the clerk would have seen on the marketplace's page, why that counts
 * as a removal, and the address a buyer opens to see it for themselves (never an API address).
 */
export function removalSection(lang: Lang, alert: QueuedAlert, where: string): Raw {
  const evidence = (alert.evidence ?? {}) as Record<string, unknown>;
  const removal = removalOf(evidence);
  const rule = typeof removal.matchedRule === 'string' ? removal.matchedRule : '';
  const seen =
    (rule && ruleInWords(rule, where, lang)) ||
    t(lang, `Tin đăng không còn bán trên ${where}`, `The listing is no longer sold on ${where}`);
  const why = whyItCounts(rule, removal.provenance, where, lang);
  const address = alert.url ?? (typeof removal.finalUrl === 'string' ? removal.finalUrl : null);
  const text = readableText(removal.excerpt);
  return html`<h2>${t(lang, 'Bằng chứng bị gỡ', 'Removal evidence')}</h2>
<p><strong>${t(lang, 'Trang sàn hiện', 'The page showed')}:</strong> ${seen}.</p>
<p><strong>${t(lang, 'Vì sao tính là bị gỡ', 'Why it counts')}:</strong> ${why}</p>
${text ? html`<p><strong>${t(lang, 'Chữ trên trang', 'Text on the page')}:</strong> <q>${text}</q></p>` : ''}
${address ? html`<p><strong>${t(lang, 'Địa chỉ người mua mở', 'The address a buyer opens')}:</strong> <a class="url" href="${safeHref(buyerAddress(address))}" rel="noreferrer">${buyerAddress(address)}</a></p>` : ''}
<ul>${WHEN_KEYS.filter((key) => typeof evidence[key] === 'string').map((key) => html`<li>${t(lang, WHEN_LABELS[key].vi, WHEN_LABELS[key].en)}: ${when(String(evidence[key]))}</li>`)}</ul>`;
}
