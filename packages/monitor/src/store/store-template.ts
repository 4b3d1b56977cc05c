import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { latestKnownMigration, MIGRATIONS } from './migrations.ts';
import { PGLITE_SETTINGS } from './pglite-settings.ts';

/**
 * A new embedded store, ready-made: PGlite's initdb runs a second and a third WebAssembly
 * instance beside the first (~4 s and ~580 MB of peak memory on a two-core machine), which a
 * province's first command and every demo would otherwise pay. A template is PGlite's own dump of
 * a store just created and migrated; it is named after the PGlite release and the schema's last
 * migration, so that only code of the same two ever loads it.
 */
function pgliteVersion(): string {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const manifest = join(entry, '../../package.json'); // dist/index.cjs → the package
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

export function storeTemplateName(): string {
  return `pglite-${pgliteVersion()}-${latestKnownMigration().tag}.tar.gz`;
}

/** The template for a store about to be created at `dataDir` (none for one that exists, or none made). */
export function readStoreTemplate(templateDir: string, dataDir: string): Blob | null {
  const isNew = dataDir.includes('://') || !existsSync(join(dataDir, 'PG_VERSION'));
  const file = join(templateDir, storeTemplateName());
  if (!isNew || !existsSync(file)) return null;
  return new Blob([readFileSync(file)]);
}

/** Makes the template in `templateDir` unless it is there; returns its path. */
export async function writeStoreTemplate(templateDir: string): Promise<string> {
  const file = join(templateDir, storeTemplateName());
  if (existsSync(file)) return file;
  const [{ PGlite }, { drizzle }, { migrate }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('drizzle-orm/pglite'),
    import('drizzle-orm/pglite/migrator'),
  ]);
  const client = await PGlite.create('memory://', { startParams: [...PGlite.defaultStartParams, ...PGLITE_SETTINGS] });
  try {
    await migrate(drizzle({ client }), { migrationsFolder: MIGRATIONS });
    await client.exec('CHECKPOINT');
    const dump = Buffer.from(await (await client.dumpDataDir('gzip')).arrayBuffer());
    mkdirSync(templateDir, { recursive: true });
    writeFileSync(`${file}.${process.pid}`, dump);
    renameSync(`${file}.${process.pid}`, file); // whole or not at all: commands may read it at any time
  } finally {
    await client.close();
  }
  return file;
}
