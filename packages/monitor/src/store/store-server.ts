import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';

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
 */

/** The socket file a PostgreSQL client looks for in `host` (a folder) for port 5432. */
export const SOCKET_PORT = 5432;
const SOCKET_FILE = `.s.PGSQL.${SOCKET_PORT}`;
/** A client idle inside a transaction this long holds every other one up: it is cut off (rolled back). */
const IDLE_IN_TRANSACTION_MS = 60_000;
const SSL_REQUEST = 80877103;
const CANCEL_REQUEST = 80877102;
const PROTOCOL_3 = 196608;

export interface StoreServer {
  /** The folder holding the socket (what a client passes as `host`). */
  readonly socketDir: string;
  /** Stops taking connections, lets the connected clients finish (up to `graceMs`), then closes them. */
  close(graceMs?: number): Promise<void>;
}

/** A Unix socket's path is limited to 107 bytes (Linux); a longer one cannot be listened on. */
const MAX_SOCKET_PATH = 100;

/**
 * The folder of the owner's socket: beside the data folder, as an absolute path (a PostgreSQL
 * client reads `host` as a socket folder only when it starts with `/`), or — where that path would
 * be too long for a socket — a folder under the system's temporary folder named after it. Either
 * way the lock records it, which is how other commands find it.
 */
export function socketDirOf(dataDir: string): string {
  const beside = `${resolve(dataDir)}.socket`;
  if (join(beside, SOCKET_FILE).length <= MAX_SOCKET_PATH) return beside;
  const name = createHash('sha256').update(beside).digest('hex').slice(0, 16);
  return join(tmpdir(), `ocop-monitor-${process.getuid?.() ?? 'user'}-${name}`);
}

/** A simple-protocol Query message. */
function queryMessage(text: string): Uint8Array {
  const body = Buffer.from(`${text}\0`, 'utf8');
  const message = Buffer.alloc(5 + body.length);
  message.write('Q', 0, 'latin1');
  message.writeInt32BE(4 + body.length, 1);
  body.copy(message, 5);
  return message;
}

const SYNC = new Uint8Array([0x53, 0, 0, 0, 4]);

class Connection {
  readonly #socket: Socket;
  readonly #db: PGlite;
  #buffer = Buffer.alloc(0);
  #started = false;
  #release: (() => void) | null = null;
  #chain: Promise<void> = Promise.resolve();
  #idle: NodeJS.Timeout | undefined;

  readonly #idleInTransactionMs: number;

  constructor(socket: Socket, db: PGlite, idleInTransactionMs: number) {
    this.#socket = socket;
    this.#db = db;
    this.#idleInTransactionMs = idleInTransactionMs;
    socket.on('data', (data) => {
      this.#chain = this.#chain
        .then(() => this.#receive(data))
        .catch(() => {
          socket.destroy();
        });
    });
    socket.on('close', () => {
      this.#chain = this.#chain.then(() => this.#end());
    });
    socket.on('error', () => socket.destroy());
  }

  /** Holds PGlite's transaction mutex until `#release` is called: the owner's own work waits meanwhile. */
  #acquire(): Promise<() => void> {
    return new Promise((held) => {
      void this.#db._runExclusiveTransaction(() => new Promise<void>((release) => held(release)));
    });
  }

  async #receive(data: Buffer): Promise<void> {
    this.#buffer = Buffer.concat([this.#buffer, data]);
    for (;;) {
      const message = this.#next();
      if (!message) return;
      await this.#handle(message);
    }
  }

  /** The next complete message in the buffer (the startup message has no type byte), or null. */
  #next(): { type: string; bytes: Buffer } | null {
    if (!this.#started) {
      if (this.#buffer.length < 8) return null;
      const length = this.#buffer.readInt32BE(0);
      if (this.#buffer.length < length) return null;
      const bytes = this.#buffer.subarray(0, length);
      this.#buffer = this.#buffer.subarray(length);
      const code = bytes.readInt32BE(4);
      return { type: code === SSL_REQUEST ? 'ssl' : code === CANCEL_REQUEST ? 'cancel' : 'startup', bytes };
    }
    if (this.#buffer.length < 5) return null;
    const length = 1 + this.#buffer.readInt32BE(1);
    if (this.#buffer.length < length) return null;
    const bytes = this.#buffer.subarray(0, length);
    this.#buffer = this.#buffer.subarray(length);
    return { type: String.fromCharCode(bytes[0] ?? 0), bytes };
  }

  async #handle(message: { type: string; bytes: Buffer }): Promise<void> {
    if (message.type === 'ssl') {
      this.#socket.write('N'); // a local socket: no TLS
      return;
    }
    if (message.type === 'cancel') return void this.#socket.destroy();
    if (message.type === 'X') return void this.#socket.end(); // Terminate: ours to end, not PGlite's one session
    if (message.type === 'startup') {
      if (message.bytes.readInt32BE(4) !== PROTOCOL_3) return void this.#socket.destroy();
      this.#started = true;
    }
    this.#release ??= await this.#acquire();
    clearTimeout(this.#idle);
    const answer = await this.#db.runExclusive(() => this.#db.execProtocolRaw(new Uint8Array(message.bytes)));
    if (answer.length && this.#socket.writable) this.#socket.write(answer);
    // A unit ends where the client is ready for a new query outside a transaction.
    const boundary = message.type === 'startup' || message.type === 'S' || message.type === 'Q';
    if (boundary && !this.#db.isInTransaction()) this.#unlock();
    else if (boundary) this.#idle = setTimeout(() => this.#socket.destroy(), this.#idleInTransactionMs);
  }

  #unlock(): void {
    clearTimeout(this.#idle);
    this.#release?.();
    this.#release = null;
  }

  /** A client gone mid-transaction (killed, cut off): its transaction is rolled back, the lock freed. */
  async #end(): Promise<void> {
    clearTimeout(this.#idle);
    if (!this.#release) return;
    // A Sync first ends an extended-protocol exchange cut short (PGlite skips to it after an error).
    await this.#db.runExclusive(() => this.#db.execProtocolRaw(SYNC));
    if (this.#db.isInTransaction())
      await this.#db.runExclusive(() => this.#db.execProtocolRaw(queryMessage('ROLLBACK')));
    this.#unlock();
  }
}

/** Serves `db` on a Unix socket in `socketDir` (created 0700; a stale socket there is replaced). */
export async function serveStore(
  db: PGlite,
  socketDir: string,
  options: { idleInTransactionMs?: number } = {},
): Promise<StoreServer> {
  mkdirSync(socketDir, { recursive: true, mode: 0o700 });
  chmodSync(socketDir, 0o700); // only this user may reach the socket inside
  const path = join(socketDir, SOCKET_FILE);
  rmSync(path, { force: true }); // left by an owner that was killed
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    new Connection(socket, db, options.idleInTransactionMs ?? IDLE_IN_TRANSACTION_MS);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, resolve);
  });
  return {
    socketDir,
    async close(graceMs = 30_000) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      const deadline = Date.now() + graceMs;
      while (sockets.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      for (const socket of sockets) socket.destroy();
      await closed;
      rmSync(socketDir, { recursive: true, force: true });
    },
  };
}
