import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '@ocop-monitor/monitor';
import { sql } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadConfig } from '../workers/src/config/load.ts';
import { QueueEngine } from '../workers/src/queue/engine.ts';
import { createRuntime } from '../workers/src/runtime.ts';
import { REDIS_URL, redisAvailable } from './redis-target.ts';
import { createPostgresDatabase, postgresAvailable } from './store-targets.ts';

const CLI = new URL('../workers/src/cli/main.ts', import.meta.url).pathname;
const SECRET = `whsec_${Buffer.from('crash-test-secret-for-webhooks-32b').toString('base64')}`;
const MESSAGES = 40;

async function until(what: () => boolean | Promise<boolean>, timeoutMs: number, message: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await what())) {
    if (Date.now() > deadline) throw new Error(message);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const count = async (store: Store, where: ReturnType<typeof sql>) =>
  (
    (await store.db.execute(sql`select count(*)::int as n from notifications where ${where}`)) as unknown as {
      rows: Array<{ n: number }>;
    }
  ).rows[0]?.n ?? 0;

describe.skipIf(!redisAvailable || !postgresAvailable)('crash safety of notification delivery', () => {
  it('kill -9 of the notify worker mid-batch: every webhook event arrives once per id; no e-mail is sent twice', {
    timeout: 180_000,
  }, async () => {
    // A slow provincial webhook receiver (so the batch takes seconds) and a mail server, both recording.
    const webhookIds: string[] = [];
    const receiver: Server = createServer((request, response) => {
      webhookIds.push(String(request.headers['webhook-id']));
      request.resume();
      setTimeout(() => response.writeHead(204).end(), 60);
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const mailsTo: string[] = [];
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        stream.resume();
        stream.on('end', () => {
          mailsTo.push(...session.envelope.rcptTo.map((r) => r.address));
          setTimeout(callback, 60);
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const database = await createPostgresDatabase();
    const store = await openStore({ databaseUrl: database.url });
    const prefix = `{ocop-notify-crash-${process.pid}}`;
    const layer = {
      log: { level: 'warn' },
      queue: { prefix, lockDurationMs: 2_000, stalledIntervalMs: 1_000, metricsPort: 0 },
      notify: {
        enabled: true,
        leaseSeconds: 2,
        email: {
          host: '127.0.0.1',
          port: (smtp.server.address() as AddressInfo).port,
          ignoreTLS: true,
          from: 'ocop@soct.example',
        },
        webhooks: [
          { name: 'tinh', url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`, secret: SECRET },
        ],
      },
    };
    const configFile = join(mkdtempSync(join(tmpdir(), 'ocop-notify-crash-')), 'worker.yaml');
    writeFileSync(configFile, stringify(layer));
    const runtime = createRuntime(loadConfig({ overrides: layer, env: {} }));
    const producer = await QueueEngine.start(runtime, store, REDIS_URL, {
      checks: false,
      runs: false,
      scheduler: false,
    });
    const env = { ...process.env, DATABASE_URL: database.url, REDIS_URL, LOG_LEVEL: 'warn' };
    const worker = (): ChildProcess =>
      spawn(process.execPath, [CLI, '--config', configFile, 'worker'], { env, stdio: 'ignore' });
    const first = worker();
    let second: ChildProcess | undefined;
    try {
      for (let i = 0; i < MESSAGES; i += 1) {
        await store.db.execute(sql`insert into notifications (key, kind, recipient, channel, template_version, payload, state, not_before) values
          (${`crash-hook-${i}`}, 'test', ${layer.notify.webhooks[0]?.url ?? ''}, 'webhook', 'v1', ${JSON.stringify({ type: 'test', data: { i } })}::jsonb, 'pending', now()),
          (${`crash-mail-${i}`}, 'test', ${`htx-${i}@example.vn`}, 'email', 'v1', ${JSON.stringify({ subject: `#${i}`, text: 't', html: 'h' })}::jsonb, 'pending', now())`);
      }
      await producer.requestDelivery();
      await until(() => webhookIds.length + mailsTo.length >= 10, 60_000, 'the first worker never started delivering');
      first.kill('SIGKILL');
      const atKill = webhookIds.length + mailsTo.length;
      second = worker();
      // The leases of the killed worker's rows run out; deliveries asked for again pick them up.
      await until(
        async () => {
          await producer.requestDelivery();
          return (await count(store, sql`state in ('pending', 'sending', 'deferred')`)) === 0;
        },
        120_000,
        'the outbox never drained after the crash',
      );
      expect(atKill).toBeLessThan(2 * MESSAGES); // it really died mid-batch
      // Webhooks: every event delivered; a resend after the crash carries the same webhook-id, so
      // the receiver (which de-duplicates on it) acts on each once.
      expect(new Set(webhookIds).size).toBe(MESSAGES);
      expect(await count(store, sql`channel = 'webhook' and state = 'sent'`)).toBe(MESSAGES);
      // E-mail cannot be de-duplicated: nothing is sent twice; one cut off mid-send is recorded as uncertain.
      expect(new Set(mailsTo).size).toBe(mailsTo.length);
      const sentMail = await count(store, sql`channel = 'email' and state = 'sent'`);
      const uncertain = await count(store, sql`channel = 'email' and state = 'uncertain'`);
      expect(sentMail + uncertain).toBe(MESSAGES);
      expect(mailsTo.length).toBeGreaterThanOrEqual(sentMail);
      expect(mailsTo.length).toBeLessThanOrEqual(sentMail + uncertain);
    } finally {
      first.kill('SIGKILL');
      // The second worker must be gone (its connections closed) before the database is dropped.
      const exited =
        second && second.exitCode === null ? new Promise((resolve) => second?.once('exit', resolve)) : null;
      second?.kill('SIGTERM');
      await exited;
      await producer.obliterate();
      await producer.close();
      await runtime.close();
      await store.close();
      // pg's pool finishes closing its sockets after end() resolves; a forced drop before that
      // would terminate them under us.
      await new Promise((resolve) => setTimeout(resolve, 250));
      await database.drop();
      receiver.closeAllConnections();
      receiver.close();
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
    }
  });
});
