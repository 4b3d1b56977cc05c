import { chmodSync, lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The embedded store holds producers' phones and the dashboard's password hashes: its folder and
 * everything in it are this user's only (folders 0700, files 0600). PGlite creates its files 0666
 * less the umask, and a store made by an earlier release under a 0755 home was readable, and
 * writable, by other local users. Returns how many entries were corrected where others could
 * reach them (the folder itself was open to them); files PGlite made 0666 behind a 0700 folder are
 * corrected silently.
 */
export function makeStorePrivate(dataDir: string): number {
  const exposed = (lstatSync(dataDir).mode & 0o077) !== 0;
  let corrected = 0;
  const fix = (path: string) => {
    const stat = lstatSync(path);
    if (stat.isSymbolicLink()) return; // never follow a link out of the store
    const wanted = stat.isDirectory() ? 0o700 : 0o600;
    if ((stat.mode & 0o777) !== wanted) {
      chmodSync(path, wanted);
      corrected += 1;
    }
    if (stat.isDirectory()) for (const entry of readdirSync(path)) fix(join(path, entry));
  };
  fix(dataDir);
  return exposed ? corrected : 0;
}
