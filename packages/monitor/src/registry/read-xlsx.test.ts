// The XLSX reader on workbooks written part by part: what other producers than Excel put in a file
// must arrive as Excel shows it, or be refused naming the row and column, never read as empty.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTable } from './read-table.ts';
import { DEFAULT_TABLE_LIMITS } from './table-limits.ts';
import { raw, row, text, type WorkbookSpec, writeWorkbook, writeZip } from './xlsx-fixture.ts';

const dir = mkdtempSync(join(tmpdir(), 'ocop-read-xlsx-'));
let count = 0;
const header = row(1, text('A1', 'Tên'), text('B1', 'Email'));
const read = (spec: WorkbookSpec, limits = DEFAULT_TABLE_LIMITS) => {
  count += 1;
  return readTable(writeWorkbook(join(dir, `book-${count}.xlsx`), spec), limits);
};
const sheet = (rows: string) => [{ name: 'Sản phẩm', rows }];

describe('text in a cell', () => {
  it('reads CDATA text, inline and shared, as the text it holds', async () => {
    const table = await read({
      sheets: sheet(
        header +
          row(2, '<c r="A2" t="inlineStr"><is><t><![CDATA[Mật ong <rừng> & chè]]></t></is></c>', raw('B2', '0', 's')),
      ),
      sharedStrings: '<si><t><![CDATA[htx.huongson@gmail.com]]></t></si>',
    });
    expect(table.rows).toEqual([{ rowNumber: 2, cells: ['Mật ong <rừng> & chè', 'htx.huongson@gmail.com'] }]);
  });
});

describe('the parts of a workbook', () => {
  it('finds the workbook, shared strings and styles through the relationships, whatever their names', async () => {
    const table = await read({
      workbookPath: 'bang/so-tinh.xml',
      sheets: sheet(header + row(2, raw('A2', '0', 's'), raw('B2', '45366', undefined, 1))),
      sharedStrings: '<si><t>Chè vằng Cam Lộ</t></si>',
      sharedStringsPath: 'bang/chu-chung.xml',
      styles: '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs>',
      stylesPath: 'bang/kieu.xml',
    });
    expect(table.rows).toEqual([{ rowNumber: 2, cells: ['Chè vằng Cam Lộ', '2024-03-15'] }]);
  });

  it('reads <c t="s"/> without a value as an empty cell, not the first shared string', async () => {
    const table = await read({
      sheets: sheet(header + row(2, '<c r="A2" t="s"/>', text('B2', 'x'))),
      sharedStrings: '<si><t>Tên</t></si>',
    });
    expect(table.rows).toEqual([{ rowNumber: 2, cells: ['', 'x'] }]);
  });

  it('refuses a shared-string index out of range or not a number, naming the row and column', async () => {
    const sharedStrings = '<si><t>một</t></si>';
    await expect(
      read({ sheets: sheet(header + row(2, text('A2', 'x'), raw('B2', '7', 's'))), sharedStrings }),
    ).rejects.toThrow(/ô B2 \(dòng 2, cột B\).*"7"/u);
    await expect(
      read({ sheets: sheet(header + row(3, text('A3', 'x'), raw('B3', 'abc', 's'))), sharedStrings }),
    ).rejects.toThrow(/ô B3 \(dòng 3, cột B\).*"abc"/u);
  });

  it('reads SpreadsheetML written with a namespace prefix (<x:row>, <x:c>, <x:t>)', async () => {
    const rows =
      '<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>Tên</x:t></x:is></x:c></x:row>' +
      '<x:row r="2"><x:c r="A2" t="s"><x:v>0</x:v></x:c></x:row>';
    const path = join(dir, 'prefixed.xlsx');
    const X = 'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
    const R = 'xmlns:rel="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
    const RELS = 'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"';
    const T = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
    writeZip(path, {
      '_rels/.rels': `<Relationships ${RELS}><Relationship Id="a" Type="${T}/officeDocument" Target="xl/wb.xml"/></Relationships>`,
      'xl/wb.xml': `<x:workbook ${X} ${R}><x:sheets><x:sheet name="S" sheetId="1" rel:id="s1"/></x:sheets></x:workbook>`,
      'xl/_rels/wb.xml.rels': `<Relationships ${RELS}><Relationship Id="s1" Type="${T}/worksheet" Target="sheet.xml"/><Relationship Id="s2" Type="${T}/sharedStrings" Target="ss.xml"/></Relationships>`,
      'xl/sheet.xml': `<x:worksheet ${X}><x:sheetData>${rows}</x:sheetData></x:worksheet>`,
      'xl/ss.xml': `<x:sst ${X}><x:si><x:t>Mật ong</x:t></x:si></x:sst>`,
    });
    const table = await readTable(path);
    expect(table).toEqual({ headers: ['Tên'], rows: [{ rowNumber: 2, cells: ['Mật ong'] }] });
  });
});

describe('numbers and errors as Excel shows them', () => {
  const styles =
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="0000000000"/></numFmts>' +
    '<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/></cellXfs>';

  it('an error cell (#N/A) is a problem of its row and column, not text', async () => {
    const table = await read({
      sheets: sheet(
        header +
          row(2, text('A2', 'Mật ong'), raw('B2', '#N/A', 'e')) +
          row(3, text('A3', 'Chè'), text('B3', 'a@b.vn')),
      ),
    });
    expect(table.rows).toEqual([
      {
        rowNumber: 2,
        cells: ['Mật ong', ''],
        unreadable: [{ column: 1, problem: expect.stringMatching(/^ô B2: Excel báo lỗi "#N\/A"/u) }],
      },
      { rowNumber: 3, cells: ['Chè', 'a@b.vn'] },
    ]);
  });

  it('a number in a date format that is no date names its row and column instead of "Invalid time value"', async () => {
    const table = await read({
      sheets: sheet(header + row(2, text('A2', 'Mật ong'), raw('B2', '99999999', undefined, 1))),
      styles,
    });
    expect(table.rows[0]?.unreadable).toEqual([
      { column: 1, problem: expect.stringMatching(/^ô B2: số 99999999 trong ô định dạng ngày không phải ngày nào/u) },
    ]);
  });

  it('a number shown through a zero-padded format keeps its leading zeros (a tax code, a phone)', async () => {
    const table = await read({
      sheets: sheet(header + row(2, raw('A2', '312345678', undefined, 2), raw('B2', '312345678'))),
      styles,
    });
    expect(table.rows[0]?.cells).toEqual(['0312345678', '312345678']);
  });
});

describe('limits a workbook meets', () => {
  it('refuses a cell of 15 MB, inline or shared, naming its row and column, and keeps reading the rest', async () => {
    const huge = 'A'.repeat(15_000_000);
    const table = await read({
      sheets: sheet(
        header +
          row(2, text('A2', huge), text('B2', 'x')) +
          row(3, text('A3', 'Chè'), raw('B3', '0', 's')) +
          row(4, text('A4', 'Mật ong'), text('B4', 'a@b.vn')),
      ),
      sharedStrings: `<si><t>${'B'.repeat(10_001)}</t></si>`,
    });
    expect(table.rows).toEqual([
      {
        rowNumber: 2,
        cells: ['', 'x'],
        unreadable: [{ column: 0, problem: expect.stringMatching(/^ô A2: ô dài hơn 10\.000 ký tự/u) }],
      },
      {
        rowNumber: 3,
        cells: ['Chè', ''],
        unreadable: [{ column: 1, problem: expect.stringMatching(/^ô B3: ô dài hơn 10\.000 ký tự/u) }],
      },
      { rowNumber: 4, cells: ['Mật ong', 'a@b.vn'] },
    ]);
  });

  it('counts only rows with values toward import.maxRows: empty rows and a stray row 1048576 are no reason to refuse', async () => {
    const empty = Array.from({ length: 50 }, (_, i) => `<row r="${i + 3}"><c r="A${i + 3}" s="1"/></row>`).join('');
    const table = await read(
      {
        sheets: sheet(
          header +
            row(2, text('A2', 'Chè'), text('B2', 'x')) +
            empty +
            row(60, text('A60', 'Mật ong'), text('B60', 'y')) +
            '<row r="1048576"><c r="A1048576" s="1"/></row>',
        ),
      },
      { ...DEFAULT_TABLE_LIMITS, maxRows: 2 },
    );
    expect(table.rows.map((r) => r.rowNumber)).toEqual([2, 60]);
    await expect(
      read(
        { sheets: sheet(header + row(2, text('A2', 'a')) + row(3, text('A3', 'b')) + row(4, text('A4', 'c'))) },
        { ...DEFAULT_TABLE_LIMITS, maxRows: 2 },
      ),
    ).rejects.toThrow('has more than 2 data rows (import.maxRows)');
  });
});

describe('small things Excel shows otherwise', () => {
  it('decodes _xHHHH_ escapes, inline and shared, and keeps an escaped "_x"', async () => {
    const table = await read({
      sheets: sheet(header + row(2, text('A2', 'Tên_x000D_dòng'), raw('B2', '0', 's'))),
      sharedStrings: '<si><t>mã_x005F_x000D_</t></si>',
    });
    expect(table.rows[0]?.cells).toEqual(['Tên\rdòng', 'mã_x000D_']);
  });

  it('reads the first visible sheet, not a hidden one before it', async () => {
    const table = await read({
      sheets: [
        { name: 'Tra cứu', rows: row(1, text('A1', 'ẩn')) + row(2, text('A2', 'không đọc')), state: 'hidden' },
        { name: 'Sản phẩm', rows: header + row(2, text('A2', 'Chè'), text('B2', 'x')) },
      ],
    });
    expect(table.rows).toEqual([{ rowNumber: 2, cells: ['Chè', 'x'] }]);
  });

  it('stores a number as Excel shows it, to 15 significant digits', async () => {
    const table = await read({ sheets: sheet(header + row(2, raw('A2', '3.0000000000000004'), raw('B2', '0.1'))) });
    expect(table.rows[0]?.cells).toEqual(['3', '0.1']);
  });

  it('tells the clerk a CSV named .xlsx is a CSV', async () => {
    const path = join(dir, 'danh-muc.xlsx');
    writeFileSync(path, 'Tên,Email\nMật ong,a@b.vn\n');
    await expect(readTable(path)).rejects.toThrow('tệp này là CSV, hãy đổi đuôi thành .csv');
  });
});
