import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
