import { formatDateTime } from '@ocop-monitor/monitor';
import { html, type Raw } from './html.ts';
import { type Lang, t } from './layout.ts';

/** What the page says after "Kiểm tra lại ngay" (the `kiem-tra` query the route redirects with). */
const CHECK_NOTICES = {
  checked: {
    vi: 'Đã kiểm tra lại tin đăng: kết quả mới nhất có trong bảng bên dưới.',
    en: 'The listing was checked again: the latest reading is in the table below.',
  },
  unclear: {
    vi: 'Chưa đọc được tin đăng lúc này (sàn chặn hoặc quá thời gian chờ): kết quả đã có của ngày được giữ nguyên, không có cảnh báo nào từ lần này.',
    en: "The listing could not be read just now (blocked or timed out): the day's reading is kept and nothing is alerted.",
  },
  'not-started': {
    vi: 'Chưa kiểm tra: lượt hôm nay chưa bắt đầu. Tin đăng được kiểm tra trong lượt theo lịch (giờ ghi bên dưới); sau đó có thể bấm lại.',
    en: "Not checked: today's run has not started. The listing is checked in the scheduled run (time below); press again after it.",
  },
  queued: {
    vi: 'Đã gửi yêu cầu kiểm tra lại vào hàng đợi: kết quả hiện trên trang sau ít phút (tải lại trang).',
    en: 'The check was queued: its reading shows here within minutes (reload the page).',
  },
} as const;

export type CheckNotice = keyof typeof CHECK_NOTICES;

export const checkNoticeOf = (query: unknown): CheckNotice | null => {
  const asked = (query as { 'kiem-tra'?: unknown } | undefined)?.['kiem-tra'];
  return typeof asked === 'string' && Object.hasOwn(CHECK_NOTICES, asked) ? (asked as CheckNotice) : null;
};

export function checkNoticeLine(lang: Lang, notice: CheckNotice | null): Raw {
  return notice ? html`<p class="notice" role="status">${CHECK_NOTICES[notice][lang]}</p>` : html``;
}

/** How the page offers a check now: for staff, when the service can check (`csrf` present). */
export interface CheckNowOffer {
  csrf: string;
  /** The alert page the answer returns to (the product page otherwise). */
  alertId?: number | undefined;
  /** The next scheduled daily checks, when known. */
  nextCheckAt: Date | null;
}

/** The button for one listing and, beside it, when the scheduled checks next read it. */
export function checkNowForm(lang: Lang, listingId: number, offer: CheckNowOffer): Raw {
  return html`<form method="post" action="/listings/${listingId}/check" class="inline">
<input type="hidden" name="_csrf" value="${offer.csrf}">${offer.alertId === undefined ? '' : html`<input type="hidden" name="alert" value="${offer.alertId}">`}
<button>${t(lang, 'Kiểm tra lại ngay', 'Check again now')}</button></form>${nextCheckLine(lang, offer.nextCheckAt)}`;
}

function nextCheckLine(lang: Lang, at: Date | null): Raw {
  return at
    ? html` <span class="muted">${t(lang, 'Lần kiểm tra theo lịch tới', 'Next scheduled check')}: ${formatDateTime(at)}</span>`
    : html``;
}
