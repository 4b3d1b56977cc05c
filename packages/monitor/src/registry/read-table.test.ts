import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readTable } from './read-table.ts';
import { DEFAULT_TABLE_LIMITS } from './table-limits.ts';

const dir = mkdtempSync(join(tmpdir(), 'ocop-table-'));
const file = (name: string, content: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const rows = (n: number) => Array.from({ length: n }, (_, i) => `${i},Sản phẩm ${i},Thực phẩm`).join('\n');

describe('readTable within its limits', () => {
  it('reads a table inside every limit', async () => {
    const table = await readTable(file('ok.csv', `Mã,Tên,Nhóm\n${rows(10)}`), DEFAULT_TABLE_LIMITS);
    expect(table.rows).toHaveLength(10);
    expect(table.rows[9]?.cells).toEqual(['9', 'Sản phẩm 9', 'Thực phẩm']);
  });

  it('refuses a file past each limit with a message naming it', async () => {
    const limits = { maxFileBytes: 4_000, maxUncompressedBytes: 1_000_000, maxRows: 20, maxCells: 45 };
    await expect(readTable(file('big.csv', `Mã,Tên\n${rows(400)}`), limits)).rejects.toThrow(
      /is \d+ KB, more than the 4 KB an import takes \(import\.maxFileBytes\)/u,
    );
    await expect(
      readTable(file('rows.csv', `Mã,Tên,Nhóm\n${rows(30)}`), { ...limits, maxCells: 1_000 }),
    ).rejects.toThrow('has more than 20 data rows (import.maxRows)');
    await expect(readTable(file('cells.csv', `Mã,Tên,Nhóm\n${rows(19)}`), limits)).rejects.toThrow(
      'has more than 45 cells (import.maxCells)',
    );
    await expect(readTable(file('long.csv', Buffer.alloc(100_000, 0x61)), DEFAULT_TABLE_LIMITS)).rejects.toThrow(
      'has a row longer than 64 KB',
    );
  });
});

describe('readTable on an XLSX', () => {
  /** A workbook as Excel writes one: shared strings, styles, a second sheet that is not read. */
  async function workbook(name: string, date1904: boolean): Promise<string> {
    const book = new ExcelJS.Workbook();
    book.properties.date1904 = date1904;
    const sheet = book.addWorksheet('Sản phẩm');
    sheet.addRow(['Mã', 'Tên', 'Ngày chứng nhận', 'Số sao', 'Còn hiệu lực']);
    const row = sheet.getRow(2);
    row.getCell(1).value = 100231;
    row.getCell(2).value = { richText: [{ text: 'Chè vằng ', font: { bold: true } }, { text: 'Cam Lộ' }] };
    row.getCell(3).value = new Date(Date.UTC(2024, 2, 15));
    row.getCell(3).numFmt = 'd" tháng "m" năm "yyyy';
    row.getCell(4).value = { formula: '2+2', result: 4 };
    row.getCell(5).value = true;
    sheet.getRow(4).getCell(2).value = 'Mật ong sau một dòng trống';
    book.addWorksheet('Ghi chú').addRow(['không đọc']);
    const path = join(dir, name);
    await book.xlsx.writeFile(path);
    return path;
  }

  it('reads the first sheet as Excel shows it: rich text whole, dates in any date format, formulas by their result, gaps kept', async () => {
    for (const [name, date1904] of [
      ['excel.xlsx', false],
      ['excel-1904.xlsx', true],
    ] as const) {
      const table = await readTable(await workbook(name, date1904), DEFAULT_TABLE_LIMITS);
      expect(table.headers).toEqual(['Mã', 'Tên', 'Ngày chứng nhận', 'Số sao', 'Còn hiệu lực']);
      expect(table.rows).toEqual([
        { rowNumber: 2, cells: ['100231', 'Chè vằng Cam Lộ', '2024-03-15', '4', 'true'] },
        { rowNumber: 4, cells: ['', 'Mật ong sau một dòng trống'] },
      ]);
    }
  });

  it('refuses a sheet past the row limit, naming it', async () => {
    const path = await workbook('rows.xlsx', false);
    // Two data rows (rows 2 and 4; the empty row 3 counts for nothing).
    await expect(readTable(path, { ...DEFAULT_TABLE_LIMITS, maxRows: 1 })).rejects.toThrow(
      'has more than 1 data rows (import.maxRows)',
    );
  });
});
