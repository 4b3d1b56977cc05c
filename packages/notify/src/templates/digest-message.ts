import { ALERT_TYPE_WORDS, formatDate, formatNumber, formatPercent, marketplaceName, say } from '@ocop-monitor/monitor';
import type { EmailMessage } from './alert-message.ts';
import { escapeHtml } from './escape-html.ts';

export interface DigestFacts {
  date: string;
  coverage: {
    percent: number;
    change: number | null;
    covered: number;
    denominator: number;
    /** The run whose figure this is (the snapshot's day), as Today shows it. */
    runDate: string;
    /** How the figure is counted, in words (the report's own rules). */
    rules: string[];
  } | null;
  newByType: Record<string, number>;
  liveByType: Record<string, number>;
  /** Communes with the most products to onboard. */
  largestGaps: Array<{ label: string; uncovered: number; percent: number }>;
  gapProducts: number;
  degraded: Array<{ marketplace: string; type: string }>;
  /** Sellers' consents that ended since yesterday, in words (absent or empty: no section). */
  endedConsents?: string[];
}

/**
 * Why Coverage and the report may show another figure than this one: the one reason Today gives
 * beside its two figures, so the e-mail and the pages never disagree unexplained.
 */
export const COVERAGE_MAY_DIFFER =
  'Trang Độ phủ và báo cáo tính lại đến lúc mở, nên có thể khác con số này: từ lượt kiểm tra, có tin đăng được xử lý, quá hạn kiểm tra (không còn được tính) hoặc danh mục thay đổi. Trang Hôm nay hiện cả hai con số.';

const typeVi = (type: string) => say(ALERT_TYPE_WORDS, type, 'vi');

/**
 * One message a day for department staff: coverage and its change, new and open alerts by type,
 * the largest gaps, degraded marketplaces. Never split: long lists end with "and N more".
 */
export function digestEmail(facts: DigestFacts): EmailMessage {
  const cov = facts.coverage;
  const change =
    cov?.change === null || cov?.change === undefined
      ? ''
      : ` (${cov.change >= 0 ? '+' : ''}${formatNumber(cov.change, 1)})`;
  const newTotal = Object.values(facts.newByType).reduce((a, b) => a + b, 0);
  const subject = `Báo cáo OCOP ngày ${formatDate(facts.date)}: độ phủ ${cov ? `${formatPercent(cov.percent)}${change}` : 'chưa có'}, ${newTotal} cảnh báo mới`;
  const sections: Array<[string, string[]]> = [
    [
      'Độ phủ / coverage',
      cov
        ? [
            `Theo lượt kiểm tra ngày ${formatDate(cov.runDate)}: ${formatNumber(cov.covered)}/${formatNumber(cov.denominator)} sản phẩm = ${formatPercent(cov.percent)}${change} (mục tiêu ${formatPercent(100, 0)})`,
            ...cov.rules.map((rule) => `Cách tính — ${rule}`),
            COVERAGE_MAY_DIFFER,
          ]
        : ['chưa có lượt kiểm tra'],
    ],
    ['Cảnh báo mới / new alerts', Object.entries(facts.newByType).map(([type, n]) => `${typeVi(type)}: ${n}`)],
    ['Đang mở / open', Object.entries(facts.liveByType).map(([type, n]) => `${typeVi(type)}: ${n}`)],
    [
      `Khoảng trống lớn nhất / largest gaps (${facts.gapProducts} sản phẩm cần đưa lên sàn)`,
      facts.largestGaps.map((g) => `${g.label}: ${formatNumber(g.uncovered)} chưa có (${formatPercent(g.percent)})`),
    ],
    [
      'Sàn có vấn đề / marketplaces to look at',
      facts.degraded.map((d) => `${marketplaceName(d.marketplace)}: ${typeVi(d.type)}`),
    ],
    // Only when something ended: a department without sellers' consents reads the digest it always did.
    ...(facts.endedConsents?.length
      ? [['Dữ liệu từ người bán đã dừng / seller records no longer read', facts.endedConsents] as [string, string[]]]
      : []),
  ];
  const text = [
    subject,
    '',
    ...sections.flatMap(([title, items]) => [title, ...(items.length ? items.map((i) => `  - ${i}`) : ['  —']), '']),
    'Xem và xử lý cảnh báo: ocop-monitor alerts list (hoặc trang quản trị).',
  ].join('\n');
  const html = `<!doctype html><html lang="vi"><body><h2>${escapeHtml(subject)}</h2>${sections
    .map(
      ([title, items]) =>
        `<h3>${escapeHtml(title)}</h3><ul>${(items.length ? items : ['—']).map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`,
    )
    .join('')}</body></html>`;
  return { subject, text, html };
}
