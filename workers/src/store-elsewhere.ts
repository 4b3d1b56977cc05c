import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from './cli/usage-error.ts';

/** Where the install steps (docs/operator.md) put the service's store. */
const SERVICE_STORE = '/var/lib/ocop-monitor/data/pglite';

const holdsStore = (dir: string) => existsSync(join(dir, 'PG_VERSION'));

/** Whether the folder could be made: its nearest existing ancestor is a folder. */
function creatable(dir: string): boolean {
  let at = dir;
  while (!existsSync(at) && dirname(at) !== at) at = dirname(at);
  return statSync(at).isDirectory();
}

/**
 * A command about to create a new, empty embedded store while the province's store is somewhere
 * else (the default folder of the folder it runs in, or the service's) stops and says where: an
 * import or `users add` into the wrong store reports success and is never seen by the service.
 * `--new-store` creates it anyway.
 */
export function refuseNewStoreBesideInstall(dataDir: string, cwd = process.cwd()): void {
  if (dataDir.includes('://') || holdsStore(dataDir)) return;
  const target = resolve(dataDir);
  if (!creatable(target)) return; // opening it fails with its own message: nothing would be created
  const found = [resolve(cwd, 'data/pglite'), SERVICE_STORE].find((dir) => dir !== target && holdsStore(dir));
  if (!found) return;
  throw new UsageError(
    `không có kho dữ liệu ở / there is no store at ${target}, but there is one at ${found}: ` +
      `set dataDir: ${found} in your --config file (a relative dataDir is the config file's folder), ` +
      `or pass --new-store to create an empty store at ${target}`,
  );
}
