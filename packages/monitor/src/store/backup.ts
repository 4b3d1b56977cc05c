import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { promisify } from 'node:util';
import { openStore, StoreOpenError, type StoreOptions } from './open-store.ts';
import { awaitOwner, ownerTakes, requestOfOwner } from './owner-requests.ts';
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
 * Writes the whole store to `file`: PostgreSQL with `pg_dump --format=custom` (DATABASE_URL), the
 * embedded store as PGlite's own data-folder dump (a gzip'd tarball). While the service (`start`,
 * `serve`) holds the embedded store, the service writes the dump on request (the nightly timer
 * runs beside it); pg_dump reads one consistent snapshot.
 */
export async function backupStore(
  options: StoreOptions,
  file: string,
): Promise<{ kind: 'postgres' | 'pglite'; bytes: number }> {
  if (options.databaseUrl) {
    await pgTool('pg_dump', ['--format=custom', '--no-owner', '--file', file, '--dbname', options.databaseUrl]);
    return { kind: 'postgres', bytes: readFileSync(file).length };
  }
  const dataDir = options.dataDir ?? './data/pglite';
  if (!existsSync(dataDir) || readdirSync(dataDir).length === 0)
    throw new BackupError(`there is no store at ${dataDir} to back up`);
  let release: () => void;
  try {
    release = lockEmbeddedStore(dataDir);
  } catch (error) {
    // The service holds it open: it takes the dump itself, between its other work.
    if (error instanceof StoreLockedError && error.owner && ownerTakes(error.owner.name, 'backup'))
      return { kind: 'pglite', bytes: await backupThroughOwner(dataDir, resolve(file)) };
    throw error;
  }
  const { PGlite } = await import('@electric-sql/pglite');
  // `create` waits for the database to be up; a dump asked of a PGlite still starting never settles.
  const client = await PGlite.create(dataDir);
  try {
    const dump = await client.dumpDataDir('gzip');
    const bytes = Buffer.from(await dump.arrayBuffer());
    writeFileSync(file, bytes, { mode: 0o600 }); // the store holds phone numbers and password hashes
    return { kind: 'pglite', bytes: bytes.length };
  } finally {
    await client.close();
    release();
  }
}

/** How long a backup through the service may take once it has begun (a province's store dumps in seconds). */
const BACKUP_WITHIN_MS = 10 * 60_000;

async function backupThroughOwner(dataDir: string, file: string): Promise<number> {
  const store = await openStore({ dataDir });
  try {
    const owner = store.owner ? `process ${store.owner.pid} (ocop-monitor ${store.owner.command})` : 'the owner';
    const id = await requestOfOwner(store.db, 'backup', file, `backup (process ${process.pid})`);
    const outcome = await awaitOwner(store.db, id, owner, { takenWithinMs: 30_000, doneWithinMs: BACKUP_WITHIN_MS });
    const written = /^written (\d+)$/u.exec(outcome);
    if (!written) throw new BackupError(`${owner} could not write ${file}: ${outcome.replace(/^failed: /u, '')}`);
    return Number(written[1]);
  } finally {
    await store.close();
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
