import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAdapters } from '@ocop-monitor/adapters';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../store/open-store.ts';
import { importListings } from './import-listings.ts';
import { importProducts } from './import-products.ts';

const EXAMPLES = new URL('../../../../examples/', import.meta.url);
const csv = readFileSync(new URL('san-pham-mau.csv', EXAMPLES));
const xlsx = readFileSync(new URL('mau-nhap-san-pham.xlsx', EXAMPLES));
const listings = readFileSync(new URL('tin-dang-mau.csv', EXAMPLES));
const dir = mkdtempSync(join(tmpdir(), 'ocop-import-fuzz-'));
const adapters = createAdapters({});
let store: Store;
let serial = 0;

/** Everything an import may touch, as one comparable value. */
async function snapshot(): Promise<string> {
  const result = (await store.db.execute(
    sql`select (select json_agg(p order by p.id) from products p)::text as products,
               (select json_agg(r order by r.id) from producers r)::text as producers,
               (select json_agg(l order by l.id) from listings l)::text as listings`,
  )) as unknown as { rows: Array<Record<string, string | null>> };
  return JSON.stringify(result.rows[0]);
}

/** How files arrive damaged: cut off, bytes flipped, a header mangled, NULs and stray quotes, huge cells. */
const damaged = (file: Buffer) =>
  fc.oneof(
    fc.nat({ max: file.length }).map((n) => file.subarray(0, n)),
    fc
      .array(fc.tuple(fc.nat({ max: file.length - 1 }), fc.integer({ min: 0, max: 255 })), {
        minLength: 1,
        maxLength: 20,
      })
      .map((flips) => {
        const copy = Buffer.from(file);
        for (const [at, byte] of flips) copy[at] = byte;
        return copy;
      }),
    fc
      .constantFrom('"', '\u0000', ';', '\r', '\ufeff', '=cmd|calc', 'x'.repeat(100_000))
      .chain((junk) =>
        fc
          .nat({ max: file.length })
          .map((at) => Buffer.concat([file.subarray(0, at), Buffer.from(junk), file.subarray(at)])),
      ),
  );

async function importFile(content: Buffer, name: string, what: 'products' | 'listings') {
  serial += 1;
  const file = join(dir, `${serial}-${name}`);
  writeFileSync(file, content);
  return what === 'products'
    ? importProducts(store.db, file)
    : importListings(store.db, file, adapters, { now: new Date('2026-01-05T06:00:00+07:00') });
}

beforeAll(async () => {
  store = await openStore({ dataDir: 'memory://' });
  await importFile(csv, 'san-pham.csv', 'products');
});
afterAll(() => store.close());

describe('importers on damaged files', () => {
  it.for([
    ['products CSV', csv, 'san-pham.csv', 'products'],
    ['products XLSX', xlsx, 'san-pham.xlsx', 'products'],
    ['listings CSV', listings, 'tin-dang.csv', 'listings'],
  ] as const)('%s: never crash; a refused file changes nothing stored', async ([, file, name, what]) => {
    await fc.assert(
      fc.asyncProperty(damaged(file), async (content) => {
        const before = await snapshot();
        const report = await importFile(content, name, what);
        expect(report.rejected + report.created + report.updated).toBeLessThanOrEqual(Math.max(report.rowsRead, 0));
        if (report.fileRejected) {
          expect(report.problems.length).toBeGreaterThan(0);
          expect(await snapshot()).toBe(before);
        }
        for (const problem of report.problems) expect(problem.problem.length).toBeGreaterThan(0);
      }),
      { numRuns: 40 },
    );
  });
});
