import type { ConsentView } from '../sellers/consent-views.ts';
import { formatDate } from './vietnamese-format.ts';
import type { Lang, Words } from './words.ts';

/** Why a consent ended, as staff read it. */
export const CONSENT_END_WORDS: Readonly<Record<string, Words>> = {
  withdrawn: { vi: 'chủ thể đã rút lại sự đồng ý', en: 'the producer withdrew it' },
  revoked: { vi: 'cán bộ Sở đã thu hồi', en: 'staff revoked it' },
  refresh_failed: {
    vi: 'không gia hạn được quyền đọc (chủ thể cần đồng ý lại)',
    en: 'the access could not be renewed (the producer must consent again)',
  },
};

/**
 * A consent's standing in one sentence, with since when: "Đang đọc dữ liệu từ Shopee từ ngày
 * 05/12/2026" — and, once ended, that the listing is read from its page again. `readsSales`: the
 * platform's record has a number sold (Shopee); elsewhere only status and stock are named.
 */
export function consentInWords(consent: ConsentView, where: string, lang: Lang, readsSales = false): string {
  const day = formatDate(consent.since);
  const vi = (text: string, en: string) => (lang === 'vi' ? text : en);
  switch (consent.standing) {
    case 'invited':
      return vi(
        `Đã gửi lời mời ngày ${day}, chủ thể chưa đồng ý`,
        `Invited on ${day}; the producer has not consented yet`,
      );
    case 'expired':
      return vi(
        `Lời mời gửi ngày ${day} đã hết hạn mà chủ thể chưa đồng ý: hãy gửi lời mời mới`,
        `The invitation of ${day} expired unanswered: send a new one`,
      );
    case 'active':
      return vi(
        `Đang đọc dữ liệu của chính người bán trên ${where} từ ngày ${day} (${readsSales ? 'trạng thái, tồn kho, số đã bán' : 'trạng thái, tồn kho'})`,
        `The seller's own record on ${where} is read since ${day} (${readsSales ? 'status, stock, sales' : 'status, stock'})`,
      );
    case 'ended': {
      const why = CONSENT_END_WORDS[consent.endedWhy ?? '']?.[lang] ?? consent.endedWhy ?? '';
      return vi(
        `Đã kết thúc ngày ${day} (${why}): tin đăng được kiểm tra lại bằng trang sản phẩm như trước`,
        `Ended on ${day} (${why}): the listing is checked from its page again, as before`,
      );
    }
  }
}
