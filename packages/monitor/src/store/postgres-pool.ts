import type { PoolConfig } from 'pg';
import type { Database } from './open-store.ts';

/**
 * A node-postgres pool with drizzle on it: for DATABASE_URL, and for an embedded store reached
 * through its owner's socket (the same driver path). Each driver is loaded only when used:
 * drizzle's PGlite driver alone costs a process ~250 MB of RSS.
 */
export async function connectPostgres(
  config: PoolConfig,
  onIdleConnectionError?: (error: Error) => void,
): Promise<{ db: Database; pool: import('pg').Pool; close(): Promise<void> }> {
  const [{ default: pg }, { drizzle }, schema] = await Promise.all([
    import('pg'),
    import('drizzle-orm/node-postgres'),
    import('./schema.ts'),
  ]);
  const pool = new pg.Pool(config);
  // Without a listener, an idle connection killed by the server is an uncaught error that ends the process.
  // pool.end() returns before the server has seen every connection go: errors after it are not news.
  let closing = false;
  pool.on('error', (error) => {
    if (closing) return;
    if (onIdleConnectionError) onIdleConnectionError(error);
    else
      process.stderr.write(
        `ocop-monitor: PostgreSQL closed an idle connection (${error.message}); it will reconnect\n`,
      );
  });
  return {
    db: drizzle({ client: pool, schema }) as unknown as Database,
    pool,
    close: () => {
      closing = true;
      return pool.end();
    },
  };
}
