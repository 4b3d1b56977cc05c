import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { resolve } from 'node:path';

export interface RedisTarget {
  url: string;
  /** Stops the private redis-server, when this process started one. */
  stop(): Promise<void>;
}

/** A Redis/ioredis-friendly description of a redis:// URL, for BullMQ's connection option. */
export function connectionFor(url: string, role: 'worker' | 'producer') {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 6379),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    db: Number(parsed.pathname.slice(1) || 0),
    // Workers must wait out a Redis restart; producers must fail fast (BullMQ's advice).
    ...(role === 'worker' ? { maxRetriesPerRequest: null } : { enableOfflineQueue: false }),
  };
}

/** Whether something accepts TCP connections at host:port. */
export function listening(port: number, host = '127.0.0.1', timeoutMs = 500): Promise<boolean> {
  return new Promise((done) => {
    const socket = new Socket();
    socket.setTimeout(timeoutMs);
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      done(false);
    });
    socket.once('error', () => done(false));
    socket.connect(port, host);
  });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as { port: number };
  await new Promise((ok) => server.close(ok));
  return port;
}

/**
 * REDIS_URL when set; else Redis at 127.0.0.1:6379 if something listens there; else a private
 * `redis-server` from PATH with its data (AOF on) under `dataDir`, stopped on exit.
 */
export async function ensureRedis(env: NodeJS.ProcessEnv, dataDir = './data/redis'): Promise<RedisTarget> {
  if (env.REDIS_URL) return { url: env.REDIS_URL, stop: async () => {} };
  if (await listening(6379)) return { url: 'redis://127.0.0.1:6379', stop: async () => {} };
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', ''],
    { stdio: 'ignore' },
  );
  const spawned = await new Promise<boolean>((ok) => {
    child.once('error', () => ok(false));
    child.once('spawn', () => ok(true));
  });
  if (!spawned) {
    throw new Error(
      'No Redis: REDIS_URL is not set, nothing listens at 127.0.0.1:6379, and there is no redis-server on PATH. ' +
        'Install one (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis) or set REDIS_URL.',
    );
  }
  for (let i = 0; i < 50 && !(await listening(port)); i += 1) await new Promise((ok) => setTimeout(ok, 100));
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((ok) => {
        if (child.exitCode !== null) return ok();
        child.once('exit', () => ok());
        child.kill('SIGTERM');
      }),
  };
}
