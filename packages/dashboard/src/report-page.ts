import {
  type CoverageReport,
  REPORT_SECTIONS,
  REPORT_TITLE,
  type ReportHeader,
  reportDateLine,
  reportMethod,
} from '@ocop-monitor/monitor';
import { html, type Raw } from './html.ts';

/** The printout holds this many products to onboard; the XLSX holds them all. */
const GAP_PRINTED = 500;

/**
 * The report sent upward, as an A4 page to print or save as PDF: the department's header and the
 * national motto, as official documents open, then the figures against the 100% target by
 * marketplace, commune, group and stars, and the products still to bring onto a marketplace.
 * In Vietnamese only: it is a document of the Vietnamese administration.
 */
export function reportPage(report: CoverageReport, header: ReportHeader): Raw {
  const gap = report.gap.slice(0, GAP_PRINTED);
  return html`<p class="no-print">In hoặc lưu PDF bằng lệnh In của trình duyệt (Ctrl+P), khổ A4 · <a href="/export/report.xlsx">Tải XLSX</a> · <a href="/export/open-data.csv">Dữ liệu mở CSV</a> · <a href="/export/open-data.json">JSON</a></p>
<div class="doc-head"><div><strong>${header.department.toUpperCase()}</strong></div>
<div><strong>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</strong><br><strong>Độc lập - Tự do - Hạnh phúc</strong><br><em>${reportDateLine(header, report.date)}</em></div></div>
<h2 style="text-align:center">${REPORT_TITLE.toUpperCase()}</h2>
<h3>I. Kết quả chung</h3>
<p>Toàn tỉnh có ${report.denominator} sản phẩm OCOP còn hiệu lực; ${report.covered} sản phẩm có tin đăng đang bán trên sàn thương mại điện tử, đạt <strong>${report.percent}%</strong> so với mục tiêu ${report.target}%. Còn ${report.gap.length} sản phẩm cần đưa lên sàn.</p>
<p class="muted">${reportMethod(report).denominator}<br>${reportMethod(report).numerator}</p>
${REPORT_SECTIONS.map(
  (section, i) => html`<h3>${['II', 'III', 'IV', 'V'][i]}. ${section.title}</h3>
<table><thead><tr><th>STT</th><th>${section.column}</th><th>Số sản phẩm</th><th>Có trên sàn</th><th>Tỷ lệ (%)</th></tr></thead>
<tbody>${section.pick(report).map((g, n) => html`<tr><td>${n + 1}</td><td>${g.label}</td><td>${g.denominator}</td><td>${g.covered}</td><td>${g.percent}</td></tr>`)}</tbody></table>`,
)}
<h3>VI. Sản phẩm cần đưa lên sàn (${report.gap.length})</h3>
<table><thead><tr><th>STT</th><th>Mã sản phẩm</th><th>Tên sản phẩm</th><th>Chủ thể</th><th>Xã, phường</th></tr></thead>
<tbody>${gap.map((p, n) => html`<tr><td>${n + 1}</td><td>${p.nationalId ?? p.localCode ?? ''}</td><td>${p.name}</td><td>${p.producer}</td><td>${p.communeName ?? p.communeCode ?? ''}</td></tr>`)}</tbody></table>
${report.gap.length > gap.length ? html`<p>Và ${report.gap.length - gap.length} sản phẩm khác: xem tệp XLSX.</p>` : ''}`;
}
