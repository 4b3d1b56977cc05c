import { closeSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
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

function readHolder(path: string): Holder | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Holder;
  } catch {
    return null; // half written by a process that died at that moment: stale
  }
}

/**
 * One owner per embedded store: PGlite does not support two processes on one data folder, so a
 * second one could corrupt it. The lock is a file created with O_EXCL beside the folder; a lock
 * whose process is gone (crash, kill -9, reboot) is moved aside and taken over. Returns `release`.
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
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, JSON.stringify(me));
      closeSync(fd);
      return () => {
        if (readHolder(path)?.pid === me.pid) unlinkSync(path);
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = readHolder(path);
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
    // Stale: move it aside atomically (of two processes taking over, one rename wins), then retry.
    try {
      renameSync(path, `${path}.stale-${holder?.pid ?? 'unreadable'}`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  throw new StoreLockedError(`could not take the lock ${path}: other processes keep taking it`);
}
