import type { CoverageReport } from '../coverage/compute-coverage.ts';
import {
  formatDate,
  formatDateLine,
  formatMonthYear,
  formatNumber,
  formatPercent,
} from '../words/vietnamese-format.ts';
import type { ReportNotes } from './report-notes.ts';

/** Who sends the report upward, from the configuration (`report`). */
export interface ReportHeader {
  /** The agency issuing it, e.g. "Sở Công Thương". */
  department: string;
  /** e.g. "Hà Tĩnh"; the place in the date line ("Hà Tĩnh, ngày 05 tháng 01 năm 2026"). */
  province?: string | undefined;
  /** The agency above it, e.g. "UBND tỉnh Hà Tĩnh" (printed in capitals above the department). */
  parentAgency?: string | undefined;
  /** The document's sign after its number: "Số: 12/BC-SCT". */
  documentCode?: string | undefined;
  /** "Nơi nhận", one a line; the last is usually "Lưu: VT, …". */
  recipients?: readonly string[] | undefined;
  /** The signature block: "KT. GIÁM ĐỐC" above "PHÓ GIÁM ĐỐC", then the name. */
  signer?: { authority?: string | undefined; title: string; name: string } | undefined;
}

export const REPORT_TITLE = 'Báo cáo kết quả đưa sản phẩm OCOP lên sàn thương mại điện tử';

export interface ReportTable {
  columns: string[];
  /** Text as printed (numbers formatted the Vietnamese way). */
  rows: string[][];
}

interface ReportSection {
  heading: string;
  paragraphs: string[];
  table?: ReportTable | undefined;
  /** Written by the clerk before printing (the assessment, the proposals). */
  byClerk?: boolean | undefined;
  /** Rows left out of the printed table (the XLSX has them all). */
  omitted?: number | undefined;
}

/** The report as Nghị định 30/2020/NĐ-CP lays an administrative document out; every format renders this. */
export interface OfficialReport {
  parentAgency: string | null;
  agency: string;
  /** "Số:    /BC-SCT" until the clerk gives the number the registry office assigned. */
  numberLine: string;
  motto: readonly [string, string];
  placeDate: string;
  kind: string;
  subject: string;
  sections: ReportSection[];
  recipients: string[];
  signer: { authority: string | null; title: string; name: string };
}

export const NATIONAL_MOTTO = ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc'] as const;
/** Left for the clerk to fill by hand when nothing was written before printing. */
export const BLANK_LINE = '……………………………………………………………………………………………………';
const DEFAULT_RECIPIENTS = ['UBND tỉnh (để báo cáo)', 'Lưu: VT'];
const PRINTED_GAP = 500;

/** "tháng 01 năm 2026" for the period "2026-01". */
export const periodLabel = (period: string) => formatMonthYear(`${period}-01`);

/** Nghị định 30: a number below 10 is written with a leading zero ("Số: 05/BC-SCT"). */
function numberLine(number: string, code: string): string {
  const written = /^\d$/u.test(number) ? `0${number}` : number;
  return `Số: ${written || '\u2002\u2002\u2002\u2002'}/${code}`;
}

/** The clerk's text as paragraphs, or a blank line to write on. */
const written = (text: string) =>
  text.trim() ? text.split(/\r?\n/u).filter((line) => line.trim()) : [BLANK_LINE, BLANK_LINE];

const breakdown = (column: string, groups: CoverageReport['byCommune']): ReportTable => ({
  columns: ['STT', column, 'Số sản phẩm', 'Có trên sàn', 'Tỷ lệ (%)'],
  rows: groups.map((g, i) => [
    String(i + 1),
    g.label,
    formatNumber(g.denominator),
    formatNumber(g.covered),
    formatNumber(g.percent, 1),
  ]),
});

/** The report's breakdowns, in the order of its sections. */
export const REPORT_SECTIONS = [
  { title: 'Theo sàn thương mại điện tử', column: 'Sàn', pick: (r: CoverageReport) => r.byMarketplace },
  { title: 'Theo xã, phường', column: 'Xã, phường', pick: (r: CoverageReport) => r.byCommune },
  { title: 'Theo nhóm sản phẩm', column: 'Nhóm sản phẩm', pick: (r: CoverageReport) => r.byGroup },
  { title: 'Theo hạng sao', column: 'Hạng sao', pick: (r: CoverageReport) => r.byStars },
] as const;

/**
 * How the figures are counted, in the report's words (the coverage report's own rules are
 * bilingual and name codes): products in force, and products with a listing on sale.
 */
export function reportMethod(report: CoverageReport): { denominator: string; numerator: string } {
  return {
    denominator: `Mẫu số: sản phẩm OCOP còn hiệu lực ngày ${formatDate(report.date)} (đã công nhận, chưa hết hạn, không bị thu hồi).`,
    numerator: `Tử số: sản phẩm có ít nhất một tin đăng đang bán, được kiểm tra gần đây, trên các sàn ${report.byMarketplace.map((m) => m.label).join(', ')}; tin đăng nghi bị gỡ vẫn được tính cho tới khi xác nhận.`,
  };
}

/** The heading lines every format opens with, the same in the page, the DOCX and the XLSX. */
export function headerLines(header: ReportHeader, issuedOn: string, notes: ReportNotes) {
  return {
    parentAgency: header.parentAgency ? header.parentAgency.toLocaleUpperCase('vi') : null,
    agency: header.department.toLocaleUpperCase('vi'),
    numberLine: numberLine(notes.documentNumber, header.documentCode ?? 'BC-SCT'),
    placeDate: `${header.province ? `${header.province}, ` : ''}${formatDateLine(issuedOn)}`,
  };
}

/**
 * The report upward for one month: the figures of `report` (the period's last day, or today for the
 * current month), with the clerk's assessment and proposals, issued on `issuedOn` (YYYY-MM-DD).
 */
export function officialReport(input: {
  report: CoverageReport;
  header: ReportHeader;
  notes: ReportNotes;
  period: string;
  issuedOn: string;
}): OfficialReport {
  const { report, header, notes, period } = input;
  const method = reportMethod(report);
  const roman = ['II', 'III', 'IV', 'V'];
  const gap = report.gap.slice(0, PRINTED_GAP);
  return {
    ...headerLines(header, input.issuedOn, notes),
    motto: NATIONAL_MOTTO,
    kind: 'BÁO CÁO',
    subject: `Kết quả đưa sản phẩm OCOP lên sàn thương mại điện tử ${periodLabel(period)}`,
    sections: [
      {
        heading: 'I. Kết quả chung',
        paragraphs: [
          `Số liệu tính đến ngày ${formatDate(report.date)}: toàn tỉnh có ${formatNumber(report.denominator)} sản phẩm OCOP còn hiệu lực; ${formatNumber(report.covered)} sản phẩm có tin đăng đang bán trên sàn thương mại điện tử, đạt ${formatPercent(report.percent)} so với mục tiêu ${formatPercent(report.target, 0)}. Còn ${formatNumber(report.gap.length)} sản phẩm cần đưa lên sàn.`,
          method.denominator,
          method.numerator,
        ],
      },
      ...REPORT_SECTIONS.map((section, i) => ({
        heading: `${roman[i]}. Kết quả ${section.title.toLocaleLowerCase('vi')}`,
        paragraphs: [],
        table: breakdown(section.column, section.pick(report)),
      })),
      {
        heading: `VI. Sản phẩm cần đưa lên sàn (${formatNumber(report.gap.length)})`,
        paragraphs: [],
        table: {
          columns: ['STT', 'Mã sản phẩm', 'Tên sản phẩm', 'Chủ thể', 'Xã, phường'],
          rows: gap.map((p, n) => [
            String(n + 1),
            p.nationalId ?? p.localCode ?? '',
            p.name,
            p.producer,
            p.communeName ?? p.communeCode ?? '',
          ]),
        },
        omitted: report.gap.length - gap.length,
      },
      { heading: 'VII. Đánh giá', paragraphs: written(notes.assessment), byClerk: true },
      { heading: 'VIII. Đề xuất, kiến nghị', paragraphs: written(notes.proposals), byClerk: true },
    ],
    recipients: [...(header.recipients?.length ? header.recipients : DEFAULT_RECIPIENTS)],
    signer: {
      authority: header.signer?.authority?.toLocaleUpperCase('vi') ?? null,
      title: (header.signer?.title ?? 'GIÁM ĐỐC').toLocaleUpperCase('vi'),
      name: header.signer?.name ?? '',
    },
  };
}

/** "Nơi nhận" as the decree lists it: each line "- …;", the last "- ….". */
export const recipientLines = (recipients: readonly string[]) =>
  recipients.map((r, i) => `- ${r.replace(/[;.]$/u, '')}${i === recipients.length - 1 ? '.' : ';'}`);
