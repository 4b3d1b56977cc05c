/**
 * What a client of the store's owner may send (PostgreSQL protocol 3, frontend side), checked
 * before PGlite sees a byte of it: PGlite's single backend trusts its input, and one malformed
 * message froze it at full CPU or ended the process (issue 28). A message is taken whole from the
 * socket's chunks with at most one copy (never by re-concatenating the buffer), and refused at its
 * header when its length is out of bounds, so a client cannot make the owner hold more than
 * `MAX_MESSAGE_BYTES` of its input.
 */

/** The largest message a client may send: far above a command's biggest batch insert, far below the owner's memory. */
const MAX_MESSAGE_BYTES = 32 * 1024 * 1024;
const MAX_STARTUP_BYTES = 10_000;
const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const PROTOCOL_3 = 196608;

/** The client broke the protocol: it is told so (SQLSTATE 08P01) and dropped. */
export class ProtocolViolation extends Error {
  override readonly name = 'ProtocolViolation';
}

export type StartupMessage = { kind: 'ssl' | 'gss' | 'cancel' } | { kind: 'startup'; parameters: Map<string, string> };

/** The socket's bytes, as a list of chunks: a message is cut out once, when all of it has come. */
export class MessageReader {
  #chunks: Buffer[] = [];
  #buffered = 0;
  #started = false;

  get buffered(): number {
    return this.#buffered;
  }

  push(chunk: Buffer): void {
    this.#chunks.push(chunk);
    this.#buffered += chunk.length;
  }

  /** The next whole startup message, or null while it is incomplete; throws on one that cannot be one. */
  nextStartup(): { bytes: Buffer; message: StartupMessage } | null {
    if (this.#buffered < 4) return null;
    const length = this.#take(4, false).readInt32BE(0);
    if (length < 8 || length > MAX_STARTUP_BYTES) throw new ProtocolViolation(`a startup message of ${length} bytes`);
    if (this.#buffered < length) return null;
    const bytes = this.#take(length, true);
    const message = parseStartup(bytes);
    if (message.kind === 'startup') this.#started = true;
    return { bytes, message };
  }

  /** The next whole message after the startup (type byte first), or null while it is incomplete. */
  next(): Buffer | null {
    if (!this.#started) throw new ProtocolViolation('a message before the startup message');
    if (this.#buffered < 5) return null;
    const header = this.#take(5, false);
    const type = String.fromCharCode(header[0] ?? 0);
    const length = header.readInt32BE(1);
    if (!BODY_CHECKS.has(type))
      throw new ProtocolViolation(`a message of type ${JSON.stringify(type)}, which the owner does not take`);
    if (length < 4 || length > MAX_MESSAGE_BYTES) throw new ProtocolViolation(`a message of ${length} bytes`);
    if (this.#buffered < length + 1) return null;
    const bytes = this.#take(length + 1, true);
    BODY_CHECKS.get(type)?.(new Cursor(bytes.subarray(5)));
    return bytes;
  }

  /** The first `n` bytes; `consume` removes them. One copy at most, only when they span chunks. */
  #take(n: number, consume: boolean): Buffer {
    const first = this.#chunks[0] ?? Buffer.alloc(0);
    let bytes: Buffer;
    if (first.length >= n) bytes = first.subarray(0, n);
    else {
      bytes = Buffer.allocUnsafe(n);
      let filled = 0;
      for (const chunk of this.#chunks) {
        filled += chunk.copy(bytes, filled, 0, Math.min(chunk.length, n - filled));
        if (filled === n) break;
      }
    }
    if (consume) {
      let left = n;
      while (left > 0) {
        const chunk = this.#chunks[0] as Buffer;
        if (chunk.length <= left) {
          this.#chunks.shift();
          left -= chunk.length;
        } else {
          this.#chunks[0] = chunk.subarray(left);
          left = 0;
        }
      }
      this.#buffered -= n;
    }
    return bytes;
  }
}

/** Reads a message body field by field; any read past its end, or bytes left over, is a violation. */
class Cursor {
  #at = 0;
  readonly body: Buffer;
  constructor(body: Buffer) {
    this.body = body;
  }

  cstring(): string {
    const end = this.body.indexOf(0, this.#at);
    if (end < 0) throw new ProtocolViolation('a string without its terminating zero byte');
    const text = this.body.toString('utf8', this.#at, end);
    this.#at = end + 1;
    return text;
  }

  int16(): number {
    this.#need(2);
    this.#at += 2;
    return this.body.readInt16BE(this.#at - 2);
  }

  int32(): number {
    this.#need(4);
    this.#at += 4;
    return this.body.readInt32BE(this.#at - 4);
  }

  bytes(n: number): void {
    this.#need(n);
    this.#at += n;
  }

  count(): number {
    const n = this.int16();
    if (n < 0) throw new ProtocolViolation('a negative count');
    return n;
  }

  end(): void {
    if (this.#at !== this.body.length) throw new ProtocolViolation('bytes after the end of a message');
  }

  #need(n: number): void {
    if (this.#at + n > this.body.length) throw new ProtocolViolation('a message shorter than its fields');
  }
}

const portalOrStatement = (cursor: Cursor) => {
  const which = String.fromCharCode(cursor.body[0] ?? 0);
  if (which !== 'S' && which !== 'P') throw new ProtocolViolation('Describe/Close of neither a statement nor a portal');
  cursor.bytes(1);
  cursor.cstring();
  cursor.end();
};

/**
 * The messages the owner takes, each with its shape. Not taken — the surface is narrower than
 * PostgreSQL's on purpose: COPY's CopyData/CopyDone/CopyFail (PGlite cannot read COPY FROM STDIN),
 * FunctionCall, and password/SASL messages (the socket's folder is the only door: no passwords).
 */
const BODY_CHECKS = new Map<string, (cursor: Cursor) => void>([
  [
    'Q',
    (c) => {
      c.cstring();
      c.end();
    },
  ],
  [
    'P',
    (c) => {
      c.cstring();
      c.cstring();
      c.bytes(4 * c.count());
      c.end();
    },
  ],
  [
    'B',
    (c) => {
      c.cstring();
      c.cstring();
      c.bytes(2 * c.count());
      for (let n = c.count(); n > 0; n -= 1) {
        const length = c.int32();
        if (length < -1) throw new ProtocolViolation('a parameter of negative length');
        if (length > 0) c.bytes(length);
      }
      c.bytes(2 * c.count());
      c.end();
    },
  ],
  [
    'E',
    (c) => {
      c.cstring();
      c.int32();
      c.end();
    },
  ],
  ['D', portalOrStatement],
  ['C', portalOrStatement],
  ['S', (c) => c.end()],
  ['H', (c) => c.end()],
  ['X', (c) => c.end()],
]);

function parseStartup(bytes: Buffer): StartupMessage {
  const code = bytes.readInt32BE(4);
  if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
    if (bytes.length !== 8) throw new ProtocolViolation('an SSL/GSS request of the wrong length');
    return { kind: code === SSL_REQUEST ? 'ssl' : 'gss' };
  }
  if (code === CANCEL_REQUEST) return { kind: 'cancel' };
  if (code !== PROTOCOL_3) throw new ProtocolViolation(`protocol ${code >> 16}.${code & 0xffff}: the owner speaks 3.0`);
  const cursor = new Cursor(bytes.subarray(8));
  const parameters = new Map<string, string>();
  for (;;) {
    const name = cursor.cstring();
    if (name === '') break;
    parameters.set(name, cursor.cstring());
  }
  cursor.end();
  if (!parameters.has('user')) throw new ProtocolViolation('a startup message without a user');
  return { kind: 'startup', parameters };
}

/** The statement text of a Query or Parse message (already checked by `next`). */
export function statementText(message: Buffer): string | null {
  const type = String.fromCharCode(message[0] ?? 0);
  const body = message.subarray(5);
  if (type === 'Q') return body.toString('utf8', 0, body.length - 1);
  if (type !== 'P') return null;
  const nameEnd = body.indexOf(0);
  return body.toString('utf8', nameEnd + 1, body.indexOf(0, nameEnd + 1));
}

/**
 * COPY … FROM STDIN ends PGlite's backend (and the owner with it): such a statement is never
 * passed on. Both words anywhere in the text (a comment cannot split a keyword) are enough; a
 * statement that merely mentions them in a string is refused too, which costs nothing a command
 * of ours does.
 */
export function readsFromClient(text: string): boolean {
  return /\bcopy\b/iu.test(text) && /\bstdin\b/iu.test(text);
}
