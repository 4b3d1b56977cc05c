/**
 * What a person reads, in Vietnamese (the default) and English: one catalogue for the dashboard,
 * the CLI and the exports, so a code (`listing_delisted`, `confirmed`) never reaches a reviewer.
 */
export type Lang = 'vi' | 'en';
export interface Words {
  vi: string;
  en: string;
}

/** The words for `code` in `lang`; a code the catalogue does not know is shown as it is. */
export function say(catalogue: Readonly<Record<string, Words>>, code: string, lang: Lang): string {
  return catalogue[code]?.[lang] ?? code;
}

export const ALERT_TYPE_WORDS: Readonly<Record<string, Words>> = {
  listing_delisted: { vi: 'Bị gỡ khỏi sàn', en: 'Removed from the marketplace' },
  listing_possibly_removed: { vi: 'Có thể đã bị gỡ', en: 'Possibly removed' },
  zero_sales: { vi: 'Không có đơn hàng', en: 'No sales' },
  out_of_stock: { vi: 'Hết hàng kéo dài', en: 'Out of stock for days' },
  product_uncovered: { vi: 'Chưa có trên sàn nào', en: 'On no marketplace' },
  certificate_expiring: { vi: 'Giấy chứng nhận sắp hết hạn', en: 'Certificate expiring' },
  marketplace_degraded: { vi: 'Sàn khó kiểm tra', en: 'Marketplace hard to check' },
  marketplace_mass_delisting: { vi: 'Nhiều tin đăng cùng biến mất', en: 'Many listings gone at once' },
  run_overdue: { vi: 'Lượt kiểm tra hằng ngày bị trễ', en: 'Daily run overdue' },
};

export const ALERT_STATE_WORDS: Readonly<Record<string, Words>> = {
  live: { vi: 'Chưa đóng', en: 'Not closed' },
  open: { vi: 'Chờ xem xét', en: 'Waiting for review' },
  confirmed: { vi: 'Đã xác nhận', en: 'Confirmed' },
  dismissed: { vi: 'Đã bỏ qua (báo sai)', en: 'Dismissed (false)' },
  snoozed: { vi: 'Tạm hoãn', en: 'Snoozed' },
  resolved: { vi: 'Đã hết', en: 'Resolved' },
};

export const SEVERITY_WORDS: Readonly<Record<string, Words>> = {
  critical: { vi: 'Nghiêm trọng', en: 'Critical' },
  warn: { vi: 'Cần chú ý', en: 'Warning' },
  info: { vi: 'Thông tin', en: 'Information' },
};

/** What the audit trail records someone (or the system) did. */
export const ALERT_ACTION_WORDS: Readonly<Record<string, Words>> = {
  opened: { vi: 'Mở cảnh báo', en: 'Opened' },
  confirm: { vi: 'Xác nhận', en: 'Confirmed' },
  dismiss: { vi: 'Bỏ qua (báo sai)', en: 'Dismissed (false)' },
  snooze: { vi: 'Tạm hoãn', en: 'Snoozed' },
  snooze_ended: { vi: 'Hết hạn tạm hoãn', en: 'Snooze ended' },
  released: { vi: 'Cho phép gửi thông báo', en: 'Released for notification' },
  resolved: { vi: 'Tự đóng (tình trạng đã hết)', en: 'Closed (the condition ended)' },
};

export const LISTING_STATE_WORDS: Readonly<Record<string, Words>> = {
  active: { vi: 'Đang bán', en: 'On sale' },
  suspect: { vi: 'Nghi bị gỡ, chờ kiểm tra lại', en: 'Suspected removed, to be checked again' },
  delisted: { vi: 'Đã bị gỡ', en: 'Removed' },
  stale: { vi: 'Không kiểm tra được', en: 'Could not be checked' },
  retired: { vi: 'Ngừng theo dõi', en: 'No longer followed' },
};

/** Whether a rule was seen on the real marketplace or only assumed (DESIGN: assumed never confirms alone). */
export const PROVENANCE_WORDS: Readonly<Record<string, Words>> = {
  seen: { vi: 'đã thấy trên trang thật của sàn', en: 'seen on the real marketplace' },
  assumed: {
    vi: 'giả định, chưa từng thấy trên trang thật: cần người xác nhận',
    en: 'assumed, never seen on the real marketplace: a person must confirm',
  },
  authoritative: {
    vi: 'theo hồ sơ của chính người bán trên sàn (có sự đồng ý của chủ thể)',
    en: "the seller's own record on the marketplace (read with the producer's consent)",
  },
};

const BUILT_IN_MARKETPLACES: Readonly<Record<string, string>> = {
  voso: 'voso.vn',
  postmart: 'postmart.vn',
  tiki: 'Tiki',
  // Named as their buyer-page adapters name them, for messages written where no adapter is at hand (the digest).
  shopee: 'Shopee',
  lazada: 'Lazada',
  tiktok: 'TikTok Shop',
};

/**
 * A marketplace's display name: the configured adapters' own (a provincial floor's comes from its
 * config), else the built-in marketplaces', else the id.
 */
export function marketplaceName(
  id: string | null | undefined,
  adapters: ReadonlyArray<{ id: string; displayName: string }> = [],
): string {
  if (!id) return '';
  return adapters.find((a) => a.id === id)?.displayName ?? BUILT_IN_MARKETPLACES[id] ?? id;
}

export const STOCK_WORDS: Readonly<Record<string, Words>> = {
  in_stock: { vi: 'Còn hàng', en: 'In stock' },
  out_of_stock: { vi: 'Hết hàng', en: 'Out of stock' },
  unknown: { vi: 'Trang không ghi', en: 'Not shown' },
};

/** What one check concluded. */
export const VERDICT_WORDS: Readonly<Record<string, Words>> = {
  active: { vi: 'Đang bán', en: 'On sale' },
  delisted: { vi: 'Báo bị gỡ', en: 'Answered removed' },
  unknown: { vi: 'Không đọc được', en: 'Unreadable' },
};

/** Why a check concluded what it did (the observation's `reason`). */
export const REASON_WORDS: Readonly<Record<string, Words>> = {
  listed: { vi: 'trang sản phẩm đọc được', en: 'product page read' },
  not_found: { vi: 'sàn trả lời không tìm thấy (404)', en: 'not found (404)' },
  gone: { vi: 'sàn trả lời đã xoá (410)', en: 'gone (410)' },
  marketplace_state: { vi: 'dữ liệu của sàn ghi đã gỡ', en: "the marketplace's data says removed" },
  removal_message: { vi: 'trang ghi thông báo gỡ', en: 'the page shows a removal notice' },
  removal_redirect: { vi: 'sàn chuyển hướng như khi gỡ', en: 'redirected as removals are' },
  seller_hidden: { vi: 'người bán đã ẩn sản phẩm', en: 'the seller hid it' },
  blocked: { vi: 'bị chặn', en: 'blocked' },
  rate_limited: { vi: 'bị giới hạn tần suất', en: 'rate limited' },
  network: { vi: 'lỗi kết nối', en: 'connection failed' },
  timeout: { vi: 'không trả lời kịp', en: 'timed out' },
  server_error: { vi: 'lỗi máy chủ của sàn', en: "the marketplace's server failed" },
  parse_failed: { vi: 'không nhận ra giao diện trang', en: 'page layout not recognised' },
  unexpected: { vi: 'trang không như mong đợi', en: 'an unexpected page' },
};

/** What a registry sync found since the previous run. */
export const REGISTRY_CHANGE_WORDS: Readonly<Record<string, Words>> = {
  new: { vi: 'sản phẩm mới', en: 'new products' },
  recertified: { vi: 'được công nhận lại', en: 'recertified' },
  stars_changed: { vi: 'đổi số sao', en: 'stars changed' },
  expired: { vi: 'hết hạn', en: 'expired' },
  revoked: { vi: 'bị thu hồi', en: 'revoked' },
  reinstated: { vi: 'được khôi phục', en: 'reinstated' },
  removed: { vi: 'bị bỏ khỏi danh mục', en: 'removed from the registry' },
  updated: { vi: 'cập nhật thông tin', en: 'details updated' },
  conflict: { vi: 'khác với dữ liệu tỉnh, cần người xem', en: 'conflicts with local data, for a person' },
  removals_held: { vi: 'giữ lại việc bỏ hàng loạt', en: 'mass removal held' },
};

/** A registry entry's status (expiry is shown beside it as a date). */
export const PRODUCT_STATUS_WORDS: Readonly<Record<string, Words>> = {
  active: { vi: 'Còn hiệu lực', en: 'In force' },
  revoked: { vi: 'Đã thu hồi', en: 'Revoked' },
};

export const PROPOSAL_STATE_WORDS: Readonly<Record<string, Words>> = {
  proposed: { vi: 'Chờ duyệt', en: 'Waiting' },
  accepted: { vi: 'Đã liên kết', en: 'Accepted' },
  rejected: { vi: 'Đã loại', en: 'Rejected' },
};

export const CHANNEL_WORDS: Readonly<Record<string, Words>> = {
  zns: { vi: 'Zalo', en: 'Zalo' },
  sms: { vi: 'SMS', en: 'SMS' },
  email: { vi: 'E-mail', en: 'E-mail' },
  webhook: { vi: 'Webhook', en: 'Webhook' },
  none: { vi: 'Không có kênh', en: 'No channel' },
};

/** Where a message in the outbox stands. */
export const OUTBOX_STATE_WORDS: Readonly<Record<string, Words>> = {
  pending: { vi: 'Chờ gửi', en: 'Waiting to be sent' },
  sending: { vi: 'Đang gửi', en: 'Sending' },
  sent: { vi: 'Đã gửi', en: 'Sent' },
  deferred: { vi: 'Gửi sau (giờ yên tĩnh hoặc hết hạn mức)', en: 'Later (quiet hours or quota)' },
  failed: { vi: 'Gửi không được', en: 'Failed' },
  fell_back: { vi: 'Chuyển sang kênh khác', en: 'Passed to the next channel' },
  uncertain: { vi: 'Không rõ đã tới chưa', en: 'Unknown whether it arrived' },
  suppressed: { vi: 'Không gửi (không có kênh được đồng ý)', en: 'Not sent (no consented channel)' },
  withdrawn: { vi: 'Đã rút lại (cảnh báo đã hết)', en: 'Withdrawn (the alert ended)' },
};

/** A product's listings as the coverage report keeps them (`voso:delisted`), in words ("voso.vn: Đã bị gỡ"). */
export function listingsInWords(listings: readonly string[], where: (id: string) => string, lang: Lang): string {
  return listings
    .map((entry) => {
      const [id = '', state = ''] = entry.split(':');
      return `${where(id)}: ${say(LISTING_STATE_WORDS, state, lang)}`;
    })
    .join(', ');
}
