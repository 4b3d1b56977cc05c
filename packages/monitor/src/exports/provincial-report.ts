import { stringify } from 'csv-stringify/sync';
import type { CoverageReport } from '../coverage/compute-coverage.ts';
import { formatDate } from '../words/vietnamese-format.ts';
import {
  BLANK_LINE,
  type OfficialReport,
  REPORT_SECTIONS,
  REPORT_TITLE,
  type ReportHeader,
  recipientLines,
  reportMethod,
} from './official-report.ts';
import { spreadsheetSafeRow } from './spreadsheet-cell.ts';

/**
 * The report as the department files it upward: a summary sheet opening with the same header as the
 * printed report (Nghị định 30/2020: the agencies, the number, the national motto, the place and
 * date, the title with the period), one sheet per breakdown (numbered rows, as official tables are),
 * and every product still to bring onto a marketplace. Figures stay numbers here, for sums.
 */
export async function provincialReportXlsx(document: OfficialReport, report: CoverageReport): Promise<Buffer> {
  // Loaded here, not with the module: exceljs is 2.5 MB that other commands would load (docs/operator.md, "Start-up").
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  const bold = { bold: true, name: 'Times New Roman' };
  const plain = { name: 'Times New Roman' };
  const summary = workbook.addWorksheet('Tổng hợp');
  summary.columns = [{ width: 50 }, { width: 60 }];
  const head: Array<[string, string, object, object]> = [
    [document.parentAgency ?? '', document.motto[0], plain, bold],
    [document.agency, document.motto[1], bold, bold],
    [document.numberLine, document.placeDate, plain, { ...plain, italic: true }],
  ];
  for (const [left, right, leftFont, rightFont] of head) {
    const row = summary.addRow(spreadsheetSafeRow([left, right]));
    row.getCell(1).font = leftFont;
    row.getCell(2).font = rightFont;
    row.alignment = { horizontal: 'center' };
  }
  summary.addRow([]);
  for (const [text, font] of [
    [document.kind, { ...bold, size: 14 }],
    [document.subject, bold],
  ] as const) {
    const row = summary.addRow([text]);
    summary.mergeCells(row.number, 1, row.number, 2);
    row.font = font;
    row.alignment = { horizontal: 'center' };
  }
  summary.addRow([]);
  const method = reportMethod(report);
  summary.addRows(
    [
      ['Ngày số liệu', formatDate(report.date)],
      ['Số sản phẩm OCOP còn hiệu lực', report.denominator],
      ['Số sản phẩm có tin đăng đang bán trên sàn', report.covered],
      ['Tỷ lệ (%)', report.percent],
      ['Mục tiêu (%)', report.target],
      ['Số sản phẩm cần đưa lên sàn', report.gap.length],
      ['Cách tính mẫu số', method.denominator],
      ['Cách tính tử số', method.numerator],
      ...document.sections
        .filter((s) => s.byClerk)
        .map((s) => [s.heading, s.paragraphs.filter((p) => p !== BLANK_LINE).join('\n')]),
      ['Nơi nhận', recipientLines(document.recipients).join('\n')],
      ['Người ký', [document.signer.authority, document.signer.title, document.signer.name].filter(Boolean).join('\n')],
    ].map(spreadsheetSafeRow),
  );
  for (const section of REPORT_SECTIONS) {
    const sheet = workbook.addWorksheet(section.title.replace('Theo ', '').slice(0, 31));
    sheet.columns = [{ width: 6 }, { width: 40 }, { width: 14 }, { width: 14 }, { width: 10 }];
    sheet.addRow([section.title.toUpperCase()]).font = bold;
    sheet.addRow(['STT', section.column, 'Số sản phẩm', 'Có trên sàn', 'Tỷ lệ (%)']).font = bold;
    sheet.addRows(
      section.pick(report).map((g, i) => spreadsheetSafeRow([i + 1, g.label, g.denominator, g.covered, g.percent])),
    );
    sheet.getColumn(5).numFmt = '0.0';
  }
  const gap = workbook.addWorksheet('Cần đưa lên sàn');
  gap.columns = [{ width: 6 }, { width: 14 }, { width: 40 }, { width: 36 }, { width: 24 }];
  gap.addRow(['DANH SÁCH SẢN PHẨM OCOP CHƯA CÓ TIN ĐĂNG ĐANG BÁN']).font = bold;
  gap.addRow(['STT', 'Mã sản phẩm', 'Tên sản phẩm', 'Chủ thể', 'Xã, phường']).font = bold;
  gap.addRows(
    report.gap.map((p, i) =>
      spreadsheetSafeRow([
        i + 1,
        p.nationalId ?? p.localCode ?? '',
        p.name,
        p.producer,
        p.communeName ?? p.communeCode ?? '',
      ]),
    ),
  );
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The open-data table's columns, described for people who reuse it (the seed provinces' portals publish one per dataset). */
export const OPEN_DATA_DICTIONARY = [
  { field: 'ngay', type: 'date (YYYY-MM-DD)', vi: 'Ngày số liệu', en: 'Date of the figures' },
  {
    field: 'phan_loai',
    type: 'text',
    vi: 'Cách chia: tong, san, xa, nhom, sao',
    en: 'Breakdown: tong (all), san (marketplace), xa (commune), nhom (group), sao (stars)',
  },
  {
    field: 'ma',
    type: 'text',
    vi: 'Mã của nhóm (mã sàn, mã xã, tên nhóm, số sao)',
    en: "The group's code (marketplace id, commune code, group, stars)",
  },
  { field: 'ten', type: 'text', vi: 'Tên của nhóm', en: "The group's name" },
  { field: 'so_san_pham', type: 'integer', vi: 'Số sản phẩm OCOP còn hiệu lực', en: 'OCOP products in force' },
  {
    field: 'co_tren_san',
    type: 'integer',
    vi: 'Số sản phẩm có tin đăng đang bán',
    en: 'Products with a listing on sale',
  },
  { field: 'ty_le', type: 'number (%)', vi: 'Tỷ lệ phần trăm, một chữ số thập phân', en: 'Percentage, one decimal' },
] as const;

/**
 * A name from the registry file as open data publishes it: plain text only. Markup, control
 * characters and runs of spaces are dropped, so a portal that shows the cell as HTML shows a name.
 */
const publishedText = (text: string) =>
  text
    .normalize('NFC')
    .replace(/<[^>]*>?/gu, '')
    .replace(/[<>\p{Cc}]/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();

const BREAKDOWN_CODES = ['san', 'xa', 'nhom', 'sao'] as const;

/** The figures as open data: aggregates only, no producer's name or contact. */
function openDataRows(
  report: CoverageReport,
): Array<Record<(typeof OPEN_DATA_DICTIONARY)[number]['field'], string | number>> {
  const row = (
    kind: string,
    g: { key: string; label: string; denominator: number; covered: number; percent: number },
  ) => ({
    ngay: report.date,
    phan_loai: kind,
    ma: g.key,
    ten: publishedText(g.label),
    so_san_pham: g.denominator,
    co_tren_san: g.covered,
    ty_le: g.percent,
  });
  return [
    row('tong', {
      key: '',
      label: 'Toàn tỉnh',
      denominator: report.denominator,
      covered: report.covered,
      percent: report.percent,
    }),
    ...REPORT_SECTIONS.flatMap((section, i) => section.pick(report).map((g) => row(BREAKDOWN_CODES[i] ?? '', g))),
  ];
}

/** Open data as CSV (UTF-8 with BOM), the columns in the dictionary's order. */
export function openDataCsv(report: CoverageReport): string {
  const fields = OPEN_DATA_DICTIONARY.map((d) => d.field);
  return stringify([fields, ...openDataRows(report).map((r) => fields.map((f) => r[f]))].map(spreadsheetSafeRow), {
    bom: true,
  });
}

/** Open data as JSON: who publishes it, the dictionary, and the rows. */
export function openDataJson(report: CoverageReport, header: ReportHeader) {
  return {
    title: REPORT_TITLE,
    publisher: header.department,
    date: report.date,
    target: report.target,
    denominatorRule: report.denominatorRule,
    numeratorRule: report.numeratorRule,
    dictionary: OPEN_DATA_DICTIONARY,
    rows: openDataRows(report),
  };
}
