import { execFile } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { importProducts, openStore } from '@ocop-monitor/monitor';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { createPostgresDatabase, postgresAvailable } from './store-targets.ts';

const run = promisify(execFile);
const CLI = new URL('../bin/ocop-monitor', import.meta.url).pathname;
const EXAMPLES = new URL('../examples/', import.meta.url).pathname;
const MIGRATIONS = new URL('../packages/monitor/migrations/', import.meta.url).pathname;
const dropLater: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const drop of dropLater) await drop();
});

interface Target {
  name: string;
  available: boolean;
  /** A fresh, empty store for this target: the env a command needs and a folder to work in. */
  make(): Promise<{ env: Record<string, string>; dir: string }>;
}

const TARGETS: Target[] = [
  {
    name: 'PGlite',
    available: true,
    async make() {
      const dir = mkdtempSync(join(tmpdir(), 'ocop-backup-'));
      return { env: {}, dir };
    },
  },
  {
    name: 'PostgreSQL',
    available: postgresAvailable,
    async make() {
      const database = await createPostgresDatabase();
      dropLater.push(database.drop);
      return { env: { DATABASE_URL: database.url }, dir: mkdtempSync(join(tmpdir(), 'ocop-backup-')) };
    },
  },
];

async function cli(dir: string, env: Record<string, string>, ...args: string[]) {
  const base: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn', ...env };
  if (!env.DATABASE_URL) delete base.DATABASE_URL;
  try {
    const { stdout, stderr } = await run(CLI, args, { cwd: dir, env: base, timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    return error as { code: number; stdout: string; stderr: string };
  }
}

const productCount = async (dir: string, env: Record<string, string>) => {
  const report = await cli(dir, env, 'report', 'coverage', '--date', '2026-06-01', '--format', 'json');
  expect(report.code, report.stderr).toBe(0);
  return (JSON.parse(report.stdout) as { denominator: number }).denominator;
};

describe.each(TARGETS)('backup and restore on $name', (target) => {
  it.skipIf(!target.available)(
    'a backup brings back the store as it was; an existing store is replaced only with --force',
    {
      timeout: 180_000,
    },
    async () => {
      const { env, dir } = await target.make();
      expect((await cli(dir, env, 'import', 'products', `${EXAMPLES}san-pham-mau.csv`)).code).toBe(0);
      const before = await productCount(dir, env);
      expect(before).toBeGreaterThan(0);
      const backup = await cli(dir, env, 'backup', '--out', 'sao-luu.bak');
      expect(backup.code, backup.stderr).toBe(0);
      expect(backup.stdout).toContain('sao-luu.bak');
      expect(statSync(join(dir, 'sao-luu.bak')).mode & 0o777).toBe(0o600); // producers' phones, password hashes

      // Something goes wrong after the backup: the registry is emptied.
      const store = await openStore(
        env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : { dataDir: join(dir, 'data/pglite') },
      );
      await store.db.execute(sql`update products set status = 'revoked'`);
      await store.close();
      expect(await productCount(dir, env)).toBe(0);

      const refused = await cli(dir, env, 'restore', 'sao-luu.bak');
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain('--force');
      const restored = await cli(dir, env, 'restore', 'sao-luu.bak', '--force');
      expect(restored.code, restored.stderr).toBe(0);
      expect(await productCount(dir, env)).toBe(before);
      if (!env.DATABASE_URL)
        expect(readdirSync(join(dir, 'data')).some((name) => name.includes('before-restore'))).toBe(true);
    },
  );
});

describe('upgrading across a schema migration keeps the data', () => {
  /** A migrations folder as the previous release shipped it: only its first migration. */
  function previousRelease(): string {
    const folder = mkdtempSync(join(tmpdir(), 'ocop-migrations-'));
    const journal = JSON.parse(readFileSync(join(MIGRATIONS, 'meta/_journal.json'), 'utf8')) as {
      entries: Array<{ tag: string }>;
    };
    mkdirSync(join(folder, 'meta'));
    const first = journal.entries.slice(0, 1);
    writeFileSync(join(folder, 'meta/_journal.json'), JSON.stringify({ ...journal, entries: first }));
    for (const entry of first) cpSync(join(MIGRATIONS, `${entry.tag}.sql`), join(folder, `${entry.tag}.sql`));
    return folder;
  }

  describe.each(TARGETS)('$name', (target) => {
    it.skipIf(!target.available)(
      'a store made by the previous schema opens, migrates, and keeps its rows',
      async () => {
        const { env, dir } = await target.make();
        const old = previousRelease();
        // The previous release's store: its schema, with a registry and a health row in it.
        if (env.DATABASE_URL) {
          const [{ drizzle }, { migrate }, { default: pg }] = await Promise.all([
            import('drizzle-orm/node-postgres'),
            import('drizzle-orm/node-postgres/migrator'),
            import('pg'),
          ]);
          const pool = new pg.Pool({ connectionString: env.DATABASE_URL });
          await migrate(drizzle({ client: pool }), { migrationsFolder: old });
          await pool.end();
        } else {
          const [{ PGlite }, { drizzle }, { migrate }] = await Promise.all([
            import('@electric-sql/pglite'),
            import('drizzle-orm/pglite'),
            import('drizzle-orm/pglite/migrator'),
          ]);
          const client = new PGlite(join(dir, 'pglite'));
          await migrate(drizzle({ client }), { migrationsFolder: old });
          await client.close();
        }
        const options = env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : { dataDir: join(dir, 'pglite') };
        const columns = async (store: Awaited<ReturnType<typeof openStore>>) =>
          (
            (await store.db.execute(
              sql`select column_name from information_schema.columns where table_name = 'marketplace_health' order by 1`,
            )) as unknown as { rows: Array<{ column_name: string }> }
          ).rows.map((r) => r.column_name);
        // Rows written under the old schema, through raw SQL as that release wrote them.
        const raw = env.DATABASE_URL
          ? await (async () => {
              const { default: pg } = await import('pg');
              const client = new pg.Client({ connectionString: env.DATABASE_URL });
              await client.connect();
              return { query: (text: string) => client.query(text), close: () => client.end() };
            })()
          : await (async () => {
              const { PGlite } = await import('@electric-sql/pglite');
              const client = new PGlite(join(dir, 'pglite'));
              return { query: (text: string) => client.exec(text), close: () => client.close() };
            })();
        await raw.query(
          `insert into runs (run_date, run_at, engine) values ('2026-01-06', '2026-01-05T23:00:00Z', 'in-process');
       insert into marketplace_health (run_id, marketplace, checks, unknown, parse_failed, quarantined, why)
         select id, 'voso', 40, 1, 0, false, null from runs;`,
        );
        await raw.close();

        const upgraded = await openStore(options);
        try {
          expect(await columns(upgraded)).toContain('held');
          await importProducts(upgraded.db, `${EXAMPLES}san-pham-mau.csv`);
          const health = (await upgraded.db.execute(
            sql`select marketplace, checks, held, previously_active from marketplace_health`,
          )) as unknown as { rows: unknown[] };
          expect(health.rows).toEqual([{ marketplace: 'voso', checks: 40, held: false, previously_active: 0 }]);
        } finally {
          await upgraded.close();
        }
        expect(existsSync(old)).toBe(true);
      },
      120_000,
    );
  });
});
