import { openStore, type Store } from '@ocop-monitor/monitor';
import pg from 'pg';

const POSTGRES_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * PostgreSQL for tests: found at DATABASE_URL or the default port. Missing on a laptop, its tests
 * are skipped with a message naming it; with CI=true a missing server fails the run.
 */
const postgresAvailable = await postgresReachable();
if (!postgresAvailable) {
  const message = `PostgreSQL is not reachable at ${POSTGRES_URL.replace(/:[^:@/]+@/u, ':***@')}`;
  if (process.env.CI === 'true') throw new Error(`${message}: CI needs it`);
  console.warn(`${message}: its store tests are skipped`);
}

/** An empty database of its own (for tests that share it between processes); `drop` removes it. */
export async function createPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `ocop_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    url: url.href,
    async drop() {
      const cleanup = new pg.Client({ connectionString: POSTGRES_URL });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

export { postgresAvailable };

/** A fresh database per store so tests never see each other's rows; dropped on close. */
async function openFreshPostgres(): Promise<Store & { reopen(): Promise<Store> }> {
  const database = await createPostgresDatabase();
  const store = await openStore({ databaseUrl: database.url });
  return {
    ...store,
    async close() {
      await store.close();
      await database.drop();
    },
    reopen: () => openStore({ databaseUrl: database.url }),
  };
}

export interface StoreTarget {
  name: string;
  available: boolean;
  /** A new empty store; `reopen` opens the same data again as another process would (for PGlite, after this one closed). */
  open(): Promise<Store & { reopen(): Promise<Store> }>;
}

export const STORE_TARGETS: StoreTarget[] = [
  {
    name: 'PGlite',
    available: true,
    async open() {
      const { mkdtempSync, rmSync } = await import('node:fs');
      const { tmpdir } = await import('node:os');
      const { join } = await import('node:path');
      const dir = mkdtempSync(join(tmpdir(), 'ocop-pglite-'));
      const store = await openStore({ dataDir: dir });
      let closed = false;
      const closeOnce = async () => {
        if (!closed) await store.close();
        closed = true;
      };
      return {
        ...store,
        async close() {
          await closeOnce();
          rmSync(dir, { recursive: true, force: true });
        },
        // The embedded store has one owner: the next process opens it after this one has ended.
        reopen: async () => {
          await closeOnce();
          return openStore({ dataDir: dir });
        },
      };
    },
  },
  { name: 'PostgreSQL', available: postgresAvailable, open: openFreshPostgres },
];
