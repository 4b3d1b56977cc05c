import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { queryRows } from './query-rows.ts';
import * as schema from './schema.ts';
import { lockEmbeddedStore } from './store-lock.ts';

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface Store {
  db: Database;
  /** `pglite` (embedded, one process) or `postgres` (shared by several processes). */
  kind: 'pglite' | 'postgres';
  /** Where the data is, for messages: a directory or the URL without its password. */
  location: string;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** PostgreSQL URL; without one the store is PGlite under `dataDir`. */
  databaseUrl?: string | undefined;
  /** PGlite's directory (default ./data/pglite); `memory://` keeps it in memory. */
  dataDir?: string;
  /**
   * Told when PostgreSQL drops an idle pooled connection (a server restart, a failover, an admin
   * terminating sessions). The pool replaces the connection on next use; default: one line on stderr.
   */
  onIdleConnectionError?: (error: Error) => void;
}

const MIGRATIONS = fileURLToPath(new URL('../../migrations', import.meta.url));

/** The store cannot be opened (PostgreSQL unreachable, the data folder unusable); the message says what to do. */
export class StoreOpenError extends Error {
  override readonly name = 'StoreOpenError';
}

/** A database migrated by newer code than this one is refused: its schema may mean other things. */
export class StoreVersionError extends Error {
  override readonly name = 'StoreVersionError';
}

function latestKnownMigration(): { tag: string; when: number } {
  const journal = JSON.parse(readFileSync(`${MIGRATIONS}/meta/_journal.json`, 'utf8')) as {
    entries: Array<{ tag: string; when: number }>;
  };
  const last = journal.entries.at(-1);
  if (!last) throw new Error('the migrations journal is empty');
  return last;
}

async function refuseNewerDatabase(db: Database, location: string): Promise<void> {
  const [table] = await queryRows<{ name: string | null }>(
    db,
    sql`select to_regclass('drizzle.__drizzle_migrations')::text as name`,
  );
  if (!table?.name) return;
  const [row] = await queryRows<{ applied: string | null }>(
    db,
    sql`select max(created_at)::text as applied from drizzle.__drizzle_migrations`,
  );
  const applied = Number(row?.applied ?? 0);
  const known = latestKnownMigration();
  if (applied > known.when) {
    throw new StoreVersionError(
      `The database at ${location} was migrated by a newer ocop-monitor (migration of ${new Date(applied).toISOString()}); ` +
        `this version knows migrations up to ${known.tag}. Upgrade ocop-monitor, or point DATABASE_URL elsewhere.`,
    );
  }
}

/** Opens the store and brings its schema up to date (safe to call from several processes at once). */
export async function openStore(options: StoreOptions = {}): Promise<Store> {
  if (options.databaseUrl) {
    // Each driver is loaded only when used: drizzle's PGlite driver alone costs a worker ~250 MB of RSS.
    const [{ default: pg }, { drizzle: drizzlePostgres }, { migrate: migratePostgres }] = await Promise.all([
      import('pg'),
      import('drizzle-orm/node-postgres'),
      import('drizzle-orm/node-postgres/migrator'),
    ]);
    const location = options.databaseUrl.replace(/\/\/([^:@/]+):[^@/]+@/u, '//$1:***@');
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 10 });
    // Without a listener, an idle connection killed by the server is an uncaught error that ends the process.
    // pool.end() returns before the server has seen every connection go: errors after it are not news.
    let closing = false;
    pool.on('error', (error) => {
      if (closing) return;
      if (options.onIdleConnectionError) options.onIdleConnectionError(error);
      else
        process.stderr.write(
          `ocop-monitor: PostgreSQL closed an idle connection (${error.message}); it will reconnect\n`,
        );
    });
    const db = drizzlePostgres({ client: pool, schema }) as unknown as Database;
    const lock = await pool.connect().catch(async (error: Error) => {
      await pool.end();
      throw new StoreOpenError(
        `cannot open PostgreSQL at ${location}: ${error.message}. Check DATABASE_URL (or unset it to use the embedded store in ./data)`,
        { cause: error },
      );
    });
    try {
      // Workers starting together must not migrate together.
      await lock.query("select pg_advisory_lock(hashtext('ocop-monitor:migrate'))");
      await refuseNewerDatabase(db, location);
      await migratePostgres(drizzlePostgres({ client: pool, schema }), { migrationsFolder: MIGRATIONS });
    } catch (error) {
      lock.release();
      await pool.end();
      throw error;
    }
    await lock.query("select pg_advisory_unlock(hashtext('ocop-monitor:migrate'))");
    lock.release();
    return {
      db,
      kind: 'postgres',
      location,
      close: () => {
        closing = true;
        return pool.end();
      },
    };
  }
  const [{ PGlite }, { drizzle: drizzlePglite }, { migrate: migratePglite }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('drizzle-orm/pglite'),
    import('drizzle-orm/pglite/migrator'),
  ]);
  const dataDir = options.dataDir ?? './data/pglite';
  // A first run in an empty folder: PGlite creates its own folder but not the parents.
  if (!dataDir.includes('://')) {
    try {
      mkdirSync(dataDir, { recursive: true });
    } catch (error) {
      throw new StoreOpenError(
        `cannot use ${dataDir} for the embedded store: ${(error as Error).message}. Set dataDir in your --config file to a folder you can write`,
        { cause: error },
      );
    }
  }
  const release = dataDir.includes('://') ? () => {} : lockEmbeddedStore(dataDir);
  const client = new PGlite(dataDir);
  const db = drizzlePglite({ client, schema }) as unknown as Database;
  try {
    await refuseNewerDatabase(db, dataDir);
    await migratePglite(drizzlePglite({ client, schema }), { migrationsFolder: MIGRATIONS });
  } catch (error) {
    await client.close();
    release();
    throw error;
  }
  return {
    db,
    kind: 'pglite',
    location: dataDir,
    close: async () => {
      await client.close();
      release();
    },
  };
}
