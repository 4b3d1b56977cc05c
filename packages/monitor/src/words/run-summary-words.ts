import type { RunSummary } from '../runs/finalize-run.ts';
import type { MarketplaceHealth } from '../runs/health.ts';
import { formatDate, formatNumber, formatPercent } from './vietnamese-format.ts';
import {
  ALERT_TYPE_WORDS,
  type Lang,
  LISTING_STATE_WORDS,
  REASON_WORDS,
  REGISTRY_CHANGE_WORDS,
  say,
  VERDICT_WORDS,
  type Words,
} from './words.ts';

/** "Đang bán 40, Báo bị gỡ 1" — counts by code, in words, largest first; "—" when there are none. */
export function countsInWords(
  counts: Readonly<Record<string, number>>,
  catalogue: Readonly<Record<string, Words>>,
  lang: Lang,
): string {
  const entries = Object.entries(counts).filter(([, n]) => n > 0);
  if (entries.length === 0) return '—';
  return entries
    .sort(([a, n], [b, m]) => m - n || a.localeCompare(b))
    .map(([code, n]) => `${say(catalogue, code, lang)} ${n}`)
    .join(', ');
}

/** The run counts reasons as `verdict/reason` (`unknown/blocked`); each reason says its verdict. */
function byReason(reasons: Readonly<Record<string, number>>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [key, n] of Object.entries(reasons)) {
    const reason = key.split('/').at(-1) ?? key;
    counts[reason] = (counts[reason] ?? 0) + n;
  }
  return counts;
}

/** A state change (`active→suspect`) in words: "Đang bán → Nghi bị gỡ, chờ kiểm tra lại". */
const transitionInWords = (key: string, lang: Lang) =>
  key
    .split('→')
    .map((state) => say(LISTING_STATE_WORDS, state, lang))
    .join(' → ');

/** How the run's negative control answered, in words. */
function negativeControlInWords(control: string | undefined, lang: Lang): string {
  const words: Record<string, Words> = {
    differs: { vi: 'sàn trả lời khác trước', en: 'the marketplace answered differently' },
    unreadable: { vi: 'không đọc được câu trả lời', en: 'the answer could not be read' },
    missing: {
      vi: 'chưa có trang "không tìm thấy" nào được lưu: chạy ocop-monitor doctor',
      en: 'no not-found answer kept: run ocop-monitor doctor',
    },
  };
  return say(words, control ?? 'missing', lang);
}

/** Why a marketplace's results were set aside for the day: pages not recognised, or not read at all. */
function quarantineInWords(h: MarketplaceHealth, where: (marketplace: string) => string, lang: Lang): string {
  // `unknown` counts every unreadable check, pages whose layout was not recognised among them.
  const layout = h.parseFailed > h.unknown - h.parseFailed;
  const n = layout ? h.parseFailed : h.unknown;
  if (lang === 'vi')
    return `${where(h.marketplace)}: ${n}/${h.checks} trang ${layout ? 'không nhận ra giao diện (sàn đổi giao diện?)' : 'không đọc được (bị chặn hoặc sàn lỗi?)'}`;
  return `${where(h.marketplace)}: ${n} of ${h.checks} pages ${layout ? 'not recognised (a redesign?)' : 'unreadable (blocked or down?)'}`;
}

/**
 * One daily run as the operator reads it after `check` or `run-now`: what the checks found, what
 * changed, what was set aside and why, the coverage. The same words as the dashboard; JSON keeps codes.
 */
export function runSummaryInWords(summary: RunSummary, lang: Lang, where: (marketplace: string) => string): string[] {
  const vi = lang === 'vi';
  const transitions = Object.entries(summary.transitions)
    .filter(([, n]) => n > 0)
    .map(([key, n]) => `${transitionInWords(key, lang)}: ${n}`);
  const setAside = summary.health.filter((h) => h.quarantined).map((h) => quarantineInWords(h, where, lang));
  const held = summary.massDelisting
    .filter((m) => m.held && m.heldWhy !== 'negative-control')
    .map((m) => where(m.marketplace));
  const unvouched = summary.massDelisting
    .filter((m) => m.heldWhy === 'negative-control')
    .map((m) => `${where(m.marketplace)} (${negativeControlInWords(m.negativeControl, lang)})`);
  const label = (viText: string, enText: string) => `  ${vi ? viText : enText}: `;
  return [
    vi
      ? `Lượt kiểm tra ngày ${formatDate(summary.runDate)}: ${summary.checked} lần kiểm tra${summary.late ? ' (lượt cũ chạy lại: không đổi gì đã mới hơn)' : ''}`
      : `Run of ${formatDate(summary.runDate)}: ${summary.checked} checks${summary.late ? ' (an older run resumed: changes nothing newer)' : ''}`,
    `${label('Kết quả', 'Found')}${countsInWords(summary.verdicts, VERDICT_WORDS, lang)}`,
    `${label('Vì sao', 'Why')}${countsInWords(byReason(summary.reasons), REASON_WORDS, lang)}`,
    `${label('Tin đăng đổi trạng thái', 'Listings that changed')}${transitions.join('; ') || '—'}`,
    ...(summary.moved
      ? [
          `${label('Tin đăng sàn chuyển sang địa chỉ mới (đã cập nhật, giữ lịch sử)', 'Listings moved to a new address (relinked, history kept)')}${summary.moved}`,
        ]
      : []),
    `${label('Sàn bị gác lại hôm nay', 'Marketplaces set aside today')}${setAside.join('; ') || '—'}`,
    ...(held.length
      ? [
          `${label('Nhiều tin cùng biến mất, giữ lại chờ người xem', 'Many listings gone at once, held for a person')}${held.join(', ')}`,
        ]
      : []),
    ...(unvouched.length
      ? [
          `${label('Tin báo bị gỡ chưa được tính: địa chỉ kiểm tra không nhận được trang "không tìm thấy" quen thuộc của sàn', 'Removals not counted: the address no product has did not get the marketplace’s usual not-found answer')}${unvouched.join(', ')}`,
        ]
      : []),
    `${label('Cảnh báo mới', 'Alerts opened')}${countsInWords(summary.alerts.opened, ALERT_TYPE_WORDS, lang)}`,
    `${label('Cảnh báo đã hết', 'Alerts ended')}${countsInWords(summary.alerts.resolved, ALERT_TYPE_WORDS, lang)}`,
    `${label('Không biết có bán được không (sàn ghi số xấp xỉ hoặc ẩn)', 'Sales undecidable (approximate or hidden counts)')}${summary.zeroSalesUndecidable}`,
    `${label('Độ phủ', 'Coverage')}${formatNumber(summary.coverage.covered)}/${formatNumber(summary.coverage.denominator)} = ${formatPercent(summary.coverage.percent)} (${vi ? 'mục tiêu' : 'target'} ${formatPercent(100, 0)})`,
    `${label('Danh mục thay đổi từ lượt trước', 'Registry changes since the last run')}${countsInWords(summary.registryChanges ?? {}, REGISTRY_CHANGE_WORDS, lang)}`,
  ];
}
