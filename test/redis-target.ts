import { listening } from '../workers/src/queue/redis.ts';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

function reachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return listening(Number(port || 6379), hostname, 1_000);
}

/** Redis for tests, at REDIS_URL or the default port: skipped with a message on a laptop, fatal in CI. */
export const redisAvailable = await reachable(REDIS_URL);
if (!redisAvailable) {
  const message = `Redis is not reachable at ${REDIS_URL}`;
  if (process.env.CI === 'true') throw new Error(`${message}: CI needs it`);
  console.warn(`${message}: the queue engine tests are skipped`);
}
