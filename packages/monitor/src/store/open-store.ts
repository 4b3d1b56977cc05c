import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { checkMigrations, MIGRATIONS } from './migrations.ts';
import { openThroughOwner } from './open-through-owner.ts';
import { PGLITE_SETTINGS } from './pglite-settings.ts';
import { connectPostgres } from './postgres-pool.ts';
import type * as schema from './schema.ts';
import { lockEmbeddedStore, StoreLockedError } from './store-lock.ts';
import { makeStorePrivate } from './store-permissions.ts';
import { type StoreServer, serveStore, socketDirOf } from './store-server.ts';
import { readStoreTemplate } from './store-template.ts';

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface Store {
  db: Database;
  /**
   * `pglite` (embedded, this process owns it), `owner` (embedded, reached through the process that
   * owns it) or `postgres` (shared by several processes).
   */
  kind: 'pglite' | 'owner' | 'postgres';
  /** Where the data is, for messages: a directory or the URL without its password. */
  location: string;
  /** For `owner`: the process that owns the store and serves it (whether it runs checks depends on its command). */
  owner?: { pid: number; command: string; name: string };
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
  /** Told once when the embedded store's files were readable by others and were made private; default: one line on stderr. */
  onPermissionsCorrected?: (message: string) => void;
  /** The owner of an embedded store serves it to other commands (default); false keeps it private. */
  serve?: boolean;
  /**
   * A folder holding a new store ready-made (`writeStoreTemplate`): a store created from it skips
   * PGlite's initdb and the migrations — seconds and ~300 MB of peak memory. Without one, or
   * without the template of this PGlite and schema in it, a new store is created from scratch.
   */
  templateDir?: string | undefined;
}

export { StoreVersionError } from './migrations.ts';

/** The store cannot be opened (PostgreSQL unreachable, the data folder unusable); the message says what to do. */
export class StoreOpenError extends Error {
  override readonly name = 'StoreOpenError';
}

/** Opens the store and brings its schema up to date (safe to call from several processes at once). */
export async function openStore(options: StoreOptions = {}): Promise<Store> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options);
  return openEmbedded(options);
}

async function openPostgres(databaseUrl: string, options: StoreOptions): Promise<Store> {
  const location = databaseUrl.replace(/\/\/([^:@/]+):[^@/]+@/u, '//$1:***@');
  const pool = await connectPostgres({ connectionString: databaseUrl, max: 10 }, options.onIdleConnectionError);
  const client = await pool.pool.connect().catch(async (error: Error) => {
    await pool.close();
    throw new StoreOpenError(
      `cannot open PostgreSQL at ${location}: ${error.message}. Check DATABASE_URL (or unset it to use the embedded store in ./data)`,
      { cause: error },
    );
  });
  try {
    // Workers starting together must not migrate together.
    await client.query("select pg_advisory_lock(hashtext('ocop-monitor:migrate'))");
    await checkMigrations(pool.db, location, 'newer');
    const { migrate } = await import('drizzle-orm/node-postgres/migrator');
    await migrate(pool.db as never, { migrationsFolder: MIGRATIONS });
    await client.query("select pg_advisory_unlock(hashtext('ocop-monitor:migrate'))");
  } catch (error) {
    client.release();
    await pool.close();
    throw error;
  }
  client.release();
  return { db: pool.db, kind: 'postgres', location, close: pool.close };
}

async function openEmbedded(options: StoreOptions): Promise<Store> {
  const dataDir = options.dataDir ?? './data/pglite';
  const inMemory = dataDir.includes('://');
  // A first run in an empty folder: PGlite creates its own folder but not the parents.
  if (!inMemory) {
    try {
      mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    } catch (error) {
      throw new StoreOpenError(
        `cannot use ${dataDir} for the embedded store: ${(error as Error).message}. Set dataDir in your --config file to a folder you can write`,
        { cause: error },
      );
    }
  }
  const socketDir = inMemory || options.serve === false ? null : socketDirOf(dataDir);
  let release = () => {};
  if (!inMemory) {
    try {
      release = lockEmbeddedStore(dataDir, { socket: socketDir });
    } catch (error) {
      // Another process owns it: work through that owner, as a PostgreSQL client would.
      if (error instanceof StoreLockedError && error.owner?.socket)
        return openThroughOwner(dataDir, error, () => openEmbedded(options));
      throw error;
    }
  }
  if (!inMemory) {
    // The owner creates the store's files (and its exports and backups) for this user only.
    try {
      process.umask(0o077);
    } catch {
      // a worker thread cannot change the process's umask; the folder's mode still closes it
    }
    const corrected = makeStorePrivate(dataDir);
    if (corrected > 0)
      (options.onPermissionsCorrected ?? ((line) => process.stderr.write(`ocop-monitor: ${line}\n`)))(
        `đã khoá quyền đọc / made private ${corrected} files and folders of the store at ${dataDir} ` +
          '(0600/0700): other users of this machine could read them',
      );
  }
  const [{ PGlite }, { drizzle }, { migrate }, schema] = await Promise.all([
    import('@electric-sql/pglite'),
    import('drizzle-orm/pglite'),
    import('drizzle-orm/pglite/migrator'),
    import('./schema.ts'),
  ]);
  const template = options.templateDir ? readStoreTemplate(options.templateDir, dataDir) : null;
  const client = new PGlite(dataDir, {
    startParams: [...PGlite.defaultStartParams, ...PGLITE_SETTINGS],
    ...(template ? { loadDataDir: template } : {}),
  });
  const db = drizzle({ client, schema }) as unknown as Database;
  let server: StoreServer | null = null;
  try {
    await checkMigrations(db, dataDir, 'newer');
    await migrate(drizzle({ client, schema }), { migrationsFolder: MIGRATIONS });
    // PGlite writes a new store's files 0666 whatever the umask: closed at once (its folder, 0700, guards later ones).
    if (!inMemory) makeStorePrivate(dataDir);
    if (socketDir) server = await serveStore(client, socketDir, { dataDir: resolve(dataDir) });
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
      // Commands working through this owner finish first (a short grace), then the store closes.
      await server?.close();
      await client.close();
      release();
    },
  };
}
