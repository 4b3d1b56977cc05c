import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatProblem, importProducts, openStore, queryRows, type Store } from '@ocop-monitor/monitor';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';

const SAMPLE = readFileSync(new URL('../../examples/san-pham-mau.csv', import.meta.url).pathname, 'utf8')
  .trim()
  .split('\n');
const HEADER = `${SAMPLE[0]},Tên xã`;
const ROW = SAMPLE[1] ?? '';
const dir = mkdtempSync(join(tmpdir(), 'ocop-communes-'));

let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

const quoted = (value: string) => `"${value.replaceAll('"', '""')}"`;

/** Imports the sample product under each commune name (one row each, codes made unique). */
async function importCommunes(names: readonly string[]) {
  const file = join(dir, `xa-${Math.random().toString(36).slice(2)}.csv`);
  const rows = names.map((name, i) => {
    const cells = ROW.split(',');
    cells[0] = String(300_000 + i);
    cells[1] = `OCOP-XA-${i}`;
    return `${cells.join(',')},${quoted(name)}`;
  });
  writeFileSync(file, `${[HEADER, ...rows].join('\n')}\n`);
  store ??= await openStore({ dataDir: 'memory://' });
  return importProducts(store.db, file);
}

const storedNames = async () =>
  (await queryRows<{ name: string | null }>((store as Store).db, sql`select commune_name as name from products`)).map(
    (r) => r.name,
  );

describe('commune names ("Tên xã") in a registry import', () => {
  it.each([
    ['a phone', 'Xã Cam Lộ 0912 345 678', 'số điện thoại'],
    ['a phone in +84 form', 'Xã Cam Lộ (+84) 912.345.678', 'số điện thoại'],
    ['an e-mail', 'Xã Cam Lộ lan(at)gmail.com', 'địa chỉ email'],
    ['HTML', 'Xã <b onmouseover="x()">Cam Lộ</b>', 'HTML'],
    ['a control character', 'Xã Cam\u0007 Lộ', 'ký tự điều khiển'],
    ['a line break', 'Xã Cam\nLộ', 'xuống dòng'],
  ])(
    'refuses %s, naming the row and the column in Vietnamese, and stores nothing of that row',
    async (_what, name, reason) => {
      const report = await importCommunes(['Xã Cam Lộ', name]);
      expect(report.created).toBe(1);
      expect(report.rejected).toBe(1);
      const [problem] = report.problems;
      expect(problem).toMatchObject({ row: 3, column: 'Tên xã' });
      expect(formatProblem(problem as never)).toContain('dòng/row 3, cột/column "Tên xã"');
      expect(problem?.problem).toContain(reason);
      expect(await storedNames()).toEqual(['Xã Cam Lộ']);
    },
  );

  it('keeps ordinary commune names as written, numbers and all', async () => {
    const names = ['Phường 12', 'Xã Ea Súp', 'Thị trấn Khe Sanh', 'Xã Đắk Pơ', 'Xã Hướng Hóa (cũ)'];
    const report = await importCommunes(names);
    expect(report.problems).toEqual([]);
    expect((await storedNames()).sort()).toEqual([...names].sort());
  });

  it('no commune name carrying a phone or an e-mail, however written, is stored', async () => {
    const contacts = [
      ' 0912345678',
      ' 091.234.5678',
      ' ĐT 0388 123 456',
      ' lan@gmail.com',
      ' a%40b.vn',
      ' lan［at］gmail.com',
    ];
    const names = ['Xã Cam Lộ', 'Phường 3'].flatMap((commune) => contacts.map((contact) => `${commune}${contact}`));
    const report = await importCommunes(names);
    expect(report.rejected).toBe(names.length);
    expect(await storedNames()).toEqual([]);
  });
});
