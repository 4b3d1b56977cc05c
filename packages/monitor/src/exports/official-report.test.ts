import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { CoverageReport } from '../coverage/compute-coverage.ts';
import { officialReport } from './official-report.ts';
import { provincialReportXlsx } from './provincial-report.ts';
import { reportDocx } from './report-docx.ts';

const group = (key: string, label: string, denominator: number, covered: number) => ({
  key,
  label,
  denominator,
  covered,
  percent: Math.round((covered / denominator) * 1000) / 10,
});
const report: CoverageReport = {
  date: '2026-01-05',
  denominatorRule: 'in force',
  numeratorRule: 'on sale',
  target: 100,
  denominator: 189,
  covered: 148,
  percent: 78.3,
  byMarketplace: [group('voso', 'Voso', 189, 120)],
  byCommune: [group('19050', 'Xã Cẩm Xuyên', 10, 7)],
  byGroup: [group('food', 'Thực phẩm', 100, 80)],
  byStars: [group('4', '4 sao', 20, 19)],
  byProducer: [],
  gap: [
    {
      productId: 1,
      nationalId: 'HT-001',
      localCode: null,
      certificateNumber: null,
      name: 'Kẹo cu đơ',
      producer: 'HTX Kẹo',
      communeCode: '19050',
      communeName: 'Xã Cẩm Xuyên',
      listings: [],
    },
  ],
  unconfirmed: [],
  stale: [],
};
const header = {
  department: 'Sở Công Thương tỉnh Hà Tĩnh',
  province: 'Hà Tĩnh',
  parentAgency: 'UBND tỉnh Hà Tĩnh',
  documentCode: 'BC-SCT',
  recipients: ['UBND tỉnh (để báo cáo)', 'Bộ Công Thương', 'Lưu: VT, QLTM'],
  signer: { authority: 'KT. Giám đốc', title: 'Phó Giám đốc', name: 'Trần Thị Hoa' },
};
const document = officialReport({
  report,
  header,
  notes: {
    documentNumber: '7',
    assessment: 'Tiến độ chậm ở vùng núi.',
    proposals: 'Đề nghị hỗ trợ chụp ảnh sản phẩm.',
  },
  period: '2026-01',
  issuedOn: '2026-01-05',
});

/** The paragraphs' text of a DOCX as Word stores it (word/document.xml), one string per paragraph. */
function docxParagraphs(file: Buffer, part = 'word/document.xml'): string[] {
  const xml = strFromU8(unzipSync(new Uint8Array(file))[part] ?? new Uint8Array());
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/gu)].map((p) =>
    [...p[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/gu)].map((t) => t[1]).join(''),
  );
}

describe('the report upward, as Nghị định 30/2020/NĐ-CP lays it out', () => {
  it('heads with both agencies, the number, the motto, place and date with leading zeros, and the period in the title', () => {
    expect(document.parentAgency).toBe('UBND TỈNH HÀ TĨNH');
    expect(document.agency).toBe('SỞ CÔNG THƯƠNG TỈNH HÀ TĨNH');
    expect(document.numberLine).toBe('Số: 07/BC-SCT');
    expect(document.placeDate).toBe('Hà Tĩnh, ngày 05 tháng 01 năm 2026');
    expect(document.subject).toBe('Kết quả đưa sản phẩm OCOP lên sàn thương mại điện tử tháng 01 năm 2026');
    expect(document.sections[0]?.paragraphs[0]).toContain('đạt 78,3 % so với mục tiêu 100 %');
    expect(document.sections.map((s) => s.heading).slice(-2)).toEqual(['VII. Đánh giá', 'VIII. Đề xuất, kiến nghị']);
    expect(document.signer).toEqual({ authority: 'KT. GIÁM ĐỐC', title: 'PHÓ GIÁM ĐỐC', name: 'Trần Thị Hoa' });
  });

  it('the DOCX read back holds the same header, sections, recipients and signature, on A4 with the decree’s margins and a page number', async () => {
    const file = await reportDocx(document);
    const paragraphs = docxParagraphs(file);
    for (const line of [
      'UBND TỈNH HÀ TĨNH',
      'SỞ CÔNG THƯƠNG TỈNH HÀ TĨNH',
      'Số: 07/BC-SCT',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'Hà Tĩnh, ngày 05 tháng 01 năm 2026',
      'BÁO CÁO',
      'Kết quả đưa sản phẩm OCOP lên sàn thương mại điện tử tháng 01 năm 2026',
      'VII. Đánh giá',
      'Tiến độ chậm ở vùng núi.',
      'Đề nghị hỗ trợ chụp ảnh sản phẩm.',
      'Nơi nhận:',
      '- Bộ Công Thương;',
      '- Lưu: VT, QLTM.',
      'KT. GIÁM ĐỐC',
      'PHÓ GIÁM ĐỐC',
      'Trần Thị Hoa',
      'Kẹo cu đơ',
    ])
      expect(paragraphs).toContain(line);
    const xml = strFromU8(unzipSync(new Uint8Array(file))['word/document.xml'] ?? new Uint8Array());
    // A4 (11906 × 16838 twips), top and bottom 20 mm, left 30 mm, right 15 mm; a first page without a number.
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/u);
    const margin = (side: string) =>
      Number(new RegExp(`<w:pgMar [^>]*w:${side}="(\\d+)"`, 'u').exec(xml)?.[1]) / 56.6929;
    expect([margin('top'), margin('bottom'), margin('left'), margin('right')].map(Math.round)).toEqual([
      20, 20, 30, 15,
    ]);
    expect(xml).toContain('<w:titlePg');
    const styles = strFromU8(unzipSync(new Uint8Array(file))['word/styles.xml'] ?? new Uint8Array());
    expect(styles).toContain('w:ascii="Times New Roman"');
    const headers = Object.entries(unzipSync(new Uint8Array(file))).filter(([name]) =>
      /^word\/header\d+\.xml$/u.test(name),
    );
    expect(headers.some(([, bytes]) => strFromU8(bytes).includes('PAGE'))).toBe(true);
  });

  it('the XLSX opens with the same header, then the figures as numbers', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await provincialReportXlsx(document, report)) as unknown as ArrayBuffer);
    const summary = book.getWorksheet('Tổng hợp');
    const cells = (row: number) => [summary?.getCell(row, 1).value, summary?.getCell(row, 2).value];
    expect(cells(1)).toEqual(['UBND TỈNH HÀ TĨNH', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM']);
    expect(cells(2)).toEqual(['SỞ CÔNG THƯƠNG TỈNH HÀ TĨNH', 'Độc lập - Tự do - Hạnh phúc']);
    expect(cells(3)).toEqual(['Số: 07/BC-SCT', 'Hà Tĩnh, ngày 05 tháng 01 năm 2026']);
    expect(summary?.getCell(5, 1).value).toBe('BÁO CÁO');
    expect(summary?.getCell(6, 1).value).toBe(document.subject);
    expect(cells(8)).toEqual(['Ngày số liệu', '05/01/2026']);
    expect(cells(11)).toEqual(['Tỷ lệ (%)', 78.3]);
  });
});
