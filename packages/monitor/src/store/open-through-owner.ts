import { checkMigrations } from './migrations.ts';
import type { Store } from './open-store.ts';
import { connectPostgres } from './postgres-pool.ts';
import { StoreLockedError } from './store-lock.ts';
import { SOCKET_PORT } from './store-server.ts';

/** How long a command waits for an owner that is still starting (a first start migrates for seconds). */
const OWNER_STARTUP_MS = 20_000;

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * The embedded store through the process that owns it (DESIGN §10): PostgreSQL's driver over the
 * owner's Unix socket. The owner migrated the store; this command checks that its own code expects
 * exactly that schema. An owner that dies while we wait is taken over (`retake`); one that lives
 * but does not answer is reported (exit 3).
 */
export async function openThroughOwner(
  dataDir: string,
  locked: StoreLockedError,
  retake: () => Promise<Store>,
): Promise<Store> {
  const owner = locked.owner;
  if (!owner?.socket) throw locked;
  const who = `process ${owner.pid} (ocop-monitor ${owner.command})`;
  const deadline = Date.now() + OWNER_STARTUP_MS;
  let lastError: Error | null = null;
  for (;;) {
    // An idle connection the owner drops means the owner stopped: the next query says so, and what to do.
    const pool = await connectPostgres(
      {
        host: owner.socket,
        port: SOCKET_PORT,
        user: 'postgres',
        database: 'postgres',
        max: 1, // one session, as the embedded store itself has
        connectionTimeoutMillis: 5_000,
      },
      () => {},
    );
    try {
      await pool.pool.query('select 1');
      await checkMigrations(pool.db, dataDir, 'exact', who);
      return {
        db: pool.db,
        kind: 'owner',
        location: `${dataDir} (through ${who})`,
        owner: { pid: owner.pid, command: owner.command, name: owner.name },
        close: pool.close,
      };
    } catch (error) {
      await pool.close().catch(() => {});
      if ((error as Error).name === 'StoreVersionError') throw error;
      if ((error as NodeJS.ErrnoException).code === 'EACCES')
        throw new StoreLockedError(
          `the embedded store at ${dataDir} is served by ${who} to its own user only: run the command as that user ` +
            `(e.g. sudo -u ocop ocop-monitor …), the owner of ${owner.socket}.`,
          owner,
        );
      lastError = error as Error;
    }
    if (!alive(owner.pid)) return retake();
    if (Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new StoreLockedError(
    `${locked.message.replace(/ Wait for it.*$/u, '')} It does not answer at ${owner.socket} (${lastError?.message ?? 'no answer'}): ` +
      'wait for it to finish starting, or restart it.',
    owner,
  );
}
