import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import { dumpDataDir, dumpFromOwner, writeDump } from './backup-stream.ts';
import { StoreOpenError, type StoreOptions } from './open-store.ts';
import { PGLITE_SETTINGS } from './pglite-settings.ts';
import { lockEmbeddedStore, StoreLockedError } from './store-lock.ts';

const run = promisify(execFile);

/** A backup or restore that cannot be done as asked; the message says what to do. */
export class BackupError extends Error {
  override readonly name = 'BackupError';
}

const GZIP = [0x1f, 0x8b];
const PG_CUSTOM_DUMP = 'PGDMP';

async function pgTool(tool: 'pg_dump' | 'pg_restore', args: string[]): Promise<void> {
  try {
    await run(tool, args, { maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const failed = error as NodeJS.ErrnoException & { stderr?: string };
    if (failed.code === 'ENOENT')
      throw new BackupError(
        `${tool} is not installed: sudo apt-get install postgresql-client (the server's version or newer)`,
      );
    throw new BackupError(`${tool} failed: ${(failed.stderr ?? failed.message).trim().split('\n').at(-1)}`);
  }
}

/**
 * Writes the whole store to `file` (relative: to this command's folder), readable by this user
 * only: PostgreSQL with `pg_dump --format=custom` (DATABASE_URL), the embedded store as PGlite's
 * own data-folder dump (a gzip'd tarball). While another process (`start`, `serve`, a `check`)
 * holds the embedded store, it streams the dump to this command, which writes the file; memory
 * stays flat whatever the store's size. pg_dump reads one consistent snapshot.
 */
export async function backupStore(
  options: StoreOptions,
  file: string,
): Promise<{ kind: 'postgres' | 'pglite'; bytes: number }> {
  const target = resolve(file);
  if (options.databaseUrl) {
    const previous = process.umask(0o077); // pg_dump creates the file: this user's only
    try {
      await pgTool('pg_dump', ['--format=custom', '--no-owner', '--file', target, '--dbname', options.databaseUrl]);
    } finally {
      process.umask(previous);
    }
    chmodSync(target, 0o600); // a file that was there before keeps its mode otherwise
    return { kind: 'postgres', bytes: statSync(target).size };
  }
  const dataDir = options.dataDir ?? './data/pglite';
  if (!existsSync(dataDir) || readdirSync(dataDir).length === 0)
    throw new BackupError(`there is no store at ${dataDir} to back up`);
  let release: () => void;
  try {
    release = lockEmbeddedStore(dataDir);
  } catch (error) {
    // Another process holds it open and serves it: it streams the dump, between its other work.
    if (error instanceof StoreLockedError && error.owner?.socket)
      return { kind: 'pglite', bytes: await backupThroughOwner(error.owner, target) };
    throw error;
  }
  const { PGlite } = await import('@electric-sql/pglite');
  // `create` waits for the database to be up; a dump asked of a PGlite still starting never settles.
  const client = await PGlite.create(dataDir, { startParams: [...PGlite.defaultStartParams, ...PGLITE_SETTINGS] });
  try {
    const dump = new PassThrough();
    const [bytes] = await Promise.all([
      writeDump(dump, target),
      dumpDataDir(client, resolve(dataDir), dump).catch((error: Error) => void dump.destroy(error)),
    ]);
    return { kind: 'pglite', bytes };
  } finally {
    await client.close();
    release();
  }
}

async function backupThroughOwner(owner: NonNullable<StoreLockedError['owner']>, file: string): Promise<number> {
  try {
    return await writeDump(dumpFromOwner(owner.socket ?? ''), file);
  } catch (error) {
    throw new BackupError(
      `process ${owner.pid} (ocop-monitor ${owner.command}), which holds the store, did not send a whole backup ` +
        `(${(error as Error).message}); nothing was written to ${file}: see its log, then try again`,
    );
  }
}

function kindOf(content: Buffer): 'postgres' | 'pglite' | null {
  if (content.subarray(0, 5).toString('latin1') === PG_CUSTOM_DUMP) return 'postgres';
  if (content[0] === GZIP[0] && content[1] === GZIP[1]) return 'pglite';
  return null;
}

/**
 * Restores a backup made by `backupStore` into the configured store. A store that already holds
 * data is replaced only with `force`: the embedded store's folder is then kept beside it as
 * `<dataDir>.before-restore-<time>`; PostgreSQL is restored with --clean in one transaction.
 */
export async function restoreStore(
  options: StoreOptions,
  file: string,
  restore: { force?: boolean; now?: Date } = {},
): Promise<{ kind: 'postgres' | 'pglite'; keptAside: string | null }> {
  if (!existsSync(file)) throw new BackupError(`${file} does not exist`);
  const content = readFileSync(file);
  const kind = kindOf(content);
  if (!kind) throw new BackupError(`${file} is not an ocop-monitor backup (neither a pg_dump nor a PGlite dump)`);
  if (kind === 'postgres' && !options.databaseUrl)
    throw new BackupError(`${file} is a PostgreSQL dump: set DATABASE_URL to the database to restore it into`);
  if (kind === 'pglite' && options.databaseUrl)
    throw new BackupError(`${file} is an embedded-store (PGlite) dump: unset DATABASE_URL to restore it into dataDir`);
  if (kind === 'postgres') {
    const url = options.databaseUrl ?? '';
    if (!restore.force && (await postgresHasData(url)))
      throw new BackupError('the database already holds a store: pass --force to replace it');
    await pgTool('pg_restore', ['--clean', '--if-exists', '--no-owner', '--single-transaction', '--dbname', url, file]);
    return { kind, keptAside: null };
  }
  const dataDir = options.dataDir ?? './data/pglite';
  mkdirSync(dirname(dataDir), { recursive: true }); // a restore onto a new machine: nothing there yet
  const release = lockEmbeddedStore(dataDir);
  try {
    return { kind, keptAside: await restorePglite(dataDir, content, restore) };
  } finally {
    release();
  }
}

async function restorePglite(dataDir: string, content: Buffer, restore: { force?: boolean; now?: Date }) {
  let keptAside: string | null = null;
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
    if (!restore.force)
      throw new BackupError(`${dataDir} already holds a store: pass --force to replace it (it is kept beside it)`);
    keptAside = `${dataDir}.before-restore-${(restore.now ?? new Date()).toISOString().replace(/[:.]/gu, '-')}`;
    renameSync(dataDir, keptAside);
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const client = await PGlite.create(dataDir, { loadDataDir: new Blob([content]) }).catch((error: Error) => {
    throw new StoreOpenError(`cannot restore into ${dataDir}: ${error.message}`, { cause: error });
  });
  await client.close();
  return keptAside;
}

async function postgresHasData(url: string): Promise<boolean> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string | null }>("select to_regclass('public.products')::text as name");
    return Boolean(rows[0]?.name);
  } finally {
    await client.end();
  }
}
