import { formatNumber, formatPercent, type listProposals, PROPOSAL_STATE_WORDS, say } from '@ocop-monitor/monitor';
import type { User } from './accounts.ts';
import { html, type Raw, safeHref } from './html.ts';
import { type Lang, t } from './layout.ts';

type Proposal = Awaited<ReturnType<typeof listProposals>>[number];
export const PROPOSAL_STATES = ['proposed', 'accepted', 'rejected'] as const;

/** Why discovery proposed a listing, in words: how much of the name, the producer, the quantity and the stars match. */
function reasonsInWords(lang: Lang, reasons: Record<string, unknown>): string {
  const share = (value: unknown) => formatPercent(Number(value) * 100, 0);
  const same = (value: unknown, vi: string, en: string) =>
    value === 'same'
      ? t(lang, `${vi} khớp`, `${en} match`)
      : value === 'other'
        ? t(lang, `${vi} khác`, `${en} differ`)
        : t(lang, `không ghi ${vi}`, `no ${en}`);
  return [
    t(lang, `tên sản phẩm ${share(reasons.productWords)}`, `product name ${share(reasons.productWords)}`),
    t(lang, `chủ thể ${share(reasons.producer)}`, `producer ${share(reasons.producer)}`),
    same(reasons.quantity, 'quy cách', 'quantities'),
    same(reasons.stars, 'hạng sao', 'stars'),
  ].join(' · ');
}

export function proposalsPage(
  lang: Lang,
  user: User,
  csrf: string,
  state: string,
  rows: Proposal[],
  where: (id: string | null) => string,
): Raw {
  const canDecide = user.role !== 'viewer' && state === 'proposed';
  return html`<p class="muted">${t(lang, 'Tin đăng tìm được trên sàn cho sản phẩm chưa có tin đăng ở sàn đó. Không tin nào được liên kết nếu chưa có người duyệt.', 'Listings found on a marketplace for products without a listing there. None is linked until a person accepts it.')}</p>
<form method="get" action="/proposals"><label>${t(lang, 'Trạng thái', 'State')} <select name="state">${PROPOSAL_STATES.map((s) => html`<option value="${s}"${s === state ? html` selected` : ''}>${say(PROPOSAL_STATE_WORDS, s, lang)}</option>`)}</select></label> <button>${t(lang, 'Lọc', 'Filter')}</button></form>
<table><thead><tr><th>#</th><th>${t(lang, 'Sản phẩm', 'Product')}</th><th>${t(lang, 'Tin đăng tìm được', 'Listing found')}</th><th>${t(lang, 'Gian hàng', 'Shop')}</th><th>${t(lang, 'Điểm', 'Score')}</th><th>${t(lang, 'Vì sao', 'Why')}</th>${canDecide ? html`<th>${t(lang, 'Quyết định', 'Decision')}</th>` : html`<th>${t(lang, 'Người duyệt', 'Decided by')}</th>`}</tr></thead>
<tbody>${rows.map(
    (p) => html`<tr><td>${p.id}</td><td><a href="/products/${p.productId}">${p.product}</a></td>
<td>${where(p.marketplace)}: <a href="${safeHref(p.url)}" rel="noreferrer">${p.title}</a></td><td>${p.shopName ?? '—'}</td><td>${formatNumber(p.score, 2)}</td>
<td><small>${reasonsInWords(lang, p.reasons as Record<string, unknown>)}</small></td>
${
  canDecide
    ? html`<td><form class="inline" method="post" action="/proposals/${p.id}/accept"><input type="hidden" name="_csrf" value="${csrf}"><button>${t(lang, 'Liên kết', 'Accept')}</button></form>
<form class="inline" method="post" action="/proposals/${p.id}/reject"><input type="hidden" name="_csrf" value="${csrf}"><button>${t(lang, 'Loại', 'Reject')}</button></form></td>`
    : html`<td>${p.decidedBy ?? ''}</td>`
}</tr>`,
  )}</tbody></table>`;
}
