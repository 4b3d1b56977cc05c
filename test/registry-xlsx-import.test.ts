// A registry XLSX of a few thousand rows, as a province sends it: every product arrives as written
// (Vietnamese text whose bytes straddle the reader's chunks), dates in a date format arrive as dates,
// and a bad cell deep in the file is named by its row and column.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importProducts, openStore, queryRows } from '@ocop-monitor/monitor';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { raw, text, writeWorkbook, row as xlsxRow } from '../packages/monitor/src/registry/xlsx-fixture.ts';
import { STORE_TARGETS } from './store-targets.ts';

const ROWS = 3_000;
const BAD_ROW = 2_500; // the file's row 2,501: stars "9"
const dir = mkdtempSync(join(tmpdir(), 'ocop-xlsx-import-'));
const [header = '', sampleRow = ''] = readFileSync(new URL('../examples/san-pham-mau.csv', import.meta.url), 'utf8')
  .trim()
  .split('\n');
const headers = header.split(',');
const column = (name: string) => headers.indexOf(name);

/** The product name of row i: mostly multi-byte characters, so chunk edges fall inside them. */
const nameOf = (i: number, edition = '') => `Đặc sản Quảng Trị ${i}${edition}: mật ong rừng Hướng Hóa, chè vằng Cam Lộ`;

async function registryXlsx(file: string, edition = ''): Promise<string> {
  const path = join(dir, file);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: false, useStyles: true });
  const sheet = workbook.addWorksheet('Sản phẩm');
  sheet.addRow(headers).commit();
  const sample = sampleRow.split(',');
  for (let i = 0; i < ROWS; i += 1) {
    const cells: ExcelJS.CellValue[] = [...sample];
    cells[column('Mã sản phẩm quốc gia')] = String(300_000 + i);
    cells[column('Mã sản phẩm địa phương')] = `OCOP-XLSX-${i}`;
    cells[column('Tên sản phẩm')] = nameOf(i, edition);
    cells[column('Tên chủ thể')] = `Hợp tác xã Nông nghiệp Đặc sản số ${i % 50}`;
    cells[column('Mã số thuế')] = `32001${String(i % 50).padStart(5, '0')}`; // one producer per name
    cells[column('Số sao')] = i === BAD_ROW ? '9' : '4';
    const row = sheet.addRow(cells);
    // A certification date typed as a date in Excel: a number in a date format.
    const certified = row.getCell(column('Ngày chứng nhận') + 1);
    certified.value = new Date(Date.UTC(2024, 2, 15));
    certified.numFmt = 'dd/mm/yyyy';
    row.commit();
  }
  await sheet.commit();
  await workbook.commit();
  return path;
}

describe.each(STORE_TARGETS)('a registry XLSX of 3,000 rows on $name', (target) => {
  const opened: Array<{ close(): Promise<void> }> = [];
  afterEach(async () => {
    for (const store of opened.splice(0).reverse()) await store.close();
  });

  it.skipIf(!target.available)(
    'imports every product as written, names the bad row and field, and a second file updates them',
    async () => {
      const store = await target.open();
      opened.push(store);
      const report = await importProducts(store.db, await registryXlsx('danh-muc.xlsx'));
      expect(report).toMatchObject({ rowsRead: ROWS, created: ROWS - 1, updated: 0, rejected: 1 });
      expect(report.problems).toEqual([
        expect.objectContaining({ row: BAD_ROW + 2, column: 'Số sao', problem: expect.stringContaining('"9"') }),
      ]);
      const stored = await queryRows<{ national_id: string; name: string; producer: string; certified: string }>(
        store.db,
        sql`select p.national_id, p.name, pr.name as producer, p.certified_date::text as certified
            from products p join producers pr on pr.id = p.producer_id order by p.id`,
      );
      const expected = Array.from({ length: ROWS }, (_, i) => i)
        .filter((i) => i !== BAD_ROW)
        .map((i) => ({
          national_id: String(300_000 + i),
          name: nameOf(i),
          producer: `Hợp tác xã Nông nghiệp Đặc sản số ${i % 50}`,
          certified: '2024-03-15',
        }));
      expect(stored).toEqual(expected);

      const again = await importProducts(store.db, await registryXlsx('danh-muc-2.xlsx', ' (bản mới)'));
      expect(again).toMatchObject({ created: 0, updated: ROWS - 1, rejected: 1 });
      const renamed = await queryRows<{ name: string }>(store.db, sql`select name from products order by id`);
      expect(renamed.map((row) => row.name)).toEqual(
        expected.map((row) => nameOf(Number(row.national_id) - 300_000, ' (bản mới)')),
      );
    },
    120_000,
  );
});

/** The sample registry's first product as a workbook; `cell` writes one cell (default: inline text). */
function sampleXlsx(
  file: string,
  cell: (name: string, ref: string, value: string) => string | undefined = () => undefined,
) {
  const letters = (i: number): string =>
    i < 26 ? String.fromCharCode(65 + i) : letters(Math.floor(i / 26) - 1) + letters(i % 26);
  const sample = sampleRow.split(',');
  const cells = (r: number, values: string[]) =>
    values.map(
      (value, i) =>
        cell(r === 1 ? '' : (headers[i] ?? ''), `${letters(i)}${r}`, value) ?? text(`${letters(i)}${r}`, value),
    );
  return writeWorkbook(join(dir, file), {
    sheets: [{ name: 'Sản phẩm', rows: xlsxRow(1, ...cells(1, headers)) + xlsxRow(2, ...cells(2, sample)) }],
    sharedStrings: '<si><t><![CDATA[htxchevang@example.vn]]></t></si>',
  });
}

describe('a re-import of an XLSX written by other tools', () => {
  it('keeps the producer e-mail that a CDATA cell holds, and the contact an error cell hides, instead of wiping them', async () => {
    const store = await openStore({ dataDir: 'memory://' });
    try {
      await importProducts(store.db, sampleXlsx('first.xlsx'));
      const cdata = (name: string, ref: string) => (name === 'Email' ? raw(ref, '0', 's') : undefined);
      const report = await importProducts(store.db, sampleXlsx('cdata.xlsx', cdata));
      expect(report).toMatchObject({ rejected: 0, updated: 1 });
      const [producer] = await queryRows<{ email: string | null }>(store.db, sql`select email from producers`);
      expect(producer?.email).toBe('htxchevang@example.vn');

      // An error cell in the contact: the row is refused naming the cell, and the stored contact stays.
      const failed = (name: string, ref: string) => (name === 'Người liên hệ' ? raw(ref, '#N/A', 'e') : undefined);
      const withError = await importProducts(store.db, sampleXlsx('error.xlsx', failed));
      expect(withError).toMatchObject({ rejected: 1, updated: 0 });
      expect(withError.problems).toEqual([
        { row: 2, column: 'Người liên hệ', problem: expect.stringContaining('Excel báo lỗi "#N/A"') },
      ]);
      const [contact] = await queryRows<{ contact_person: string | null }>(
        store.db,
        sql`select contact_person from producers`,
      );
      expect(contact?.contact_person).toBe('Nguyễn Thị Lan');
    } finally {
      await store.close();
    }
  });
});
