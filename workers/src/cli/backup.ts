import { backupStore, restoreStore } from '@ocop-monitor/monitor';
import type { Runtime } from '../runtime.ts';
import { UsageError } from './usage-error.ts';

const storeOf = (runtime: Runtime) => ({ databaseUrl: runtime.config.databaseUrl, dataDir: runtime.config.dataDir });

/** `ocop-monitor backup --out FILE`: the whole store in one file (pg_dump, or PGlite's folder dump). */
export async function backupCommand(runtime: Runtime, options: { out?: string }): Promise<void> {
  if (!options.out) throw new UsageError('say where to write the backup: --out <file>');
  const result = await backupStore(storeOf(runtime), options.out);
  process.stdout.write(
    `Đã sao lưu / backed up the ${result.kind === 'pglite' ? 'embedded store' : 'PostgreSQL database'} to ${options.out} (${Math.round(result.bytes / 1024)} KiB)\n`,
  );
}

/** `ocop-monitor restore FILE [--force]`: puts a backup back; an existing store is replaced only with --force. */
export async function restoreCommand(runtime: Runtime, file: string, options: { force?: boolean }): Promise<void> {
  const result = await restoreStore(storeOf(runtime), file, { force: Boolean(options.force) });
  process.stdout.write(
    `Đã khôi phục / restored ${file}${result.keptAside ? `; the store it replaced is kept at ${result.keptAside}` : ''}. ` +
      'The next command brings its schema up to date.\n',
  );
}
