import { createReadStream, createWriteStream, lstatSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { createConnection, createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { PassThrough, Readable, Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import type { PGlite } from '@electric-sql/pglite';

/**
 * The embedded store's backup as a stream: PGlite's own dump format (a gzip'd tar of the data
 * folder, what `restore` and PGlite's `loadDataDir` read), written file by file from the disk
 * instead of built in memory — a 373 MB store took 1 GB of the owner's memory that way. The owner
 * streams it on a second socket beside the store's; the asking command writes the file itself, so
 * a relative path is the asker's folder and a service's private /tmp never swallows it.
 */

const BACKUP_SOCKET = '.ocop-backup';
const BLOCK = 512;
const CHECKPOINT = Buffer.from('Q\0\0\0\x0fCHECKPOINT\0', 'latin1');

/** One ustar header, as tinytar (PGlite's tar reader) reads it. */
function header(name: string, mode: number, size: number, mtime: Date, directory: boolean): Buffer {
  const block = Buffer.alloc(BLOCK);
  const octal = (value: number, at: number, width: number) =>
    block.write(`${value.toString(8).padStart(width - 1, '0')}\0`, at, width, 'latin1');
  block.write(name, 0, 100, 'utf8');
  octal(mode & 0o7777, 100, 8);
  octal(0, 108, 8);
  octal(0, 116, 8);
  octal(size, 124, 12);
  octal(Math.floor(mtime.getTime() / 1000), 136, 12);
  block.write(directory ? '5' : '0', 156, 1, 'latin1');
  block.write('ustar\0' + '00', 257, 8, 'latin1');
  block.write(' '.repeat(8), 148, 8, 'latin1');
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'latin1');
  return block;
}

/** The data folder as tar blocks, one file's chunks at a time (names as PGlite's dump has them: `/base/…`). */
async function* tarOf(root: string, under = ''): AsyncGenerator<Buffer> {
  for (const entry of readdirSync(join(root, under)).sort()) {
    const name = `${under}/${entry}`;
    if (Buffer.byteLength(name) > 100) throw new Error(`${name}: a path too long for the backup's format`);
    const stat = lstatSync(join(root, name));
    if (stat.isDirectory()) {
      yield header(name, stat.mode, 0, stat.mtime, true);
      yield* tarOf(root, name);
    } else if (stat.isFile()) {
      yield header(name, stat.mode, stat.size, stat.mtime, false);
      let written = 0;
      for await (const chunk of createReadStream(join(root, name), { end: Math.max(stat.size - 1, 0) })) {
        written += (chunk as Buffer).length;
        yield chunk as Buffer;
      }
      if (written !== stat.size) throw new Error(`${name} changed size during the backup`);
      if (stat.size % BLOCK) yield Buffer.alloc(BLOCK - (stat.size % BLOCK));
    }
  }
}

async function* tarball(root: string): AsyncGenerator<Buffer> {
  yield* tarOf(root);
  yield Buffer.alloc(2 * BLOCK); // the end of the archive
}

/**
 * Writes the store's dump to `out`, between two units of work (no client and none of the owner's
 * own queries runs meanwhile), after a checkpoint so the data files hold everything committed.
 */
export function dumpDataDir(db: PGlite, dataDir: string, out: Writable): Promise<void> {
  return db._runExclusiveTransaction(async () => {
    await db.runExclusive(() => db.execProtocolRaw(CHECKPOINT)); // raw: PGlite's exec would wait for the mutex held here
    await pipeline(Readable.from(tarball(dataDir)), createGzip(), out);
  });
}

/** The owner's backup socket: each connection is sent one whole dump, then closed (cut short on failure). */
export async function serveBackups(db: PGlite, dataDir: string, socketDir: string): Promise<Server> {
  const path = join(socketDir, BACKUP_SOCKET);
  rmSync(path, { force: true });
  const server = createServer((socket) => {
    socket.on('error', () => socket.destroy());
    dumpDataDir(db, dataDir, socket).catch(() => socket.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, resolve);
  });
  return server;
}

/**
 * Writes `file` from `dump` whole or not at all, readable by this user only: the bytes go to
 * `<file>.partial` and through a gunzip that proves the dump complete (an owner that dies midway
 * leaves a truncated gzip), then take the file's name. Returns the bytes written.
 */
export async function writeDump(dump: Readable, file: string): Promise<number> {
  const partial = `${file}.partial`;
  let bytes = 0;
  const check = new PassThrough();
  const proof = pipeline(check, createGunzip(), async (inflated: AsyncIterable<Buffer>) => {
    for await (const _ of inflated);
  });
  const counting = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      if (check.write(chunk)) done(null, chunk);
      else check.once('drain', () => done(null, chunk));
    },
    flush(done) {
      check.end();
      done();
    },
  });
  const [written, proven] = await Promise.allSettled([
    pipeline(dump, counting, createWriteStream(partial, { mode: 0o600 })),
    proof,
  ]);
  const failed = [written, proven].find((outcome) => outcome.status === 'rejected');
  if (failed) {
    rmSync(partial, { force: true });
    throw failed.reason;
  }
  renameSync(partial, file);
  return bytes;
}

/** The dump of the store served in `socketDir`, as a stream from the owner. */
export function dumpFromOwner(socketDir: string): Readable {
  return createConnection(join(socketDir, BACKUP_SOCKET));
}
