import { type OfficialReport, periodLabel, type ReportNotes, recipientLines } from '@ocop-monitor/monitor';
import { html, type Raw, raw } from './html.ts';

/**
 * Print layout of Nghị định 30/2020/NĐ-CP, Phụ lục I: A4, margins 20 mm top and bottom, 30 mm
 * left, 15 mm right; Times New Roman 13–14 pt; the page number centred in the top margin, not on
 * the first page; the motto's first line never wraps. On a phone screen (not in print) the header
 * stacks and the tables fit the width, their words wrapping.
 */
const PRINT_STYLE = `@page{size:A4;margin:20mm 15mm 20mm 30mm;@top-center{content:counter(page);font:13pt "Times New Roman",serif}}@page:first{@top-center{content:none}}
.official{font:14pt/1.35 "Times New Roman","Liberation Serif",Tinos,serif;max-width:165mm;color:#000}.official table{width:100%;font-size:12pt}.official p{text-align:justify;margin:.3em 0}
.doc-head{display:grid;grid-template-columns:40% 60%;text-align:center;font-size:13pt}.doc-head hr{width:35%;border:0;border-top:1px solid #000;margin:.15em auto .3em}.motto-1{font-size:12pt;white-space:nowrap}.place{font-style:italic;font-size:14pt}
.official h2{text-align:center;font-size:14pt;margin:1em 0 .6em}.official h3{font-size:14pt;margin:.8em 0 .3em}.doc-foot{display:grid;grid-template-columns:50% 50%;margin-top:1.5em;break-inside:avoid}.recipients{font-size:11pt}.signer{text-align:center;font-weight:700}.signer .name{margin-top:5em}
@media print{.official{max-width:none}}
.no-print textarea{width:100%;max-width:100%;box-sizing:border-box}
@media screen and (max-width:40rem){.official{font-size:12pt;overflow-wrap:anywhere}.official *{max-width:100%}.doc-head,.doc-foot{grid-template-columns:1fr}.motto-1{white-space:normal}.official table{table-layout:fixed;font-size:10pt}.official th,.official td{overflow-wrap:anywhere;word-break:break-word}}`;

/** Picks the month and, for those who may, writes the parts the clerk adds before printing. */
function controls(period: string, periods: readonly string[], notes: ReportNotes, csrf: string | null): Raw {
  const query = `?ky=${period}`;
  return html`<div class="no-print"><form method="get" action="/report"><label>Kỳ báo cáo <select name="ky">${periods.map(
    (p) => html`<option value="${p}"${p === period ? html` selected` : ''}>${periodLabel(p)}</option>`,
  )}</select></label> <button>Xem</button></form>
<p>In hoặc lưu PDF bằng lệnh In của trình duyệt (Ctrl+P), khổ A4 · <a href="/export/report.docx${query}">Tải bản Word (DOCX) để sửa</a> · <a href="/export/report.xlsx${query}">Tải XLSX</a> · <a href="/open-data/">Dữ liệu mở</a></p>
${
  csrf
    ? html`<details${notes.assessment || notes.proposals ? '' : html` open`}><summary>Viết số văn bản, đánh giá và đề xuất trước khi in</summary>
<form method="post" action="/report/notes"><input type="hidden" name="_csrf" value="${csrf}"><input type="hidden" name="ky" value="${period}">
<p><label for="so">Số văn bản (văn thư cấp)</label> <input id="so" name="documentNumber" maxlength="20" value="${notes.documentNumber}"></p>
<p><label for="danh-gia">VII. Đánh giá</label><br><textarea id="danh-gia" name="assessment" rows="6" cols="80" maxlength="8000">${notes.assessment}</textarea></p>
<p><label for="de-xuat">VIII. Đề xuất, kiến nghị</label><br><textarea id="de-xuat" name="proposals" rows="6" cols="80" maxlength="8000">${notes.proposals}</textarea></p>
<p><button>Lưu cho ${periodLabel(period)}</button> <span class="muted">Mỗi kỳ giữ nội dung riêng; bản Word và XLSX dùng cùng nội dung.</span></p></form></details>`
    : ''
}</div>`;
}

/**
 * The report sent upward, as an A4 page to print or save as PDF, laid out as an administrative
 * document (Nghị định 30/2020/NĐ-CP). Vietnamese only: a document of the Vietnamese administration.
 * `csrf` is given to those who may write the clerk's parts.
 */
export function reportPage(input: {
  document: OfficialReport;
  period: string;
  periods: readonly string[];
  notes: ReportNotes;
  csrf: string | null;
}): Raw {
  const { document: doc } = input;
  return html`<style>${raw(PRINT_STYLE)}</style>${controls(input.period, input.periods, input.notes, input.csrf)}
<article class="official">
<div class="doc-head"><div>${doc.parentAgency ? html`<div>${doc.parentAgency}</div>` : ''}<div><strong>${doc.agency}</strong></div><hr><div>${doc.numberLine}</div></div>
<div><div class="motto-1"><strong>${doc.motto[0]}</strong></div><div><strong>${doc.motto[1]}</strong></div><hr><div class="place">${doc.placeDate}</div></div></div>
<h2>${doc.kind}<br>${doc.subject}</h2>
${doc.sections.map(
  (section) =>
    html`<h3>${section.heading}</h3>${section.paragraphs.map((p) => html`<p>${p}</p>`)}${
      section.table
        ? html`<table><thead><tr>${section.table.columns.map((c) => html`<th>${c}</th>`)}</tr></thead>
<tbody>${section.table.rows.map((row) => html`<tr>${row.map((cell) => html`<td>${cell}</td>`)}</tr>`)}</tbody></table>`
        : ''
    }${section.omitted ? html`<p>Và ${section.omitted} sản phẩm khác: xem tệp XLSX.</p>` : ''}`,
)}
<div class="doc-foot"><div class="recipients"><div><strong><em>Nơi nhận:</em></strong></div>${recipientLines(doc.recipients).map((r) => html`<div>${r}</div>`)}</div>
<div class="signer">${doc.signer.authority ? html`<div>${doc.signer.authority}</div>` : ''}<div>${doc.signer.title}</div><div class="name">${doc.signer.name}</div></div></div>
</article>`;
}
