import { mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { SOCKET_PORT, type StoreServer, serveStore, socketDirOf } from './store-server.ts';

// The owner's socket server with PGlite and node-postgres, as `start` and a command beside it use
// them: what one client does inside a transaction is never interleaved with another's, or with the
// owner's own work, and a client that vanishes mid-transaction leaves nothing behind.

const opened: Array<{ db: PGlite; server: StoreServer }> = [];
const clients: pg.Client[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) await client.end().catch(() => {});
  for (const { db, server } of opened.splice(0)) {
    await server.close(0);
    await db.close();
  }
});

async function owner(options: { stalledMs?: number } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'ocop-serve-'));
  const db = await PGlite.create(join(dir, 'pglite'));
  await db.exec('create table t (n int not null)');
  const server = await serveStore(db, socketDirOf(join(dir, 'pglite')), options);
  opened.push({ db, server });
  return { db, server, dir };
}

async function client(socketDir: string): Promise<pg.Client> {
  const c = new pg.Client({ host: socketDir, port: SOCKET_PORT, user: 'postgres', database: 'postgres' });
  c.on('error', () => {}); // a connection the server cuts is part of the test
  await c.connect();
  clients.push(c);
  return c;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const count = async (db: PGlite) => (await db.query<{ n: number }>('select count(*)::int as n from t')).rows[0]?.n;

describe("the embedded store's owner serves it on a Unix socket", { timeout: 120_000 }, () => {
  it('a transaction is one unit: another client and the owner wait for its end, and see all of it', async () => {
    const { db, server } = await owner();
    const a = await client(server.socketDir);
    const b = await client(server.socketDir);
    await a.query('begin');
    await a.query('insert into t values (1)');
    const seenByB = b.query<{ ns: number[] }>('select coalesce(array_agg(n order by n), $1) as ns from t', ['{}']);
    const ownerInsert = db.query('insert into t values (3)');
    await sleep(300);
    await a.query('insert into t values ($1)', [2]);
    await a.query('commit');
    const [bRows] = await Promise.all([seenByB, ownerInsert]);
    // Both of A's rows, never one or none: B ran after A's unit (before or after the owner's insert).
    expect(bRows.rows[0]?.ns.filter((n) => n !== 3)).toEqual([1, 2]);
    expect(await count(db)).toBe(3);
  });

  it("one client's error inside its transaction does not leak into another's", async () => {
    const { db, server } = await owner();
    const a = await client(server.socketDir);
    const b = await client(server.socketDir);
    await a.query('begin');
    await expect(a.query('insert into t values (null)')).rejects.toThrow(/null value/u);
    const fromB = b.query('insert into t values (7)');
    await a.query('rollback');
    await fromB;
    expect((await db.query<{ n: number }>('select n from t')).rows).toEqual([{ n: 7 }]);
  });

  it('a client that vanishes mid-transaction is rolled back and holds nobody up', async () => {
    const { db, server } = await owner();
    const a = await client(server.socketDir);
    await a.query('begin');
    await a.query('insert into t values (1)');
    const waiting = db.query('insert into t values (2)'); // the owner's own write waits for A's unit
    (a as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy(); // killed, no Terminate
    await waiting;
    expect((await db.query<{ n: number }>('select n from t')).rows).toEqual([{ n: 2 }]);
    const c = await client(server.socketDir);
    expect((await c.query('select count(*)::int as n from t')).rows[0]?.n).toBe(1);
  });

  it('a client idle inside a transaction past the limit is cut off, and its work undone', async () => {
    const { db, server } = await owner({ stalledMs: 400 });
    const a = await client(server.socketDir);
    const b = await client(server.socketDir);
    await a.query('begin');
    await a.query('insert into t values (1)');
    const started = Date.now();
    await b.query('insert into t values (2)'); // waits for the cut-off, not forever
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    await expect(a.query('commit')).rejects.toThrow();
    expect((await db.query<{ n: number }>('select n from t')).rows).toEqual([{ n: 2 }]);
  });

  it('a client ending its session (Terminate) leaves the store open for the others', async () => {
    const { db, server } = await owner();
    const a = await client(server.socketDir);
    await a.query('insert into t values (1)');
    await a.end();
    const b = await client(server.socketDir);
    await b.query('insert into t values (2)');
    expect(await count(db)).toBe(2);
  });

  it('replaces a socket left by a killed owner; only its user can open the folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ocop-serve-'));
    const socketDir = socketDirOf(join(dir, 'pglite'));
    mkdirSync(socketDir, { mode: 0o755 });
    writeFileSync(join(socketDir, `.s.PGSQL.${SOCKET_PORT}`), 'left behind');
    const db = await PGlite.create(join(dir, 'pglite'));
    const server = await serveStore(db, socketDir);
    opened.push({ db, server });
    expect(statSync(socketDir).mode & 0o777).toBe(0o700);
    const c = await client(socketDir);
    expect((await c.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
  });

  it('keeps the socket path within what Linux allows, in a folder nobody could prepare in advance', () => {
    const deep = join(tmpdir(), 'a'.repeat(60), 'b'.repeat(60), 'pglite');
    const socketDir = socketDirOf(deep);
    expect(join(socketDir, `.s.PGSQL.${SOCKET_PORT}`).length).toBeLessThanOrEqual(107);
    expect(statSync(socketDir).mode & 0o777).toBe(0o700); // created by the owner, with a random name
    expect(socketDirOf(deep)).not.toBe(socketDir);
    expect(socketDirOf('/srv/ocop/data/pglite')).toBe('/srv/ocop/data/pglite.socket');
  });
});
