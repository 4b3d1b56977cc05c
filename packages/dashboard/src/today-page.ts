import {
  ALERT_TYPE_WORDS,
  alertFinding,
  type ChangedAlert,
  type CoverageMove,
  formatDate,
  formatNumber,
  formatPercent,
  healthInWords,
  say,
  type WhatChanged,
} from '@ocop-monitor/monitor';
import { coverageTrendChart } from './chart.ts';
import { html, type Raw } from './html.ts';
import { type Lang, t } from './layout.ts';

/** Longer lists end with "and N more" and a link: the page is read in a minute. */
const SHOWN = 12;

/** The line Today shows for an alert: the product (or the kind) and what happened, in words. */
const lineOf = (lang: Lang, a: ChangedAlert, where: (id: string | null) => string) =>
  `${a.productName ?? say(ALERT_TYPE_WORDS, a.type, lang)}: ${alertFinding(a, where(a.marketplace), lang)}`;

/**
 * New and ended since the previous run, without one line under both: an alert that opened and
 * ended in between is told once, under ended ("opened and ended"); an ended alert whose line is
 * that of a new one (the same thing happened again) is told under new only.
 */
function separateChanges(
  lang: Lang,
  changed: Pick<WhatChanged, 'opened' | 'resolved'>,
  where: (id: string | null) => string,
): { opened: ChangedAlert[]; resolved: ChangedAlert[]; openedAndEnded: ReadonlySet<number> } {
  const endedIds = new Set(changed.resolved.map((a) => a.id));
  const opened = changed.opened.filter((a) => !endedIds.has(a.id));
  const newLines = new Set(opened.map((a) => lineOf(lang, a, where)));
  return {
    opened,
    resolved: changed.resolved.filter((a) => !newLines.has(lineOf(lang, a, where))),
    openedAndEnded: new Set(changed.opened.filter((a) => endedIds.has(a.id)).map((a) => a.id)),
  };
}

function alertList(
  lang: Lang,
  alerts: ChangedAlert[],
  where: (id: string | null) => string,
  openedAndEnded: ReadonlySet<number> = new Set(),
): Raw {
  if (alerts.length === 0) return html`<p>${t(lang, 'Không có.', 'None.')}</p>`;
  // Counted by type first ("3 Bị gỡ khỏi sàn, 1 Hết hàng kéo dài"), then the first few in words.
  const counts = new Map<string, number>();
  for (const a of alerts) counts.set(a.type, (counts.get(a.type) ?? 0) + 1);
  return html`<p>${[...counts].map(([type, n]) => `${n} ${say(ALERT_TYPE_WORDS, type, lang).toLowerCase()}`).join(' · ')}</p>
<ul>${alerts.slice(0, SHOWN).map((a) => html`<li><a href="/alerts/${a.id}">${a.productName ?? say(ALERT_TYPE_WORDS, a.type, lang)}</a>: ${alertFinding(a, where(a.marketplace), lang)}${openedAndEnded.has(a.id) ? html` <span class="muted">(${t(lang, 'mở rồi đã hết từ lượt trước', 'opened and ended since the previous run')})</span>` : ''}</li>`)}</ul>
${alerts.length > SHOWN ? html`<p>${t(lang, `và ${alerts.length - SHOWN} cảnh báo khác`, `and ${alerts.length - SHOWN} more`)} — <a href="/alerts">${t(lang, 'xem tất cả', 'see them all')}</a></p>` : ''}`;
}

function moves(lang: Lang, products: CoverageMove[], vi: string, en: string): Raw {
  if (products.length === 0) return html``;
  return html`<li>${t(lang, vi, en)} (${products.length}): ${products
    .slice(0, SHOWN)
    .map(
      (p, i) => html`${i ? ', ' : ''}<a href="/products/${p.productId}">${p.name}</a>`,
    )}${products.length > SHOWN ? ` … (+${products.length - SHOWN})` : ''}</li>`;
}

/** The sentence on coverage: the figure, its change since the previous run, and the products behind it. */
function coverageSummary(lang: Lang, changed: WhatChanged): Raw {
  const now = changed.coverage;
  if (!now)
    return html`<p>${t(lang, 'Chưa có lượt kiểm tra nào hoàn tất: độ phủ có sau lượt đầu tiên.', 'No daily run has finished yet: coverage comes after the first one.')}</p>`;
  const before = changed.previousCoverage;
  const change = before ? Math.round((now.percent - before.percent) * 10) / 10 : null;
  const trend =
    change === null
      ? ''
      : change === 0
        ? t(
            lang,
            `không đổi so với ngày ${before ? formatDate(before.date) : '—'}`,
            `unchanged since ${before ? formatDate(before.date) : '—'}`,
          )
        : t(
            lang,
            `${change > 0 ? 'tăng' : 'giảm'} ${formatNumber(Math.abs(change), 1)} điểm so với ngày ${before ? formatDate(before.date) : '—'}`,
            `${change > 0 ? 'up' : 'down'} ${formatNumber(Math.abs(change), 1)} points since ${before ? formatDate(before.date) : '—'}`,
          );
  return html`<p class="big">${formatPercent(now.percent)} <span class="muted" style="font-size:1rem">${t(lang, 'mục tiêu', 'target')} ${formatPercent(100, 0)} · ${now.covered}/${now.denominator} ${t(lang, 'sản phẩm', 'products')} · ${formatDate(now.date)}${trend ? ` · ${trend}` : ''}</span></p>
<ul>${moves(lang, changed.newlyUncovered, 'Mất tin đăng đang bán', 'Lost their listings on sale')}${moves(lang, changed.newlyCovered, 'Ra khỏi danh sách cần đưa lên sàn', 'Left the list of products to onboard')}</ul>`;
}

/** What waits for a person, first thing on the page: the number and the way to it. */
function waitingLine(lang: Lang, waiting: number): Raw {
  return html`<p class="advice" role="status"><strong>${
    waiting === 0
      ? t(lang, 'Không có cảnh báo nào chờ bạn quyết định.', 'Nothing waits for your decision.')
      : t(lang, `${waiting} cảnh báo chờ bạn quyết định`, `${waiting} alerts wait for your decision`)
  }</strong>${waiting ? html` — <a href="/alerts?view=decide">${t(lang, 'mở danh sách Cần quyết định', 'open the list')}</a>` : ''}</p>`;
}

/**
 * The live figure (the one Coverage and the report show) beside the morning run's: when they differ,
 * a sentence says why, so two numbers for one day never stand unexplained.
 */
function coverageAgreement(
  lang: Lang,
  run: WhatChanged['coverage'],
  live: { percent: number; covered: number; denominator: number; date: string } | null,
): Raw {
  if (!run || !live || (run.covered === live.covered && run.denominator === live.denominator)) return html``;
  return html`<p>${t(
    lang,
    `Trang Độ phủ và báo cáo tính lại đến lúc này: ${formatPercent(live.percent)} (${live.covered}/${live.denominator}). Con số trên là của lượt kiểm tra ngày ${formatDate(run.date)}; khác nhau vì từ đó có tin đăng được xử lý, quá hạn kiểm tra (không còn được tính) hoặc danh mục thay đổi.`,
    `Coverage and the report, computed up to now: ${formatPercent(live.percent)} (${live.covered}/${live.denominator}). The figure above is the run of ${formatDate(run.date)}; they differ because since then listings were reviewed, went unchecked too long (no longer counted) or the registry changed.`,
  )}</p>`;
}

export function todayPage(
  lang: Lang,
  changed: WhatChanged,
  trend: Array<{ date: string; percent: number }>,
  where: (id: string | null) => string,
  waiting: number,
  live: { percent: number; covered: number; denominator: number; date: string } | null = null,
  /** Consents of sellers that ended lately (where the open platforms are configured). */
  endedConsents: Raw | null = null,
): Raw {
  const separated = separateChanges(lang, changed, where);
  const since = changed.previousRun
    ? t(lang, `từ lượt ngày ${formatDate(changed.previousRun)}`, `since the run of ${formatDate(changed.previousRun)}`)
    : t(lang, 'từ đầu', 'from the start');
  return html`<p>${changed.latestRun ? t(lang, `Lượt kiểm tra gần nhất: ngày ${formatDate(changed.latestRun)}.`, `Latest daily run: ${formatDate(changed.latestRun)}.`) : ''} <a href="/coverage">${t(lang, 'Độ phủ chi tiết', 'Coverage in detail')}</a> · <a href="/alerts">${t(lang, 'Cảnh báo', 'Alerts')}</a></p>
${waitingLine(lang, waiting)}
<h2>${t(lang, 'Độ phủ', 'Coverage')}</h2>
${coverageSummary(lang, changed)}
${coverageAgreement(lang, changed.coverage, live)}
${coverageTrendChart(trend, t(lang, 'Độ phủ theo ngày so với mục tiêu 100 %', 'Daily coverage against the 100 % target'))}
<h2>${t(lang, 'Cảnh báo mới', 'New alerts')} <span class="muted">(${since})</span></h2>
${alertList(lang, separated.opened, where)}
<h2>${t(lang, 'Đã hết', 'Ended')} <span class="muted">(${since})</span></h2>
${alertList(lang, separated.resolved, where, separated.openedAndEnded)}
${endedConsents ?? ''}
<h2>${t(lang, 'Các sàn', 'Marketplaces')}</h2>
${changed.health.length ? html`<ul>${changed.health.map((h) => html`<li>${healthInWords(h, where(h.marketplace), lang)}</li>`)}</ul>` : html`<p>${t(lang, 'Chưa có.', 'None yet.')}</p>`}`;
}
