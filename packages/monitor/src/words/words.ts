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
};

const BUILT_IN_MARKETPLACES: Readonly<Record<string, string>> = {
  voso: 'voso.vn',
  postmart: 'postmart.vn',
  tiki: 'Tiki',
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
