import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openStore, type Store } from './open-store.ts';
import { queryRows } from './query-rows.ts';
import { storeTemplateName, writeStoreTemplate } from './store-template.ts';

// A new store made from the ready-made template must be the store initdb and the migrations make:
// the same tables and columns, the same migrations recorded — or later commands would differ.

const schemaOf = async (store: Store) =>
  queryRows<{ table_name: string; column_name: string; data_type: string }>(
    store.db,
    sql`select table_name, column_name, data_type from information_schema.columns
        where table_schema in ('public', 'drizzle') order by table_name, column_name`,
  );
const migrationsOf = async (store: Store) =>
  queryRows<{ hash: string }>(store.db, sql`select hash from drizzle.__drizzle_migrations order by id`);

describe('a new embedded store from the template', () => {
  it('has the schema and migrations of one made from scratch, and never replaces a store that exists', {
    timeout: 120_000,
  }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ocop-template-'));
    const templateDir = join(dir, 'templates');
    const file = await writeStoreTemplate(templateDir);
    expect(file).toBe(join(templateDir, storeTemplateName()));
    expect(storeTemplateName()).toMatch(/^pglite-\d+\.\d+\.\d+-\d{4}_[a-z_]+\.tar\.gz$/u);

    const scratch = await openStore({ dataDir: join(dir, 'scratch'), serve: false });
    const fromTemplate = await openStore({ dataDir: join(dir, 'made'), serve: false, templateDir });
    try {
      expect(await schemaOf(fromTemplate)).toEqual(await schemaOf(scratch));
      expect(await migrationsOf(fromTemplate)).toEqual(await migrationsOf(scratch));
      await fromTemplate.db.execute(sql`create table kept (name text)`);
      await fromTemplate.db.execute(sql`insert into kept values ('Chè vằng Cam Lộ')`);
    } finally {
      await scratch.close();
      await fromTemplate.close();
    }
    // Opened again with the template at hand: the store is not new, its data stays.
    const again = await openStore({ dataDir: join(dir, 'made'), serve: false, templateDir });
    try {
      expect(await queryRows(again.db, sql`select name from kept`)).toEqual([{ name: 'Chè vằng Cam Lộ' }]);
    } finally {
      await again.close();
    }
  });

  it('a template of another PGlite release or schema is not loaded', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ocop-template-'));
    const templateDir = join(dir, 'templates');
    mkdirSync(templateDir);
    // Not a dump at all: were it loaded, the open would fail.
    writeFileSync(join(templateDir, storeTemplateName().replace(/^pglite-[\d.]+-/u, 'pglite-0.0.1-')), 'not a dump');
    const store = await openStore({ dataDir: 'memory://', templateDir });
    try {
      expect((await migrationsOf(store)).length).toBeGreaterThan(0);
    } finally {
      await store.close();
    }
  });
});
