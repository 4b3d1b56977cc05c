import { stringify } from 'csv-stringify/sync';
import type { CoverageGroup, CoverageReport } from '../coverage/compute-coverage.ts';
import { spreadsheetSafeRow } from './spreadsheet-cell.ts';

/** Who sends the report upward, from the configuration (`report`). */
export interface ReportHeader {
  /** e.g. "Sở Công Thương tỉnh Quảng Trị". */
  department: string;
  /** e.g. "Quảng Trị"; the place in the date line ("Quảng Trị, ngày 2 tháng 12 năm 2026"). */
  province?: string | undefined;
}

export const REPORT_TITLE = 'Báo cáo kết quả đưa sản phẩm OCOP lên sàn thương mại điện tử';

/** "Quảng Trị, ngày 2 tháng 12 năm 2026", as an official document dates itself. */
export function reportDateLine(header: ReportHeader, isoDate: string): string {
  const [year, month, day] = isoDate.split('-').map(Number);
  return `${header.province ? `${header.province}, ` : ''}ngày ${day} tháng ${month} năm ${year}`;
}

/**
 * How the figures are counted, in the report's words (the coverage report's own rules are
 * bilingual and name codes): products in force, and products with a listing on sale on the
 * marketplaces counted, by their names.
 */
export function reportMethod(report: CoverageReport): { denominator: string; numerator: string } {
  return {
    denominator: `Mẫu số: sản phẩm OCOP còn hiệu lực ngày ${report.date} (đã công nhận, chưa hết hạn, không bị thu hồi).`,
    numerator: `Tử số: sản phẩm có ít nhất một tin đăng đang bán, được kiểm tra gần đây, trên các sàn ${report.byMarketplace.map((m) => m.label).join(', ')}; tin đăng nghi bị gỡ vẫn được tính cho tới khi xác nhận.`,
  };
}

/** The report's breakdowns, in the order of its sections. */
export const REPORT_SECTIONS: ReadonlyArray<{
  title: string;
  column: string;
  pick: (r: CoverageReport) => CoverageGroup[];
}> = [
  { title: 'Theo sàn thương mại điện tử', column: 'Sàn', pick: (r) => r.byMarketplace },
  { title: 'Theo xã, phường', column: 'Xã, phường', pick: (r) => r.byCommune },
  { title: 'Theo nhóm sản phẩm', column: 'Nhóm sản phẩm', pick: (r) => r.byGroup },
  { title: 'Theo hạng sao', column: 'Hạng sao', pick: (r) => r.byStars },
];

/**
 * The report as the department files it upward: a summary sheet headed by the department and the
 * date, one sheet per breakdown (numbered rows, as official tables are), and every product still to
 * bring onto a marketplace.
 */
export async function provincialReportXlsx(report: CoverageReport, header: ReportHeader): Promise<Buffer> {
  // Loaded here, not with the module: exceljs is 2.5 MB that other commands would load (docs/operator.md, "Start-up").
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  const bold = { bold: true };
  const summary = workbook.addWorksheet('Tổng hợp');
  summary.columns = [{ width: 44 }, { width: 60 }];
  summary.addRow([header.department.toUpperCase()]).font = bold;
  summary.addRow([reportDateLine(header, report.date)]);
  summary.addRow([]);
  summary.addRow([REPORT_TITLE.toUpperCase()]).font = { bold: true, size: 13 };
  summary.addRow([]);
  summary.addRows(
    [
      ['Số sản phẩm OCOP còn hiệu lực', report.denominator],
      ['Số sản phẩm có tin đăng đang bán trên sàn', report.covered],
      ['Tỷ lệ (%)', report.percent],
      ['Mục tiêu (%)', report.target],
      ['Số sản phẩm cần đưa lên sàn', report.gap.length],
      ['Cách tính mẫu số', reportMethod(report).denominator],
      ['Cách tính tử số', reportMethod(report).numerator],
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
    ten: g.label,
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
