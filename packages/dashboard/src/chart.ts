import { formatDate, formatNumber, formatPercent } from '@ocop-monitor/monitor';
import * as echarts from 'echarts';
import { html, type Raw, raw } from './html.ts';

/** The SVG scales to its box (viewBox kept, width 100%): a phone shows the whole chart, smaller. */
const scalable = (svg: string) => svg.replace(/^<svg width="\d+" height="\d+"/u, '<svg width="100%"');

import { vietnamDay } from './vietnam-time.ts';

/** 0 %, 20 %… on a percentage axis (the decimal comma's formatter, whole numbers). */
const axisPercent = (value: number) => formatPercent(value, 0);
/** A chart's figure in its data table: "78,3 %" or "1.234", "—" where there is none. */
const figure = (value: number | null | undefined, percent: boolean | undefined) =>
  value === null || value === undefined ? '—' : percent ? formatPercent(value) : formatNumber(value);

interface LineSeries {
  name: string;
  /** One value per category; null where there is none (a gap in the line). */
  values: Array<number | null>;
  dashed?: boolean;
}

/**
 * A line chart as SVG rendered on the server (ECharts SSR: no client script), wrapped in a figure
 * with an accessible label — ECharts writes none in SSR mode — and its data as a table.
 */
function lineChart(input: {
  label: string;
  /** What a screen reader hears about the picture: the label and the latest figure. */
  summary: string;
  categories: string[];
  series: LineSeries[];
  percent?: boolean;
}): Raw {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 720, height: 260 });
  chart.setOption({
    animation: false,
    grid: { left: 56, right: 16, top: 24, bottom: 32 },
    legend: input.series.length > 1 ? { top: 0 } : undefined,
    // Axis days as dd/mm, the one formatter's day without its year.
    xAxis: { type: 'category', data: input.categories.map((c) => formatDate(c).slice(0, 5)) },
    yAxis: input.percent
      ? { type: 'value', min: 0, max: 100, axisLabel: { formatter: axisPercent } }
      : { type: 'value', minInterval: 1, axisLabel: { formatter: (value: number) => formatNumber(value) } },
    series: input.series.map((s) => ({
      type: 'line',
      name: s.name,
      data: s.values,
      symbolSize: 4,
      connectNulls: false,
      ...(s.dashed ? { lineStyle: { type: 'dashed', width: 1 }, symbol: 'none' } : { lineStyle: { width: 2 } }),
    })),
  });
  // Built from numbers and our own labels (marketplace ids, dates) only: markup we can trust as it is.
  const svg = scalable(chart.renderToSVGString());
  chart.dispose();
  // The label sits on the picture alone: the data table beside it stays an ordinary, usable control.
  return html`<figure>
  <div role="img" aria-label="${input.summary}">${raw(svg)}</div>
  <figcaption>${input.label}</figcaption>
  <details><summary>Xem bảng số liệu / data table</summary>
    <table><thead><tr><th>Ngày / date</th>${input.series.map((s) => html`<th>${s.name}</th>`)}</tr></thead>
    <tbody>${input.categories.map((c, i) => html`<tr><td>${formatDate(c)}</td>${input.series.map((s) => html`<td>${figure(s.values[i], input.percent)}</td>`)}</tr>`)}</tbody></table>
  </details></figure>`;
}

export function coverageTrendChart(points: Array<{ date: string; percent: number }>, label: string): Raw {
  const last = points.at(-1);
  return lineChart({
    label,
    summary: `${label}: ${last ? `${formatPercent(last.percent)}, ${formatDate(last.date)}` : 'chưa có số liệu'}, mục tiêu ${formatPercent(100, 0)}`,
    categories: points.map((p) => p.date),
    series: [
      { name: 'Độ phủ / coverage', values: points.map((p) => p.percent) },
      { name: 'Mục tiêu / target', values: points.map(() => 100), dashed: true },
    ],
    percent: true,
  });
}

/** Sold counts read on each listing's page over time; approximate counts ("1k+") are left out. */
export function soldCountChart(
  checks: Array<{ listingId: number; checkedAt: Date; soldValue: number | null; soldApproximate: boolean | null }>,
  listings: Array<{ id: number; marketplace: string }>,
  label: string,
): Raw {
  const categories = [...new Set(checks.map((c) => vietnamDay(c.checkedAt)))].sort();
  const series = listings.map((listing) => {
    const byDay = new Map(
      checks
        .filter((c) => c.listingId === listing.id && c.soldValue !== null && !c.soldApproximate)
        .map((c) => [vietnamDay(c.checkedAt), c.soldValue]),
    );
    return { name: listing.marketplace, values: categories.map((c) => byDay.get(c) ?? null) };
  });
  const latest = series.map((s) => `${s.name}: ${figure(s.values.filter((v) => v !== null).at(-1), false)}`).join('; ');
  return lineChart({ label, summary: `${label}. ${latest || 'no data'}`, categories, series });
}

/** Coverage per group (communes) as horizontal bars, weakest first, with the same accessible frame. */
export function coverageBarChart(groups: Array<{ label: string; percent: number }>, label: string): Raw {
  const shown = groups.slice(0, 25);
  const chart = echarts.init(null, null, {
    renderer: 'svg',
    ssr: true,
    width: 480,
    height: Math.max(120, 28 * shown.length + 40),
  });
  chart.setOption({
    animation: false,
    grid: { left: 8, right: 48, top: 8, bottom: 24, containLabel: true },
    xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: axisPercent } },
    // Weakest at the top: ECharts draws the first category at the bottom.
    yAxis: {
      type: 'category',
      data: shown.map((g) => g.label).reverse(),
      axisLabel: { width: 180, overflow: 'truncate' },
    },
    series: [
      {
        type: 'bar',
        data: shown.map((g) => g.percent).reverse(),
        label: { show: true, position: 'right', formatter: (p: { value: unknown }) => formatPercent(Number(p.value)) },
      },
    ],
  });
  // Labels come from the registry file: ECharts escapes text in the SVG it writes (a test holds it to that).
  const svg = scalable(chart.renderToSVGString());
  chart.dispose();
  const weakest = shown[0];
  return html`<figure>
  <div role="img" aria-label="${label}: ${weakest ? `${weakest.label} ${formatPercent(weakest.percent)}` : 'chưa có số liệu'}">${raw(svg)}</div>
  <figcaption>${label}</figcaption></figure>`;
}
