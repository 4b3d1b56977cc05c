import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createConnection, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SOCKET_PORT, type StoreServer, serveStore, socketDirOf } from './store-server.ts';

// The owner's socket against clients that misbehave, on purpose or by accident: malformed bytes,
// COPY FROM STDIN through psql, session settings, stalls, a client that never reads. After each,
// a well-behaved client (and the owner's own queries) still get their answers.

const STALLED_MS = 1_500;
let db: PGlite;
let server: StoreServer;
let socketPath: string;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ocop-protocol-'));
  db = await PGlite.create(join(dir, 'pglite'));
  await db.exec('create table t (n int, name text)');
  server = await serveStore(db, socketDirOf(join(dir, 'pglite')), { stalledMs: STALLED_MS });
  socketPath = join(server.socketDir, `.s.PGSQL.${SOCKET_PORT}`);
}, 120_000);

afterAll(async () => {
  await server.close(0);
  await db.close();
});

async function client(): Promise<pg.Client> {
  const c = new pg.Client({ host: server.socketDir, port: SOCKET_PORT, user: 'postgres', database: 'postgres' });
  c.on('error', () => {});
  await c.connect();
  return c;
}

/** A fresh client's answer and the owner's own: what "the others never notice" means. */
async function othersStillAnswered(): Promise<void> {
  const c = await client();
  try {
    expect((await c.query<{ one: number }>('select 1 as one')).rows).toEqual([{ one: 1 }]);
    const settings = await c.query<{ e: string; p: string }>(
      "select current_setting('client_encoding') as e, current_setting('search_path') as p",
    );
    expect(settings.rows).toEqual([{ e: 'UTF8', p: 'public' }]);
  } finally {
    await c.end();
  }
  expect((await db.query<{ two: number }>('select 2 as two')).rows).toEqual([{ two: 2 }]);
}

/** Debian's psql (postgresql-client) against the owner, its input closed as in a script. */
function psql(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = { ...process.env, PGHOST: server.socketDir, PGPORT: String(SOCKET_PORT), PGUSER: 'postgres' };
  const child = spawn('psql', ['-X', '-d', 'postgres', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

function startup(terminated = true): Buffer {
  const body = Buffer.from(`user\0postgres\0database\0postgres\0${terminated ? '\0' : ''}`, 'latin1');
  const message = Buffer.alloc(8 + body.length);
  message.writeInt32BE(message.length, 0);
  message.writeInt32BE(196608, 4);
  body.copy(message, 8);
  return message;
}

/** Sends `bytes` on a raw connection; resolves with all it was answered once the owner closes it (or after `ms`). */
function rawExchange(bytes: Buffer[], ms = STALLED_MS * 3): Promise<Buffer> {
  return new Promise((resolve) => {
    const socket: Socket = createConnection(socketPath);
    const answers: Buffer[] = [];
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(Buffer.concat(answers));
    };
    const timer = setTimeout(done, ms);
    socket.on('data', (chunk) => answers.push(chunk));
    socket.on('close', done);
    socket.on('error', done);
    socket.on('connect', () => {
      for (const part of bytes) socket.write(part);
    });
  });
}

describe("the store's owner survives any client", { timeout: 120_000 }, () => {
  it.each([
    ['a Sync of the wrong length', Buffer.from([0x5a, 0, 0, 0, 4])],
    ['a length of zero', Buffer.from([0x51, 0, 0, 0, 0])],
    ['a negative length', Buffer.from([0x51, 0xff, 0xff, 0xff, 0xf0])],
    ['a type byte 0x00', Buffer.from([0, 0, 0, 0, 8, 1, 2, 3, 4])],
    ['a 2 GB message', Buffer.from([0x51, 0x7f, 0xff, 0xff, 0xff, 0x41])],
    ['a query without its zero byte', Buffer.from([0x51, 0, 0, 0, 6, 0x41, 0x42])],
    ['a Bind with more parameters than bytes', Buffer.from([0x42, 0, 0, 0, 10, 0, 0, 0, 0, 0, 9])],
  ])('%s after a valid startup: told so, dropped, the others answered', async (_case, bad) => {
    const answer = await rawExchange([startup(), bad]);
    expect(answer.toString('latin1')).toContain('08P01');
    await othersStillAnswered();
  });

  it('a startup without its final zero byte is refused; the owner keeps serving', async () => {
    const answer = await rawExchange([startup(false)]);
    expect(answer.toString('latin1')).toContain('08P01');
    await othersStillAnswered();
  });

  it("psql's \\copy from stdin is refused with a sentence, inside and outside a transaction", async () => {
    const copied = await psql('-c', '\\copy t from stdin');
    expect(copied.code).toBe(1);
    expect(copied.stderr).toContain('COPY … FROM STDIN');
    const inTransaction = await psql(
      ...['begin', 'copy t from stdin', 'select 1', 'rollback', 'select 42 as answer'].flatMap((sql) => ['-c', sql]),
    );
    expect(inTransaction.stderr).toContain('COPY … FROM STDIN');
    expect(inTransaction.stderr).toContain('current transaction is aborted'); // PGlite's own state, kept right
    expect(inTransaction.stdout).toMatch(/answer\s+-+\s+42/u);
    await othersStillAnswered();
    expect((await db.query('select * from t')).rows).toEqual([]);
  });

  it('session settings end with the unit that made them: the next client, and the owner, start afresh', async () => {
    const a = await client();
    await a.query("set client_encoding to 'LATIN1'");
    await a.query('set search_path to pg_catalog');
    await othersStillAnswered();
    expect((await db.query<{ e: string }>("select current_setting('client_encoding') as e")).rows).toEqual([
      { e: 'UTF8' },
    ]);
    await a.end();
    const b = await client();
    await b.query({ text: 'insert into t values ($1, $2)', values: [1, 'Bánh đa'] });
    await b.end();
    expect((await db.query<{ name: string }>('select name from t where n = 1')).rows).toEqual([{ name: 'Bánh đa' }]);
    await db.query('delete from t');
  });

  it('a Parse without its Sync is cut off; a client waiting meanwhile is answered, not refused', async () => {
    const parse = Buffer.from([0x50, 0, 0, 0, 15, 0, ...Buffer.from('select 1\0'), 0, 0]);
    const stalled = rawExchange([startup(), parse], STALLED_MS * 10);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const waiting = await client();
    expect((await waiting.query('select 3 as three')).rows).toEqual([{ three: 3 }]);
    await waiting.end();
    expect((await stalled).length).toBeGreaterThan(0); // it got its startup answer, then was closed
  });

  it('a message of several megabytes, sent in many chunks, is taken whole', async () => {
    const c = await client();
    const big = 'ắ'.repeat(3_000_000); // 9 MB of UTF-8
    expect((await c.query<{ n: number }>('select length($1)::int as n', [big])).rows).toEqual([{ n: 3_000_000 }]);
    await c.end();
  });

  it('a client idle in a transaction is cut off and its work undone', async () => {
    const a = await client();
    await a.query('begin');
    await a.query('insert into t values (9, $1)', ['undone']);
    const b = await client();
    await b.query('insert into t values (10, $1)', ['kept']);
    await b.end();
    await expect(a.query('commit')).rejects.toThrow();
    expect((await db.query<{ n: number }>('select n from t order by n')).rows).toEqual([{ n: 10 }]);
    await db.query('delete from t');
  });

  it('a client that sends without reading is held back and cut off; the others are answered', async () => {
    const query = Buffer.from(`Q\0\0\0\0select repeat('x', 100000) from generate_series(1, 20)\0`, 'latin1');
    query.writeInt32BE(query.length - 1, 1);
    const socket = createConnection(socketPath);
    socket.pause(); // never reads
    await new Promise((resolve) => socket.on('connect', resolve));
    socket.write(startup());
    for (let i = 0; i < 200; i += 1) socket.write(query);
    const closed = new Promise((resolve) => socket.on('close', resolve));
    await othersStillAnswered();
    socket.resume();
    await closed;
  });

  it('after any stream of bytes, a well-behaved client still gets answers', async () => {
    const message = fc
      .tuple(
        fc.constantFrom(...'QPBEDCSHXZdcfFp\0'.split('').map((c) => c.charCodeAt(0))),
        fc.uint8Array({ maxLength: 40 }),
        fc.option(fc.integer({ min: -8, max: 80 }), { nil: undefined }),
      )
      .map(([type, body, lie]) => {
        const bytes = Buffer.alloc(5 + body.length);
        bytes[0] = type;
        bytes.writeInt32BE(lie ?? body.length + 4, 1);
        Buffer.from(body).copy(bytes, 5);
        return bytes;
      });
    await fc.assert(
      fc.asyncProperty(fc.boolean(), fc.array(message, { maxLength: 6 }), async (started, messages) => {
        await rawExchange([...(started ? [startup()] : []), ...messages], 300);
        const c = await client();
        try {
          return (await c.query<{ one: number }>('select 1 as one')).rows[0]?.one === 1;
        } finally {
          await c.end();
        }
      }),
      { numRuns: 60 },
    );
    await othersStillAnswered();
  });
});
