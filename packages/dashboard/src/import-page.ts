import { formatProblem, type ImportReport } from '@ocop-monitor/monitor';
import { html, type Raw } from './html.ts';
import { type Lang, t } from './layout.ts';

export function importPage(lang: Lang, csrf: string, canImportListings: boolean, report: ImportReport | null): Raw {
  return html`<p>${t(lang, 'Tải lên tệp CSV hoặc XLSX theo mẫu. Dòng hợp lệ được nhập; dòng lỗi được liệt kê với số dòng, cột và lý do; tệp không đọc được thì không nhập gì.', 'Upload a CSV or XLSX file in the template format. Valid rows go in; each bad row is listed with its row, column and reason; a file that cannot be read changes nothing.')}</p>
<p>${t(lang, 'Tải mẫu', 'Templates')}: <a href="/registry/template/mau-san-pham.csv" download>${t(lang, 'Mẫu danh mục sản phẩm (CSV)', 'Product registry template (CSV)')}</a>${canImportListings ? html` · <a href="/registry/template/mau-tin-dang.csv" download>${t(lang, 'Mẫu tin đăng trên sàn (CSV)', 'Listings template (CSV)')}</a>` : ''}</p>
<form method="post" action="/registry/import" enctype="multipart/form-data">
<input type="hidden" name="_csrf" value="${csrf}">
<fieldset><legend>${t(lang, 'Loại tệp', 'What the file holds')}</legend>
<label><input type="radio" name="kind" value="products" checked> ${t(lang, 'Danh mục sản phẩm OCOP', 'The OCOP product registry')}</label>
${canImportListings ? html`<label><input type="radio" name="kind" value="listings"> ${t(lang, 'Tin đăng trên sàn (mã sản phẩm, URL)', 'Marketplace listings (product code, URL)')}</label>` : ''}
</fieldset>
<p><label for="file">${t(lang, 'Tệp', 'File')}</label> <input id="file" name="file" type="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required></p>
<button>${t(lang, 'Nhập', 'Import')}</button></form>
${report ? reportSection(lang, report) : ''}`;
}

function reportSection(lang: Lang, report: ImportReport): Raw {
  return html`<section aria-labelledby="report"><h2 id="report">${t(lang, 'Kết quả nhập', 'Import report')}: ${report.file}</h2>
<p role="status">${
    report.fileRejected
      ? t(lang, 'Tệp bị từ chối: không nhập dòng nào.', 'The file was refused: nothing was imported.')
      : t(
          lang,
          `Đã đọc ${report.rowsRead} dòng: ${report.created} mới, ${report.updated} cập nhật, ${report.rejected} lỗi.`,
          `Read ${report.rowsRead} rows: ${report.created} created, ${report.updated} updated, ${report.rejected} rejected.`,
        )
  }</p>
${
  report.problems.length
    ? html`<table><thead><tr><th>${t(lang, 'Dòng', 'Row')}</th><th>${t(lang, 'Cột', 'Column')}</th><th>${t(lang, 'Vấn đề', 'Problem')}</th></tr></thead>
<tbody>${report.problems.map((p) => html`<tr><td>${p.row ?? '—'}</td><td>${p.column ?? '—'}</td><td>${p.problem}</td></tr>`)}</tbody></table>`
    : ''
}
<details><summary>${t(lang, 'Dạng văn bản', 'As text')}</summary><pre>${report.problems.map(formatProblem).join('\n')}</pre></details></section>`;
}
