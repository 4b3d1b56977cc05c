import type { RunHealth } from '../runs/health-history.ts';
import type { Lang } from './words.ts';

/** How a marketplace answered in one run, in one line a clerk can read ("voso.vn: bình thường — 40 lần kiểm tra"). */
// `unknown` counts every unreadable check, those with a layout not recognised (`parseFailed`) among them.
export function healthInWords(h: RunHealth, where: string, lang: Lang): string {
  const vi = lang === 'vi';
  if (h.held)
    return vi
      ? `${where}: ${h.delistedEvidence}/${h.previouslyActive} tin đang bán cùng báo bị gỡ — ${h.released ? 'đã được chấp nhận' : 'giữ lại chờ người xem (có thể sàn đổi giao diện)'}`
      : `${where}: ${h.delistedEvidence} of ${h.previouslyActive} listings on sale answered removed at once — ${h.released ? 'accepted' : 'held for a person (perhaps a redesign)'}`;
  if (h.quarantined)
    return vi
      ? `${where}: không đọc được ${h.unknown}/${h.checks} lần kiểm tra — kết quả ngày này không được dùng`
      : `${where}: ${h.unknown} of ${h.checks} checks unreadable — that day's results are set aside`;
  return vi
    ? `${where}: bình thường — ${h.checks} lần kiểm tra, ${h.unknown} không đọc được`
    : `${where}: normal — ${h.checks} checks, ${h.unknown} unreadable`;
}
