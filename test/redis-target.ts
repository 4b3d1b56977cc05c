import { Socket } from 'node:net';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

function reachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((done) => {
    const socket = new Socket();
    socket.setTimeout(1_000);
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      done(false);
    });
    socket.once('error', () => done(false));
    socket.connect(Number(port || 6379), hostname);
  });
}

/** Redis for tests, at REDIS_URL or the default port: skipped with a message on a laptop, fatal in CI. */
export const redisAvailable = await reachable(REDIS_URL);
if (!redisAvailable) {
  const message = `Redis is not reachable at ${REDIS_URL}`;
  if (process.env.CI === 'true') throw new Error(`${message}: CI needs it`);
  console.warn(`${message}: the queue engine tests are skipped`);
}
