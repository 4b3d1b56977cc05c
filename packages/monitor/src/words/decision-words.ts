import { ALERT_TYPE_WORDS, type Lang, say, type Words } from './words.ts';

export type Decision = 'confirm' | 'dismiss' | 'snooze';

/** What each decision does for one kind of alert, in the words of its button. */
type KindDecisions = Partial<Record<Decision, Words>>;

const SNOOZE: Words = { vi: 'Tạm hoãn đến ngày đã chọn', en: 'Snooze until the chosen date' };
const NOTED: Words = { vi: 'Đã ghi nhận, đã báo chủ thể', en: 'Noted, the producer was told' };

/**
 * The decisions that make sense for each kind, and what each one does. A kind that is a fact read
 * from the registry (an expired certificate, a product on no marketplace) cannot be "false": it has
 * no dismiss. The server refuses what is not here (`reviewAlert`), whatever a form sends.
 */
const DECISIONS: Readonly<Record<string, KindDecisions>> = {
  listing_delisted: {
    confirm: { vi: 'Xác nhận bị gỡ — gửi tin cho chủ thể', en: 'Confirm the removal — tell the producer' },
    dismiss: { vi: 'Báo sai — vẫn còn bán, không gửi tin', en: 'False — still on sale, tell nobody' },
    snooze: SNOOZE,
  },
  listing_possibly_removed: {
    confirm: {
      vi: 'Sàn đã gỡ — ghi là bị gỡ và gửi tin cho chủ thể',
      en: 'The marketplace removed it — record it and tell the producer',
    },
    dismiss: { vi: 'Vẫn còn bán — báo sai, không gửi tin', en: 'Still on sale — false, tell nobody' },
    snooze: SNOOZE,
  },
  zero_sales: {
    confirm: { vi: 'Gửi tin cho chủ thể ngay', en: 'Tell the producer now' },
    dismiss: { vi: 'Không gửi — bỏ qua cảnh báo này', en: 'Do not send — dismiss this alert' },
    snooze: { vi: 'Chưa gửi, hoãn đến ngày đã chọn', en: 'Hold the message until the chosen date' },
  },
  out_of_stock: {
    confirm: { vi: 'Gửi tin cho chủ thể ngay', en: 'Tell the producer now' },
    dismiss: { vi: 'Không gửi — bỏ qua cảnh báo này', en: 'Do not send — dismiss this alert' },
    snooze: { vi: 'Chưa gửi, hoãn đến ngày đã chọn', en: 'Hold the message until the chosen date' },
  },
  product_uncovered: { confirm: NOTED, snooze: SNOOZE },
  certificate_expiring: { confirm: NOTED, snooze: SNOOZE },
  marketplace_mass_delisting: {
    confirm: {
      vi: 'Chấp nhận: các tin đăng này thật sự bị gỡ (gửi tin cho chủ thể)',
      en: 'Accept: these listings really were removed (tell the producers)',
    },
    dismiss: { vi: 'Không chấp nhận: sàn lỗi, bỏ kết quả', en: 'Refuse: the marketplace failed, set it aside' },
    snooze: SNOOZE,
  },
  marketplace_degraded: { confirm: { vi: 'Đã biết', en: 'Acknowledged' }, snooze: SNOOZE },
  run_overdue: { confirm: { vi: 'Đã biết', en: 'Acknowledged' }, snooze: SNOOZE },
};

/** The decisions offered for a kind, in the order of the buttons. */
export function decisionsFor(type: string): Decision[] {
  const kind = DECISIONS[type] ?? {};
  return (['confirm', 'dismiss', 'snooze'] as const).filter((d) => kind[d] !== undefined);
}

/** A decision's button for a kind ("Xác nhận bị gỡ — gửi tin cho chủ thể"). */
export function decisionLabel(type: string, decision: Decision, lang: Lang): string {
  return DECISIONS[type]?.[decision]?.[lang] ?? decision;
}

/** What the clerk should do about each kind: read beside the evidence. */
export const ADVICE_WORDS: Readonly<Record<string, Words>> = {
  listing_delisted: {
    vi: 'Mở tin đăng bằng địa chỉ người mua. Nếu trang không còn sản phẩm, bấm Xác nhận: chủ thể nhận tin và được hướng dẫn đăng lại. Nếu vẫn bán được, bấm Báo sai.',
    en: 'Open the listing at the buyer’s address. If the product is gone, confirm: the producer is told how to list it again. If it is on sale, mark it false.',
  },
  /** A removal the producer made themself (the seller's own record says hidden): nobody is messaged. */
  listing_hidden_by_seller: {
    vi: 'Chính chủ thể đã ẩn sản phẩm trên gian hàng của mình, nên hệ thống không nhắn cho chủ thể. Sản phẩm không được tính vào độ phủ khi còn ẩn; gọi điện hỏi chủ thể nếu cần, rồi bấm Xác nhận để ghi nhận.',
    en: 'The producer hid the item in their own shop, so nobody messages them. The product leaves the coverage count while hidden; call the producer if needed, then confirm to record it.',
  },
  listing_possibly_removed: {
    vi: 'Hệ thống chưa chắc chắn. Mở tin đăng: nếu sàn đã gỡ thì xác nhận, nếu vẫn bán thì báo sai.',
    en: 'The system is not sure. Open the listing: confirm if it is gone, mark it false if it is on sale.',
  },
  zero_sales: {
    vi: 'Sàn thường gỡ tin đăng lâu không có đơn. Tin nhắc chủ thể tự gửi sau 48 giờ; gọi điện cho chủ thể nếu cần, hoặc hoãn nếu đang có lý do (mùa vụ).',
    en: 'Marketplaces remove listings without orders. The reminder goes out by itself after 48 hours; call the producer if needed, or snooze for a reason (the season).',
  },
  out_of_stock: {
    vi: 'Tin đăng hết hàng lâu ngày dễ bị sàn gỡ. Nhắc chủ thể nhập thêm hàng hoặc tạm ẩn tin đăng.',
    en: 'Listings out of stock for long are often removed. Remind the producer to restock or hide the listing.',
  },
  product_uncovered: {
    vi: 'Liên hệ chủ thể để đưa sản phẩm lên một sàn (voso.vn, postmart.vn, sàn TMĐT của tỉnh). Nếu sản phẩm đã có trên sàn, nhập địa chỉ tin đăng ở trang Nhập danh mục.',
    en: 'Contact the producer to list the product on a marketplace. If it is listed already, import the listing’s address on the Import page.',
  },
  certificate_expiring: {
    vi: 'Nhắc chủ thể làm hồ sơ đánh giá lại OCOP trước khi hết hạn; sản phẩm hết hạn không còn được tính vào độ phủ.',
    en: 'Remind the producer to apply for re-assessment before expiry; an expired product leaves the coverage count.',
  },
  marketplace_mass_delisting: {
    vi: 'Mở vài tin đăng trên sàn này. Nếu chúng thật sự mất, chấp nhận; nếu sàn đang lỗi hoặc đổi giao diện, không chấp nhận và báo cán bộ kỹ thuật.',
    en: 'Open a few listings on this marketplace. Accept if they are really gone; refuse if the site is broken or changed, and tell IT.',
  },
  marketplace_degraded: {
    vi: 'Việc của cán bộ kỹ thuật: kết quả của sàn này ngày đó không được dùng, không ai nhận tin sai.',
    en: 'For IT: that day’s results from this marketplace are set aside; nobody is told anything wrong.',
  },
  run_overdue: {
    vi: 'Việc của cán bộ kỹ thuật: kiểm tra máy chủ và hàng đợi.',
    en: 'For IT: check the server and the queues.',
  },
};

/** Why a review was refused, for the person who asked (`ReviewError.code`). */
export const REVIEW_REFUSAL_WORDS: Readonly<Record<string, Words>> = {
  no_reviewer: { vi: 'Cần biết ai xử lý cảnh báo này.', en: 'Say who reviews this alert.' },
  snooze_date: {
    vi: 'Tạm hoãn cần một ngày trong tương lai ở ô “Hoãn đến”.',
    en: 'Snoozing needs a future date in “Snooze until”.',
  },
  no_alert: { vi: 'Không có cảnh báo này.', en: 'There is no such alert.' },
  resolved: { vi: 'Cảnh báo này đã tự đóng: không còn gì để xử lý.', en: 'This alert has closed: nothing to review.' },
  not_for_kind: {
    vi: 'Việc này không áp dụng cho loại cảnh báo này.',
    en: 'This decision does not apply to this kind of alert.',
  },
  on_sale_again: {
    vi: 'Tin đăng đã đọc được là đang bán trở lại: không có gì để xác nhận.',
    en: 'The listing read on sale again since: nothing to confirm.',
  },
};

/**
 * The kind of an alert as its data says it: a certificate already past its date reads "đã hết hạn",
 * not "sắp hết hạn".
 */
export function alertKindInWords(alert: { type: string; evidence: unknown }, lang: Lang): string {
  const e = (alert.evidence ?? {}) as Record<string, unknown>;
  if (alert.type === 'certificate_expiring' && Number(e.daysLeft) < 0)
    return lang === 'vi' ? 'Giấy chứng nhận đã hết hạn' : 'Certificate expired';
  return say(ALERT_TYPE_WORDS, alert.type, lang);
}

/** The queue's tabs, in words. */
export const QUEUE_VIEW_WORDS: Readonly<Record<string, Words>> = {
  decide: { vi: 'Cần quyết định', en: 'Waiting for a decision' },
  sales: { vi: 'Bán chậm, hết hàng', en: 'No sales, out of stock' },
  uncovered: { vi: 'Chưa có trên sàn', en: 'On no marketplace' },
  certificates: { vi: 'Giấy chứng nhận', en: 'Certificates' },
  system: { vi: 'Kỹ thuật', en: 'Technical' },
  reviewed: { vi: 'Đã xử lý, chưa đóng', en: 'Reviewed, still open' },
  all: { vi: 'Tất cả', en: 'All' },
};
