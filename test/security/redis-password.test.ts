import { type ChildProcess, spawn } from 'node:child_process';
import { connect } from 'node:net';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../workers/bench/free-port.ts';
import { connectionFor, listening } from '../../workers/src/queue/redis.ts';

// A password with the characters a REDIS_URL must percent-encode.
const PASSWORD = 'mật khẩu@redis:2026/#';
let server: ChildProcess;
let port = 0;

beforeAll(async () => {
  port = await freePort();
  server = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--requirepass', PASSWORD],
    {
      stdio: 'ignore',
    },
  );
  for (let i = 0; i < 50 && !(await listening(port)); i += 1) await new Promise((ok) => setTimeout(ok, 100));
});
afterAll(() => {
  server.kill('SIGTERM');
});

/** Adds a job through a REDIS_URL as the workers read it: the number of jobs waiting, or the error. */
async function addJob(url: string): Promise<number | string> {
  const queue = new Queue('password-check', { connection: connectionFor(url, 'producer') });
  queue.on('error', () => {});
  try {
    await queue.add('one', { listingId: 1 });
    return await queue.getWaitingCount();
  } catch (error) {
    return (error as Error).message;
  } finally {
    await queue.obliterate({ force: true }).catch(() => {});
    await queue.close();
  }
}

/** PING without a password, as anyone on the machine could send it: the first answer line. */
function rawPing(to: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(to, '127.0.0.1', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      resolve(data.toString().split('\r\n')[0] ?? '');
      socket.destroy();
    });
    socket.once('error', reject);
  });
}

describe('a Redis that requires a password (as the shipped deploy files set it up)', () => {
  it('takes jobs through a REDIS_URL carrying the password, percent-encoded; refuses a URL without it', async () => {
    expect(await addJob(`redis://:${encodeURIComponent(PASSWORD)}@127.0.0.1:${port}/0`)).toBe(1);
    // Without it the server answers nothing but NOAUTH.
    expect(await rawPing(port)).toMatch(/^-NOAUTH/u);
  });
});
