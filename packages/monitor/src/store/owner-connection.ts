import type { Socket } from 'node:net';
import type { PGlite } from '@electric-sql/pglite';
import { MessageReader, ProtocolViolation, readsFromClient, statementText } from './frontend-message.ts';

/**
 * One client of the store's owner (store-server.ts). PGlite is one session, so a client's work
 * runs as a unit under PGlite's transaction mutex, from its first message until it is back
 * outside a transaction at a Sync or a simple Query; at the end of every unit the session is reset
 * (`DISCARD ALL`, as PgBouncer does between clients), so a `SET` never outlives its unit, nor
 * reaches the owner's own queries or the next client. A client that holds a unit without sending
 * (idle in a transaction, a Parse without its Sync) or without reading is cut off after
 * `stalledMs`, well before the others give up waiting (20 s): they wait in line meanwhile.
 */

/** The startup answer every client gets: the owner's own session, never a client's parameters. */
export type StartupAnswer = () => Promise<Uint8Array>;

/** What is buffered towards a slow reader before the owner stops answering it. */
const MAX_UNREAD_BYTES = 1024 * 1024;

function queryMessage(text: string): Buffer {
  const body = Buffer.from(`${text}\0`, 'utf8');
  const message = Buffer.alloc(5 + body.length);
  message.write('Q', 0, 'latin1');
  message.writeInt32BE(4 + body.length, 1);
  body.copy(message, 5);
  return message;
}

function typed(type: string, body: Buffer): Buffer {
  const message = Buffer.alloc(5 + body.length);
  message.write(type, 0, 'latin1');
  message.writeInt32BE(4 + body.length, 1);
  body.copy(message, 5);
  return message;
}

/** An ErrorResponse, as PostgreSQL sends it: severity, SQLSTATE and message. */
export function errorResponse(code: string, message: string): Buffer {
  return typed('E', Buffer.from(`SERROR\0VERROR\0C${code}\0M${message}\0\0`, 'utf8'));
}

/** Rolls back whatever a client left (an explicit or implicit transaction, an errored exchange). */
const ABANDON = Buffer.concat([
  typed('P', Buffer.from('\0ROLLBACK\0\0\0', 'utf8')),
  typed('B', Buffer.from('\0\0\0\0\0\0\0\0', 'latin1')),
  typed('E', Buffer.from('\0\0\0\0\0', 'latin1')),
  typed('S', Buffer.alloc(0)),
]);
const RESET = queryMessage('DISCARD ALL');
const REFUSE_COPY = `DO $$BEGIN RAISE EXCEPTION USING ERRCODE = '0A000', MESSAGE = 'COPY … FROM STDIN không dùng được qua tiến trình giữ kho / is not supported through the store''s owner: use ocop-monitor import'; END$$`;

/** The same statement's place taken by one that fails with a clear error, so PGlite's transaction state stays right. */
function refusal(message: Buffer): Buffer {
  if (message[0] === 0x51) return queryMessage(REFUSE_COPY);
  const body = message.subarray(5);
  const name = body.subarray(0, body.indexOf(0) + 1);
  return typed('P', Buffer.concat([name, Buffer.from(`${REFUSE_COPY}\0`, 'utf8'), Buffer.from([0, 0])]));
}

export class OwnerConnection {
  readonly #socket: Socket;
  readonly #db: PGlite;
  readonly #startupAnswer: StartupAnswer;
  readonly #stalledMs: number;
  readonly #reader = new MessageReader();
  #started = false;
  #closed = false;
  #release: (() => void) | null = null;
  #pumping: Promise<void> | null = null;
  #stall: NodeJS.Timeout | undefined;
  /** Settles when the connection is over and its unit (if any) is undone: `close` of the server waits for it. */
  readonly ended: Promise<void>;

  constructor(socket: Socket, db: PGlite, startupAnswer: StartupAnswer, stalledMs: number) {
    this.#socket = socket;
    this.#db = db;
    this.#startupAnswer = startupAnswer;
    this.#stalledMs = stalledMs;
    this.#armStall(); // a startup that never completes holds a connection: same limit
    socket.on('data', (chunk: Buffer) => {
      this.#reader.push(chunk);
      // Back-pressure: a client that sends faster than its messages are done waits in its own socket.
      if (this.#pumping && this.#reader.buffered > MAX_UNREAD_BYTES) socket.pause();
      this.#pump();
    });
    socket.on('error', () => socket.destroy());
    this.ended = new Promise((resolve) => {
      socket.once('close', () => {
        this.#closed = true;
        clearTimeout(this.#stall);
        void (this.#pumping ?? Promise.resolve()).then(() => this.#end()).then(resolve, resolve);
      });
    });
  }

  #pump(): void {
    if (this.#pumping || this.#closed) return;
    this.#pumping = this.#drainInput().finally(() => {
      this.#pumping = null;
      if (!this.#closed) this.#armStall();
    });
  }

  async #drainInput(): Promise<void> {
    try {
      for (;;) {
        if (this.#closed) return;
        if (!this.#started) {
          const startup = this.#reader.nextStartup();
          if (!startup) break;
          clearTimeout(this.#stall);
          await this.#startup(startup.message.kind);
          continue;
        }
        const message = this.#reader.next();
        if (!message) break;
        clearTimeout(this.#stall);
        await this.#handle(message);
      }
      // Only part of a message is left: its bytes are needed, whatever its size (capped by the reader).
      if (this.#socket.isPaused()) this.#socket.resume();
    } catch (error) {
      this.#closed = true;
      if (!(error instanceof ProtocolViolation)) return void this.#socket.destroy();
      // Told once, then dropped: the others never notice (its unit, if any, is undone when the socket closes).
      this.#socket.end(errorResponse('08P01', `giao thức sai / protocol violation: ${error.message}`));
      setTimeout(() => this.#socket.destroy(), 1_000).unref();
    }
  }

  /** A unit holding the mutex waits for its client at most `stalledMs`; so does a connection not yet started. */
  #armStall(): void {
    clearTimeout(this.#stall);
    if (this.#started && !this.#release) return;
    this.#stall = setTimeout(() => this.#socket.destroy(), this.#stalledMs);
  }

  async #startup(kind: 'ssl' | 'gss' | 'cancel' | 'startup'): Promise<void> {
    if (kind === 'ssl' || kind === 'gss') return void this.#socket.write('N'); // a local socket: no encryption
    if (kind === 'cancel') return void this.#socket.destroy();
    this.#started = true;
    await this.#send(await this.#startupAnswer());
  }

  /** Holds PGlite's transaction mutex until `#release` is called: the owner's own work waits meanwhile. */
  #acquire(): Promise<() => void> {
    return new Promise((held) => {
      void this.#db._runExclusiveTransaction(() => new Promise<void>((release) => held(release)));
    });
  }

  async #handle(message: Buffer): Promise<void> {
    const type = String.fromCharCode(message[0] ?? 0);
    if (type === 'X') return void this.#socket.end(); // Terminate: ours to end, not PGlite's one session
    const text = statementText(message);
    const passed = text !== null && readsFromClient(text) ? refusal(message) : message;
    this.#release ??= await this.#acquire();
    if (this.#closed) return; // gone while waiting in line: #end releases
    const answer = await this.#db.runExclusive(() => this.#db.execProtocolRaw(passed));
    if (answer.length) await this.#send(answer);
    // A unit ends where the client is ready for a new query outside a transaction.
    if ((type === 'S' || type === 'Q') && !this.#db.isInTransaction()) await this.#unlock();
  }

  /** Writes, and waits while the client has a megabyte unread: a client that never reads is cut off as stalled. */
  async #send(bytes: Uint8Array): Promise<void> {
    if (this.#closed || !this.#socket.writable) return;
    if (this.#socket.write(bytes) || this.#socket.writableLength <= MAX_UNREAD_BYTES) return;
    this.#armStall();
    await new Promise<void>((resolve) => {
      const done = () => {
        this.#socket.off('drain', done);
        this.#socket.off('close', done);
        resolve();
      };
      this.#socket.on('drain', done);
      this.#socket.on('close', done);
    });
    clearTimeout(this.#stall);
  }

  async #unlock(): Promise<void> {
    if (!this.#release) return;
    await this.#db.runExclusive(() => this.#db.execProtocolRaw(RESET));
    this.#release();
    this.#release = null;
  }

  /** A client gone mid-unit (killed, cut off, dropped): its transaction is rolled back, the session reset. */
  async #end(): Promise<void> {
    if (!this.#release) return;
    await this.#db.runExclusive(() => this.#db.execProtocolRaw(ABANDON));
    if (this.#db.isInTransaction())
      await this.#db.runExclusive(() => this.#db.execProtocolRaw(queryMessage('ROLLBACK')));
    await this.#unlock();
  }
}
