import { ruleInWords } from './rule-words.ts';
import { formatDate, formatPercent } from './vietnamese-format.ts';
import type { Lang } from './words.ts';

export interface AlertToDescribe {
  type: string;
  evidence: unknown;
}

type Evidence = Record<string, unknown>;
const text = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');
const percent = (share: unknown) => (typeof share === 'number' ? formatPercent(share * 100, 0) : '?');
/** A day from the evidence (YYYY-MM-DD) as people read it; anything else as it is. */
const day = (value: unknown) =>
  typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/u.test(value) ? formatDate(value) : text(value);

/** The removal an alert rests on: its own sighting, or the last check for alerts written before it kept one. */
export function removalOf(evidence: unknown): Evidence {
  const e = (evidence ?? {}) as Evidence;
  return (e.removal ?? e.lastObservation ?? {}) as Evidence;
}

/**
 * What happened, in one sentence a clerk can pass on ("Tiki báo sản phẩm đã ngừng kinh doanh"):
 * for a removal, the evidence rule in words; for the others, the figures the rule recorded.
 * `where` is the marketplace's display name.
 */
export function alertFinding(alert: AlertToDescribe, where: string, lang: Lang): string {
  const e = (alert.evidence ?? {}) as Evidence;
  const vi = lang === 'vi';
  switch (alert.type) {
    case 'listing_delisted':
    case 'listing_possibly_removed': {
      const rule = text(removalOf(e).matchedRule);
      const said = rule ? ruleInWords(rule, where, lang) : null;
      if (said) return said;
      return vi ? `Tin đăng không còn bán trên ${where}` : `The listing is no longer sold on ${where}`;
    }
    case 'zero_sales':
      return e.neverSold === true
        ? vi
          ? `Chưa từng bán được trên ${where} trong ${text(e.windowDays)} ngày`
          : `Never sold on ${where} in ${text(e.windowDays)} days`
        : vi
          ? `Không bán thêm được sản phẩm nào trên ${where} trong ${text(e.windowDays)} ngày (đã bán ${text(e.soldNow)})`
          : `No sale on ${where} in ${text(e.windowDays)} days (${text(e.soldNow)} sold in all)`;
    case 'out_of_stock':
      return vi
        ? `Báo hết hàng trên ${where} ở mọi lần kiểm tra hơn ${text(e.outOfStockForMoreThanDays)} ngày`
        : `Out of stock on ${where} at every check for more than ${text(e.outOfStockForMoreThanDays)} days`;
    case 'product_uncovered':
      return vi ? 'Sản phẩm chưa có tin đăng đang bán trên sàn nào' : 'The product is on sale on no marketplace';
    case 'certificate_expiring': {
      const days = Number(e.daysLeft);
      if (Number.isFinite(days) && days < 0)
        return vi
          ? `Giấy chứng nhận OCOP đã hết hạn ngày ${day(e.expiryDate)}`
          : `The OCOP certificate expired on ${day(e.expiryDate)}`;
      return vi
        ? `Giấy chứng nhận OCOP hết hạn ngày ${day(e.expiryDate)} (còn ${text(e.daysLeft)} ngày)`
        : `The OCOP certificate expires on ${day(e.expiryDate)} (${text(e.daysLeft)} days left)`;
    }
    case 'marketplace_degraded':
      return vi
        ? `Không đọc được ${text(e.unknown)}/${text(e.checks)} lần kiểm tra trên ${where} ngày ${day(e.runDate)}: kết quả ngày đó không được dùng`
        : `${text(e.unknown)} of ${text(e.checks)} checks on ${where} unreadable on ${day(e.runDate)}: that day's results are set aside`;
    case 'marketplace_mass_delisting':
      if (e.why === 'negative-control')
        return vi
          ? `${text(e.delistedEvidence)} tin đăng trên ${where} báo bị gỡ ngày ${day(e.runDate)}, nhưng địa chỉ kiểm tra (sản phẩm không hề có) không nhận được trang "không tìm thấy" quen thuộc của sàn: kết quả được giữ lại chờ người xem`
          : `${text(e.delistedEvidence)} listings on ${where} answered removed on ${day(e.runDate)}, but the address no product has did not get the marketplace's usual not-found answer: held for a person`;
      if (e.why === 'no-control')
        return vi
          ? `Ngày ${day(e.runDate)} không đọc được tin nào của ${where} đang bán, nên không phân biệt được gỡ bỏ với sàn lỗi: kết quả được giữ lại chờ người xem`
          : `On ${day(e.runDate)} nothing of ${where} read on sale, so removals cannot be told from a broken site: held for a person`;
      return vi
        ? `${percent(e.share)} tin đăng trên ${where} cùng có vẻ bị gỡ ngày ${day(e.runDate)} (bình thường ${percent(e.normalShare)}): có thể sàn đổi giao diện, kết quả được giữ lại chờ người xem`
        : `${percent(e.share)} of the listings on ${where} looked removed on ${day(e.runDate)} (normally ${percent(e.normalShare)}): perhaps a redesign; held for a person`;
    case 'run_overdue':
      return vi
        ? `Lượt kiểm tra ngày ${day(e.runDate)} chưa xong đúng giờ`
        : `The run of ${day(e.runDate)} did not finish in time`;
    default:
      return alert.type;
  }
}
