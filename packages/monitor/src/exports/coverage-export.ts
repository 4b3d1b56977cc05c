import { stringify } from 'csv-stringify/sync';
import type { CoverageGroup, CoverageReport } from '../coverage/compute-coverage.ts';
import { productCode } from '../words/product-code.ts';
import { formatDate } from '../words/vietnamese-format.ts';
import { listingsInWords, marketplaceName } from '../words/words.ts';
import { spreadsheetSafeRow } from './spreadsheet-cell.ts';

/** The report's breakdowns, in the order every export shows them. */
export const COVERAGE_BREAKDOWNS: ReadonlyArray<readonly [string, (r: CoverageReport) => CoverageGroup[]]> = [
  ['Sàn / marketplace', (r) => r.byMarketplace],
  ['Xã / commune', (r) => r.byCommune],
  ['Nhóm / group', (r) => r.byGroup],
  ['Sao / stars', (r) => r.byStars],
  ['Chủ thể / producer', (r) => r.byProducer],
];

/** Coverage as CSV (UTF-8 with BOM, so spreadsheets read Vietnamese), every text cell made safe. */
export function coverageCsv(report: CoverageReport): string {
  const rows: Array<Array<string | number>> = [
    ['section', 'key', 'label', 'covered', 'denominator', 'percent'],
    ['overall', '', report.denominatorRule, report.covered, report.denominator, report.percent],
  ];
  for (const [title, pick] of COVERAGE_BREAKDOWNS) {
    for (const g of pick(report)) rows.push([title, g.key, g.label, g.covered, g.denominator, g.percent]);
  }
  for (const p of report.gap) rows.push(['gap', productCode(p), p.name, 0, 1, 0]);
  return stringify(rows.map(spreadsheetSafeRow), { bom: true });
}

/** Coverage as an XLSX workbook: a summary sheet, one per breakdown, and the gap list. */
export async function coverageXlsx(report: CoverageReport): Promise<Buffer> {
  // Loaded here, not with the module: exceljs is 2.5 MB that every other command would load (docs/operator.md, "Start-up").
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  const summary = workbook.addWorksheet('Tong hop');
  summary.addRows(
    [
      ['Ngày / date', formatDate(report.date)],
      ['Mẫu số / denominator', report.denominatorRule],
      ['Tử số / numerator', report.numeratorRule],
      ['Đạt / covered', report.covered],
      ['Tổng / denominator', report.denominator],
      ['Tỷ lệ % / percent', report.percent],
      ['Mục tiêu % / target', report.target],
    ].map(spreadsheetSafeRow),
  );
  for (const [title, pick] of COVERAGE_BREAKDOWNS) {
    const sheet = workbook.addWorksheet(title.split(' / ')[1] ?? title);
    sheet.addRow([title, 'Đạt / covered', 'Tổng / total', '%']).font = { bold: true };
    for (const g of pick(report)) sheet.addRow(spreadsheetSafeRow([g.label, g.covered, g.denominator, g.percent]));
  }
  const gap = workbook.addWorksheet('gap');
  gap.addRow(['Mã quốc gia', 'Mã địa phương', 'Tên sản phẩm', 'Chủ thể', 'Mã xã', 'Tên xã', 'Tin đăng']).font = {
    bold: true,
  };
  for (const p of report.gap)
    gap.addRow(
      spreadsheetSafeRow([
        p.nationalId,
        p.localCode,
        p.name,
        p.producer,
        p.communeCode,
        p.communeName,
        listingsInWords(p.listings, (id) => marketplaceName(id), 'vi'),
      ]),
    );
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
