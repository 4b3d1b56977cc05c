// The XLSX reader on workbooks written part by part: what other producers than Excel put in a file
// must arrive as Excel shows it, or be refused naming the row and column, never read as empty.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTable } from './read-table.ts';
import { DEFAULT_TABLE_LIMITS } from './table-limits.ts';
import { raw, row, text, type WorkbookSpec, writeWorkbook } from './xlsx-fixture.ts';

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
