import { type MarketplaceAdapter, resolveListingUrl } from '@ocop-monitor/adapters';
import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../store/open-store.ts';
import { listings, products } from '../store/schema.ts';
import type { ImportProblem, ImportReport } from './import-report.ts';
import { readTable, TableFileError, unreadableCells } from './read-table.ts';
import type { TableLimits } from './table-limits.ts';
import { headerOf, LISTING_FIELDS, mapHeaders } from './template.ts';

/**
 * Imports listing URLs: each goes through the adapters' parseRef, so a URL on an unknown host or
 * one that is not a product page is reported, never stored. New listings start `stale` (not yet
 * checked); a listing already linked to another product is reported, not moved.
 */
export async function importListings(
  db: Database,
  file: string,
  adapters: readonly MarketplaceAdapter[],
  options: { now?: Date; by?: string; limits?: TableLimits } = {},
): Promise<ImportReport> {
  let table: Awaited<ReturnType<typeof readTable>>;
  try {
    table = await readTable(file, options.limits);
  } catch (error) {
    if (error instanceof TableFileError) {
      return {
        file,
        rowsRead: 0,
        created: 0,
        updated: 0,
        rejected: 0,
        fileRejected: true,
        problems: [{ row: null, column: null, problem: error.message }],
      };
    }
    throw error;
  }
  const { columns } = mapHeaders(table.headers, LISTING_FIELDS);
  if (columns.url === undefined || (columns.nationalId === undefined && columns.localCode === undefined)) {
    const problem = `cần các cột / needs the columns "${headerOf(LISTING_FIELDS, 'url')}" and "${headerOf(LISTING_FIELDS, 'nationalId')}" or "${headerOf(LISTING_FIELDS, 'localCode')}"`;
    return {
      file,
      rowsRead: table.rows.length,
      created: 0,
      updated: 0,
      rejected: table.rows.length,
      fileRejected: true,
      problems: [{ row: 1, column: null, problem }],
    };
  }
  const known = adapters.map((adapter) => `${adapter.hosts.join(', ')} (${adapter.id})`).join('; ');
  const all = await db
    .select({ id: products.id, nationalId: products.nationalId, localCode: products.localCode })
    .from(products);
  const byNational = new Map(all.filter((p) => p.nationalId).map((p) => [p.nationalId, p.id]));
  const byLocal = new Map(all.filter((p) => p.localCode).map((p) => [p.localCode, p.id]));
  const problems: ImportProblem[] = [];
  const now = options.now ?? new Date();
  const cell = (cells: string[], index: number | undefined) => (index === undefined ? '' : (cells[index] ?? '').trim());

  const report = await db.transaction(async (tx) => {
    let created = 0;
    let updated = 0;
    const seen = new Map<string, number>();
    for (const { rowNumber, cells, unreadable } of table.rows) {
      if (unreadable) {
        problems.push(...unreadableCells(table.headers, rowNumber, unreadable));
        continue;
      }
      const nationalId = cell(cells, columns.nationalId);
      const localCode = cell(cells, columns.localCode);
      const url = cell(cells, columns.url);
      const urlColumn = headerOf(LISTING_FIELDS, 'url');
      const productId =
        (nationalId && byNational.get(nationalId)) || (localCode && byLocal.get(localCode)) || undefined;
      if (productId === undefined) {
        problems.push({
          row: rowNumber,
          column: headerOf(LISTING_FIELDS, nationalId ? 'nationalId' : 'localCode'),
          problem: `không có sản phẩm "${nationalId || localCode}" trong danh mục / no such product in the registry (import products first)`,
        });
        continue;
      }
      let host = '';
      try {
        host = new URL(url).host;
      } catch {
        problems.push({ row: rowNumber, column: urlColumn, problem: `"${url}" không phải URL / is not a URL` });
        continue;
      }
      const resolved = resolveListingUrl(adapters, url);
      if (!resolved) {
        const owner = adapters.find((adapter) => adapter.hosts.includes(host.toLowerCase()));
        problems.push({
          row: rowNumber,
          column: urlColumn,
          problem: owner
            ? `"${url}" không phải trang sản phẩm của ${owner.displayName} / is not a product page URL`
            : `${host} không phải sàn đã cấu hình / is not a configured marketplace (${known})`,
        });
        continue;
      }
      const { ref } = resolved;
      const key = `${ref.marketplace}/${ref.itemId}`;
      const first = seen.get(key);
      if (first !== undefined) {
        problems.push({
          row: rowNumber,
          column: urlColumn,
          problem: `trùng tin đăng với dòng ${first} / same listing as row ${first}`,
        });
        continue;
      }
      seen.set(key, rowNumber);
      const [existing] = await tx
        .select({ id: listings.id, productId: listings.productId })
        .from(listings)
        .where(and(eq(listings.marketplace, ref.marketplace), eq(listings.itemId, ref.itemId)));
      if (existing && existing.productId !== productId) {
        problems.push({
          row: rowNumber,
          column: urlColumn,
          problem: `tin đăng này đã gắn với sản phẩm khác (#${existing.productId}) / already linked to another product`,
        });
        continue;
      }
      if (existing) {
        await tx
          .update(listings)
          .set({ url: ref.url, shopId: sql`coalesce(${ref.shopId}, ${listings.shopId})`, updatedAt: now })
          .where(eq(listings.id, existing.id));
        updated += 1;
      } else {
        await tx.insert(listings).values({
          productId,
          marketplace: ref.marketplace,
          itemId: ref.itemId,
          shopId: ref.shopId,
          url: ref.url,
          linkedHow: 'imported',
          linkedBy: options.by ?? null,
          linkedAt: now,
          state: 'stale',
          stateSince: now,
        });
        created += 1;
      }
    }
    return {
      file,
      rowsRead: table.rows.length,
      created,
      updated,
      rejected: table.rows.length - created - updated,
      fileRejected: false,
      problems,
    };
  });
  await db.execute(sql`analyze listings`); // fresh planner statistics after a bulk change
  return report;
}
