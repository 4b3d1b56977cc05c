import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAdapters } from '@ocop-monitor/adapters';
import {
  importListings,
  importProducts,
  openStore,
  queryRows,
  type Store,
  StoreVersionError,
} from '@ocop-monitor/monitor';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createPostgresDatabase, STORE_TARGETS } from './store-targets.ts';

const MIGRATIONS = JSON.parse(
  readFileSync(new URL('../packages/monitor/migrations/meta/_journal.json', import.meta.url), 'utf8'),
) as { entries: unknown[] };

const EXAMPLES = new URL('../examples/', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'ocop-import-'));
const file = (name: string, content: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const sample = `${EXAMPLES}san-pham-mau.csv`;
const adapters = createAdapters();

async function count(store: Store, table: string): Promise<number> {
  const result = (await store.db.execute(sql.raw(`select count(*)::int as n from ${table}`))) as unknown as {
    rows: Array<{ n: number }>;
  };
  return result.rows[0]?.n ?? -1;
}

async function snapshot(store: Store) {
  const result = (await store.db.execute(
    sql`select national_id, name, stars, expiry_date::text from products order by national_id`,
  )) as unknown as { rows: unknown[] };
  return result.rows;
}

describe.each(STORE_TARGETS)('store on $name', (target) => {
  const opened: Array<{ close(): Promise<void> }> = [];
  afterEach(async () => {
    for (const store of opened.splice(0).reverse()) await store.close();
  });
  const open = async () => {
    const store = await target.open();
    opened.push(store);
    return store;
  };

  it.skipIf(!target.available)('migrates a new database; opening it again changes nothing', async () => {
    const store = await open();
    await importProducts(store.db, sample);
    const again = await store.reopen();
    try {
      expect(await count(again, 'products')).toBe(5);
      expect(await count(again, 'drizzle.__drizzle_migrations')).toBe(MIGRATIONS.entries.length);
    } finally {
      await again.close();
    }
  });

  it.skipIf(!target.available)('refuses a database migrated by a newer ocop-monitor', async () => {
    const store = await open();
    await store.db.execute(
      sql`insert into drizzle.__drizzle_migrations (hash, created_at) values ('future', ${Date.now() + 10 ** 10})`,
    );
    await expect(store.reopen()).rejects.toBeInstanceOf(StoreVersionError);
    await expect(store.reopen()).rejects.toThrow(/newer ocop-monitor/u);
  });

  it.skipIf(!target.available)('imports the sample registry, and importing it again is idempotent', async () => {
    const store = await open();
    const first = await importProducts(store.db, sample);
    expect(first).toMatchObject({ rowsRead: 5, created: 5, updated: 0, rejected: 0, fileRejected: false });
    const again = await importProducts(store.db, sample);
    expect(again).toMatchObject({ created: 0, updated: 5, rejected: 0 });
    expect(await count(store, 'products')).toBe(5);
    expect(await count(store, 'producers')).toBe(5);
    // expiry defaults to 36 months after certification; NFD input is stored NFC
    const rows = (await snapshot(store)) as Array<{ national_id: string; expiry_date: string }>;
    expect(rows.find((r) => r.national_id === '100231')?.expiry_date).toBe('2027-03-15');
  });

  it.skipIf(!target.available)('imports the shipped XLSX template, the commune by its name too', async () => {
    const store = await open();
    expect(await importProducts(store.db, `${EXAMPLES}mau-nhap-san-pham.xlsx`)).toMatchObject({
      created: 1,
      rejected: 0,
    });
    expect(
      await queryRows(store.db, sql`select commune_code, commune_name from products where national_id = '100231'`),
    ).toEqual([{ commune_code: '19012', commune_name: 'Xã Cam Lộ' }]);
    // A later file without the names (the CSV sample) leaves the name the template gave.
    await importProducts(store.db, sample);
    expect(await queryRows(store.db, sql`select commune_name from products where national_id = '100231'`)).toEqual([
      { commune_name: 'Xã Cam Lộ' },
    ]);
  });

  it.skipIf(!target.available)('reports bad files clearly and changes nothing already stored', async () => {
    const store = await open();
    await importProducts(store.db, sample);
    const before = await snapshot(store);
    const header =
      'Mã sản phẩm quốc gia,Tên sản phẩm,Nhóm sản phẩm,Số sao,Tên chủ thể,Loại chủ thể,Ngày chứng nhận,Mã tỉnh';
    const cases: Array<[string, string | Buffer, RegExp, boolean]> = [
      [
        'wrong-headers.csv',
        'Product,Price\nChè vằng,85000\n',
        /missing columns: "Mã sản phẩm quốc gia".*unrecognised columns: "Product", "Price"/u,
        true,
      ],
      ['empty.csv', '', /is empty/u, true],
      ['binary.csv', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x08, 0x00]), /binary data/u, true],
      ['header-only.csv', `${header}\n`, /no data rows/u, true],
      ['not-a-table.txt', 'hello', /only \.csv and \.xlsx/u, true],
      [
        'bad-date.csv',
        `${header}\n100231,Chè vằng Cam Lộ,Đồ uống,4,HTX Chè vằng Cam Lộ,Hợp tác xã,31/02/2024,45\n`,
        /row 2, cột\/column "Ngày chứng nhận": "31\/02\/2024" không phải ngày có thật/u,
        false,
      ],
      [
        // Bad contact data is reported at import, not discovered when a message is sent.
        'bad-phone.csv',
        `${header},Điện thoại\n100231,Chè vằng Cam Lộ,Đồ uống,4,HTX Chè vằng Cam Lộ,Hợp tác xã,01/03/2024,45,12345\n`,
        /row 2, cột\/column "Điện thoại": "12345" không phải số điện thoại Việt Nam/u,
        false,
      ],
      [
        'bad-email.csv',
        `${header},Email\n100231,Chè vằng Cam Lộ,Đồ uống,4,HTX Chè vằng Cam Lộ,Hợp tác xã,01/03/2024,45,htx@@example\n`,
        /row 2, cột\/column "Email": /u,
        false,
      ],
      [
        'duplicate-ids.csv',
        `${header}\n100999,Trà A,Đồ uống,3,HTX A,HTX,01/01/2025,45\n100999,Trà B,Đồ uống,3,HTX A,HTX,01/01/2025,45\n`,
        /row 3, .*duplicates row 2/u,
        false,
      ],
      [
        'bad-stars-group.csv',
        `${header}\n100231,Chè vằng,Đồ ăn vặt,6,HTX Chè vằng Cam Lộ,Hợp tác xã,15/03/2024,45\n`,
        /stars must be 3, 4 or 5/u,
        false,
      ],
    ];
    for (const [name, content, message, wholeFile] of cases) {
      const report = await importProducts(store.db, file(name, content));
      const text = report.problems.map((p) => `row ${p.row}, cột/column "${p.column}": ${p.problem}`).join('\n');
      expect(text, name).toMatch(message);
      expect(report.fileRejected, name).toBe(wholeFile);
    }
    // Nothing stored changed; the first, valid row of duplicate-ids.csv is the only addition.
    expect(await snapshot(store)).toEqual([
      ...before,
      { national_id: '100999', name: 'Trà A', stars: 3, expiry_date: '2028-01-01' },
    ]);
  });

  it.skipIf(!target.available)(
    'imports listing URLs through the adapters; unknown hosts and non-product URLs are reported, not stored',
    async () => {
      const store = await open();
      await importProducts(store.db, sample);
      const report = await importListings(store.db, `${EXAMPLES}tin-dang-mau.csv`, adapters);
      expect(report).toMatchObject({ created: 5, rejected: 0 });
      const bad = file(
        'bad-listings.csv',
        [
          'Mã sản phẩm quốc gia,URL tin đăng',
          '100231,https://shopee.vn/che-vang-i.1.2',
          '100231,https://voso.vn/gic-store-s8590',
          '100231,not a url',
          '999999,https://voso.vn/x-p1.html',
          '100232,https://voso.vn/che-vang-cam-lo-p737101.html',
        ].join('\n'),
      );
      const problems = (await importListings(store.db, bad, adapters)).problems.map((p) => `${p.row}: ${p.problem}`);
      expect(problems).toEqual([
        expect.stringMatching(/^2: shopee\.vn .*is not a configured marketplace \(voso\.vn \(voso\)/u),
        expect.stringMatching(/^3: .*is not a product page URL/u),
        expect.stringMatching(/^4: .*is not a URL/u),
        expect.stringMatching(/^5: .*no such product/u),
        expect.stringMatching(/^6: .*already linked to another product/u),
      ]);
      expect(await count(store, 'listings')).toBe(5);
    },
  );
});

describe('store on PostgreSQL when the server drops its connections', () => {
  const postgres = STORE_TARGETS.find((target) => target.name === 'PostgreSQL');
  it.skipIf(!postgres?.available)(
    'an idle connection terminated by the server is reported and replaced; the process goes on',
    async () => {
      const database = await createPostgresDatabase();
      const dropped: string[] = [];
      const store = await openStore({
        databaseUrl: database.url,
        onIdleConnectionError: (error) => dropped.push(error.message),
      });
      try {
        await importProducts(store.db, sample);
        // As a PostgreSQL restart or failover does to a worker's pool between two jobs.
        const admin = new pg.Client({ connectionString: database.url });
        await admin.connect();
        const terminated = await admin.query(
          'select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
        );
        await admin.end();
        expect(terminated.rowCount).toBeGreaterThan(0);
        // Each of the pool's idle connections is reported (and dropped from the pool) before the next
        // query; waiting for the first report only let that query meet a dead one still in the pool.
        await expect.poll(() => dropped.length).toBe(terminated.rowCount);
        expect(dropped[0]).toMatch(/terminat/u);
        expect(await count(store, 'products')).toBe(5);
      } finally {
        await store.close();
        await database.drop();
      }
    },
  );
});
