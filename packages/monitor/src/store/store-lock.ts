import { createHash } from 'node:crypto';
import { linkSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';

/** The embedded store is in use by another live process; the message names it and what to do. */
export class StoreLockedError extends Error {
  override readonly name = 'StoreLockedError';
  /** The live owner, where one holds the lock: who it is, and where it serves the store. */
  readonly owner: { pid: number; command: string; name: string; socket: string | null } | null;
  constructor(message: string, owner: StoreLockedError['owner'] = null) {
    super(message);
    this.owner = owner;
  }
}

interface Holder {
  pid: number;
  host: string;
  /** When the holder took the lock (ISO), for the message. */
  since: string;
  command: string;
  /** The command's name alone (`start`, `serve`, `check`): what the holder does with the store. */
  name?: string;
  /** The holder's start time in clock ticks since boot (Linux), so a reused pid is not mistaken for it. */
  processStart: string | null;
  /** Where the holder serves the store to other commands (a folder holding its Unix socket). */
  socket?: string | null;
}

/** The first argument that is neither an option nor the value of --config (as bin/ocop-monitor reads it). */
function commandName(args: readonly string[]): string {
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] ?? '';
    if (arg === '-c' || arg === '--config') i += 1;
    else if (!arg.startsWith('-')) return arg;
  }
  return '';
}

/** Field 22 of /proc/<pid>/stat: when the process started. Null where /proc is not there. */
function processStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count from the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function alive(holder: Holder): boolean {
  if (holder.host !== hostname()) return true; // another machine's process: we cannot tell, so assume it lives
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const started = processStart(holder.pid);
  return holder.processStart === null || started === null || started === holder.processStart;
}

/** The lock's text as it is now, or null when there is none. */
function readLock(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

function parseHolder(text: string): Holder | null {
  try {
    return JSON.parse(text) as Holder;
  } catch {
    return null; // not written by us (the lock is never half written: see takeLock)
  }
}

/**
 * Creates the lock whole or not at all: the text is written to a file of this process's own, then
 * linked to the lock's name, which fails when the name exists. Nobody ever reads a lock half
 * written (an empty lock read as stale let a live holder be moved aside).
 */
function takeLock(path: string, text: string): boolean {
  const own = `${path}.${process.pid}-${Date.now()}`;
  writeFileSync(own, text, { mode: 0o600 });
  try {
    linkSync(own, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return false;
  } finally {
    unlinkSync(own);
  }
}

/** A breaker left by a process that died in the instant between taking it and moving a stale lock. */
const BREAKER_LEFT_MS = 60_000;

/**
 * Moves aside the stale lock whose text is `stale`, if it is still that one. Of all the processes
 * that found it stale, only the one that creates the breaker named after it may move it, and only
 * after reading it again: a lock taken meanwhile by a live process has another text and is never
 * touched. (A rename-aside without this moved live locks aside: two holders.)
 */
function breakStaleLock(path: string, stale: string, pid: number | string): void {
  const breaker = `${path}.break-${createHash('sha256').update(stale).digest('hex').slice(0, 16)}`;
  if (!takeLock(breaker, String(process.pid))) {
    try {
      if (Date.now() - statSync(breaker).mtimeMs > BREAKER_LEFT_MS) unlinkSync(breaker);
    } catch {
      // gone already: its holder finished
    }
    return;
  }
  try {
    if (readLock(path) === stale) renameSync(path, `${path}.stale-${pid}`);
  } finally {
    unlinkSync(breaker);
  }
}

/**
 * One owner per embedded store: PGlite does not support two processes on one data folder, so a
 * second one could corrupt it. The lock is a file beside the folder, created whole and atomically
 * (link, which fails when it exists); a lock whose process is gone (crash, kill -9, reboot) is
 * moved aside by exactly one of the processes that find it so, and taken over. Returns `release`.
 */
export function lockEmbeddedStore(
  dataDir: string,
  options: { command?: string; socket?: string | null } = {},
): () => void {
  const path = `${dataDir}.lock`;
  const me: Holder = {
    pid: process.pid,
    host: hostname(),
    since: new Date().toISOString(),
    command: options.command ?? process.argv.slice(2).join(' '),
    name: commandName(options.command?.split(' ') ?? process.argv.slice(2)),
    processStart: processStart(process.pid),
    socket: options.socket ?? null,
  };
  const mine = JSON.stringify(me);
  for (let attempt = 0; attempt < 5; attempt += 1) {
    if (takeLock(path, mine))
      return () => {
        if (readLock(path) === mine) unlinkSync(path);
      };
    const text = readLock(path);
    if (text === null) continue; // released meanwhile
    const holder = parseHolder(text);
    if (holder && alive(holder)) {
      throw new StoreLockedError(
        `the embedded store at ${dataDir} is in use by process ${holder.pid} on ${holder.host} (started ${holder.since}` +
          `${holder.command ? `: ocop-monitor ${holder.command}` : ''}). Wait for it to finish, or use PostgreSQL ` +
          '(DATABASE_URL) to run several processes at once.',
        holder.host === hostname()
          ? { pid: holder.pid, command: holder.command, name: holder.name ?? '', socket: holder.socket ?? null }
          : null,
      );
    }
    breakStaleLock(path, text, holder?.pid ?? 'unreadable');
  }
  throw new StoreLockedError(`could not take the lock ${path}: other processes keep taking it`);
}
