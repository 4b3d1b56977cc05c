import { chmodSync, lstatSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { serveBackups } from './backup-stream.ts';
import { errorResponse, OwnerConnection } from './owner-connection.ts';

/**
 * The embedded store's owner serves it to the other commands of the same user (DESIGN §10): a
 * PostgreSQL wire-protocol server on a Unix socket in a folder only that user can open, so that
 * `alerts list`, `import`, `report` or `users add` beside a running `start` work through the owner
 * with the same driver they use for DATABASE_URL, instead of being refused.
 *
 * PGlite is one session. Every client's work runs as a unit under PGlite's transaction mutex — the
 * one the owner's own queries and transactions wait on — from its first message until it is back
 * outside a transaction at a Sync or a simple Query: clients never interleave inside each other's
 * transactions or extended-protocol exchanges, nor inside the owner's. (pglite-socket's server
 * serialises message by message, which lets two clients' Parse/Bind/Execute interleave.)
 *
 * PGlite trusts its input, so nothing reaches it unchecked (frontend-message.ts): every client gets
 * the owner's own startup answer, its messages are validated whole, and each unit ends with the
 * session reset (owner-connection.ts). The same folder holds the backup socket (backup-stream.ts).
 */

/** The socket file a PostgreSQL client looks for in `host` (a folder) for port 5432. */
export const SOCKET_PORT = 5432;
const SOCKET_FILE = `.s.PGSQL.${SOCKET_PORT}`;

export interface StoreServer {
  /** The folder holding the socket (what a client passes as `host`). */
  readonly socketDir: string;
  /** Stops taking connections, lets the connected clients finish (up to `graceMs`), then closes them. */
  close(graceMs?: number): Promise<void>;
}

/** A Unix socket's path is limited to 107 bytes (Linux); a longer one cannot be listened on. */
const MAX_SOCKET_PATH = 100;

/**
 * The folder of the owner's socket: beside PGlite's folder, inside the data folder, as an absolute
 * path (a PostgreSQL client reads `host` as a socket folder only when it starts with `/`). Where
 * that path would be too long for a socket, a new folder with a random name under the system's
 * temporary folder (created 0700 by the owner: nobody can prepare it in advance). Either way the
 * lock records it, which is how other commands find it.
 */
export function socketDirOf(dataDir: string): string {
  const beside = `${resolve(dataDir)}.socket`;
  if (join(beside, SOCKET_FILE).length <= MAX_SOCKET_PATH) return beside;
  return mkdtempSync(join(tmpdir(), 'ocop-monitor-'));
}

/** The socket's folder: a real folder of this user's, 0700, whatever was there before. */
function ownSocketDir(socketDir: string): void {
  mkdirSync(socketDir, { recursive: true, mode: 0o700 });
  const found = lstatSync(socketDir);
  if (!found.isDirectory() || (process.getuid && found.uid !== process.getuid()))
    throw new Error(`${socketDir} is not a folder of this user's: remove it, then start again`);
  chmodSync(socketDir, 0o700); // only this user may reach the socket inside
}

/** A client holding a unit this long without sending or reading is cut off: others give up after 20 s. */
const STALLED_MS = 10_000;
/** Clients at once; one more is told so and closed (a command keeps one connection). */
const MAX_CLIENTS = 64;

/** The startup message the owner's session answers for every client (a client's own parameters never reach PGlite). */
function canonicalStartup(): Buffer {
  const body = Buffer.from('user\0postgres\0database\0postgres\0client_encoding\0UTF8\0\0', 'utf8');
  const message = Buffer.alloc(8 + body.length);
  message.writeInt32BE(message.length, 0);
  message.writeInt32BE(196608, 4);
  body.copy(message, 8);
  return message;
}

/** Serves `db` on a Unix socket in `socketDir` (created 0700; a stale socket there is replaced). */
export async function serveStore(
  db: PGlite,
  socketDir: string,
  options: { stalledMs?: number; dataDir?: string } = {},
): Promise<StoreServer> {
  ownSocketDir(socketDir);
  const path = join(socketDir, SOCKET_FILE);
  rmSync(path, { force: true }); // left by an owner that was killed
  // Taken once, before the first client: a client's connect then never waits for the store's mutex.
  // A copy: PGlite answers a startup with a view into its buffer, which the next message overwrites.
  const startupAnswer = await db._runExclusiveTransaction(() =>
    db.runExclusive(async () => Buffer.from(await db.execProtocolRaw(canonicalStartup()))),
  );
  const answerStartup = async () => startupAnswer;
  const connections = new Map<Socket, OwnerConnection>();
  const server: Server = createServer((socket) => {
    if (connections.size >= MAX_CLIENTS)
      return void socket.end(errorResponse('53300', "quá nhiều kết nối / too many clients of the store's owner"));
    const connection = new OwnerConnection(socket, db, answerStartup, options.stalledMs ?? STALLED_MS);
    connections.set(socket, connection);
    void connection.ended.then(() => connections.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, resolve);
  });
  const backups = options.dataDir ? await serveBackups(db, options.dataDir, socketDir) : null;
  return {
    socketDir,
    async close(graceMs = 30_000) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      backups?.close(); // a backup being sent finishes: the store closes after the mutex it holds
      const deadline = Date.now() + graceMs;
      while (connections.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      const ending = [...connections.values()].map((connection) => connection.ended);
      for (const socket of connections.keys()) socket.destroy();
      await Promise.all(ending); // every unit undone and the mutex free before the store closes
      await closed;
      rmSync(socketDir, { recursive: true, force: true });
    },
  };
}
