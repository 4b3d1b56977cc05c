import * as echarts from 'echarts';
import { html, type Raw, raw } from './html.ts';

/**
 * The coverage trend as SVG rendered on the server (ECharts SSR: no client script), wrapped in a
 * figure with an accessible label — ECharts writes none in SSR mode — and its data as a table.
 */
export function coverageTrendChart(points: Array<{ date: string; percent: number }>, label: string): Raw {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 720, height: 260 });
  chart.setOption({
    animation: false,
    grid: { left: 48, right: 16, top: 24, bottom: 32 },
    xAxis: { type: 'category', data: points.map((p) => p.date.slice(5)) },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    series: [
      { type: 'line', data: points.map((p) => p.percent), symbolSize: 4, lineStyle: { width: 2 } },
      {
        type: 'line',
        data: points.map(() => 100),
        lineStyle: { type: 'dashed', width: 1 },
        symbol: 'none',
        name: 'mục tiêu / target',
      },
    ],
  });
  // Built from numbers and our own labels only: markup we can trust as it is.
  const svg = chart.renderToSVGString();
  chart.dispose();
  const last = points.at(-1);
  // The label sits on the picture alone: the data table beside it stays an ordinary, usable control.
  return html`<figure>
  <div role="img" aria-label="${label}: ${last ? `${last.percent}% on ${last.date}` : 'no data'}, target 100%">${raw(svg)}</div>
  <figcaption>${label}</figcaption>
  <details><summary>Xem bảng số liệu / data table</summary>
    <table><thead><tr><th>Ngày / date</th><th>Độ phủ / coverage</th></tr></thead>
    <tbody>${points.map((p) => html`<tr><td>${p.date}</td><td>${p.percent}%</td></tr>`)}</tbody></table>
  </details></figure>`;
}
