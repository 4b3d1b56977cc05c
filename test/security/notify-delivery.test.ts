import { once } from 'node:events';
import { type AddressInfo, createServer, type Server } from 'node:net';
import { FixtureServer } from '@ocop-monitor/adapters/testing';
import { openStore, reviewAlert, type Store } from '@ocop-monitor/monitor';
import { listOutbox, notifyConfigSchema, planNotifications } from '@ocop-monitor/notify';
import { type ProviderSimulators, startProviderSimulators } from '@ocop-monitor/sandbox';
import { sql } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createNotifier } from '../../workers/src/notifier.ts';
import { sandboxNotifyLayer } from '../../workers/src/sandbox-config.ts';
import { seedAlert, seedListing } from './notify-seed.ts';

let providers: ProviderSimulators;
let store: Store;
const closing: Array<() => Promise<unknown>> = [];
beforeEach(async () => {
  providers = await startProviderSimulators();
  store = await openStore({ dataDir: 'memory://' });
});
afterEach(async () => {
  for (const close of closing.splice(0).reverse()) await close();
  await store.close();
  await providers.close();
});

const at = (iso: string) => new Date(iso);
const ALL = new Set(['zns', 'sms', 'email']);

/** The sandbox's providers behind the real channels; `overrides` change the notify configuration. */
function notifier(overrides: Record<string, unknown> = {}) {
  const config = notifyConfigSchema.parse({ ...sandboxNotifyLayer(providers), ...overrides });
  const created = createNotifier(config);
  closing.push(() => created.close());
  return { config, deliver: (now: string) => created.deliver(store.db, () => at(now)) };
}

const plan = (config: ReturnType<typeof notifier>['config'], now: string) =>
  planNotifications(store.db, config, at(now), ALL);

const outbox = async () =>
  (await listOutbox(store.db)).map((entry) => ({
    state: entry.state,
    channel: entry.channel,
    lastError: entry.lastError,
  }));

describe('the gate, consent and address are checked again when a message is claimed for sending', () => {
  it('a confirmed delisting deferred by quiet hours, then snoozed by the reviewer at 23:50, never goes out at 06:01', async () => {
    const { config, deliver } = notifier();
    const { listingId } = await seedListing(store.db, { channels: ['zalo'], zaloPhone: '+84912000111' });
    await store.db.execute(sql`update listings set state = 'delisted' where id = ${listingId}`);
    const alertId = await seedAlert(store.db, listingId, {
      type: 'listing_delisted',
      state: 'confirmed',
      openedAt: at('2026-03-01T10:00:00Z'),
    });
    await plan(config, '2026-03-01T15:30:00Z'); // 22:30 in Vietnam
    expect(await deliver('2026-03-01T15:31:00Z')).toMatchObject({ deferred: 1, sent: 0 });
    await reviewAlert(store.db, {
      id: alertId,
      action: 'snooze',
      until: at('2026-03-08T00:00:00Z'),
      by: 'Cán bộ Sở',
      now: at('2026-03-01T16:50:00Z'), // 23:50
      confirmAfterHours: 6,
    });
    expect(await deliver('2026-03-01T23:01:00Z')).toMatchObject({ withdrawn: 1, sent: 0 });
    expect(providers.zns.messages).toEqual([]);
    expect(await outbox()).toEqual([
      { state: 'withdrawn', channel: 'zns', lastError: 'withdrawn before sending: alert is snoozed' },
    ]);
  });

  it('a producer who withdrew SMS consent after planning gets no SMS; the next planning reaches them by e-mail instead', async () => {
    const { config, deliver } = notifier();
    const { producerId, listingId } = await seedListing(store.db, { channels: ['sms'], phone: '+84912000222' });
    await seedAlert(store.db, listingId, { type: 'zero_sales', state: 'open', openedAt: at('2026-03-01T00:00:00Z') });
    await plan(config, '2026-03-03T03:00:00Z'); // 50 h later: released automatically
    await store.db.execute(
      sql`update producers set channels = '{email}', email = 'htx-cua-viet@example.vn' where id = ${producerId}`,
    );
    expect(await deliver('2026-03-03T03:01:00Z')).toMatchObject({ withdrawn: 1, sent: 0 });
    expect(providers.sms.messages).toEqual([]);
    await plan(config, '2026-03-03T03:02:00Z');
    expect(await deliver('2026-03-03T03:03:00Z')).toMatchObject({ sent: 1 });
    expect(providers.smtp.mails.map((mail) => mail.to)).toEqual([['htx-cua-viet@example.vn']]);
    expect((await outbox()).map((row) => [row.channel, row.state])).toEqual([
      ['email', 'sent'],
      ['sms', 'withdrawn'],
    ]);
    expect((await outbox())[1]?.lastError).toBe('withdrawn before sending: the producer no longer consents to sms');
  });

  it('an automatic release whose marketplace turned degraded, or whose listing turned delisted, is withdrawn', async () => {
    const { config, deliver } = notifier();
    const degraded = await seedListing(store.db, { channels: ['zalo'], zaloPhone: '+84912000111' });
    const delisted = await seedListing(store.db, { channels: ['zalo'], zaloPhone: '+84912000121' }, 'tiki');
    await seedAlert(store.db, degraded.listingId, {
      type: 'zero_sales',
      state: 'open',
      openedAt: at('2026-03-01T00:00:00Z'),
    });
    await seedAlert(store.db, delisted.listingId, {
      type: 'out_of_stock',
      state: 'open',
      openedAt: at('2026-03-01T00:00:00Z'),
      marketplace: 'tiki',
    });
    await plan(config, '2026-03-03T03:00:00Z');
    await store.db.execute(
      sql`insert into alerts (type, subject, marketplace, severity, state, opened_at, updated_at, evidence)
          values ('marketplace_degraded', 'marketplace:voso', 'voso', 'critical', 'open', now(), now(), '{}'::jsonb)`,
    );
    await store.db.execute(sql`update listings set state = 'delisted' where id = ${delisted.listingId}`);
    expect(await deliver('2026-03-03T03:01:00Z')).toMatchObject({ withdrawn: 2, sent: 0 });
    expect((await outbox()).map((row) => row.lastError).sort()).toEqual([
      'withdrawn before sending: muted: the listing itself is delisted',
      'withdrawn before sending: muted: voso is degraded or held',
    ]);
  });

  it('a message retrying over hours is withdrawn once its alert is dismissed', async () => {
    const closed = await closedPort();
    const { config, deliver } = notifier({
      producerChannels: ['email'],
      email: { host: '127.0.0.1', port: closed, ignoreTLS: true, from: 'giam-sat@soct.sandbox' },
    });
    const { listingId } = await seedListing(store.db, { channels: ['email'], email: 'htx@example.vn' });
    const alertId = await seedAlert(store.db, listingId, {
      type: 'zero_sales',
      state: 'open',
      openedAt: at('2026-03-01T00:00:00Z'),
    });
    await plan(config, '2026-03-03T03:00:00Z');
    expect(await deliver('2026-03-03T03:01:00Z')).toMatchObject({ retried: 1 });
    await reviewAlert(store.db, {
      id: alertId,
      action: 'dismiss',
      by: 'Cán bộ Sở',
      now: at('2026-03-03T04:00:00Z'),
      confirmAfterHours: 6,
    });
    expect(await deliver('2026-03-03T05:00:00Z')).toMatchObject({ withdrawn: 1, sent: 0 });
  });
});

describe('a channel that cannot de-duplicate never sends twice', () => {
  it('ZNS: no answer after the request was sent is uncertain, shown, and never sent again by itself', async () => {
    const zalo = new FixtureServer();
    const url = await zalo.start();
    closing.push(() => zalo.close());
    zalo.serve({
      '/v4/oa/access_token': {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ access_token: 'at-1', refresh_token: 'rt-2', expires_in: '90000' }),
      },
      '/message/template': { hang: true },
    });
    const base = sandboxNotifyLayer(providers) as { zns: Record<string, unknown> };
    const { config, deliver } = notifier({ zns: { ...base.zns, apiUrl: url, oauthUrl: url, timeoutMs: 300 } });
    const { listingId } = await seedListing(store.db, {
      channels: ['zalo', 'sms'],
      zaloPhone: '+84912000111',
      phone: '+84912000111',
    });
    await seedAlert(store.db, listingId, { type: 'zero_sales', state: 'open', openedAt: at('2026-03-01T00:00:00Z') });
    await plan(config, '2026-03-03T03:00:00Z');
    expect(await deliver('2026-03-03T03:01:00Z')).toMatchObject({ uncertain: 1, sent: 0, retried: 0 });
    expect(await deliver('2026-03-03T09:00:00Z')).toMatchObject({ uncertain: 0, sent: 0, retried: 0 });
    expect(zalo.requests.filter((path) => path === '/message/template')).toHaveLength(1);
    expect(providers.sms.messages).toEqual([]); // no fallback either: the producer may have it
    const [row] = await outbox();
    expect(row).toMatchObject({ state: 'uncertain', channel: 'zns' });
    expect(row?.lastError).toMatch(
      /^it may have arrived, so it is not sent again: ZNS: no answer after the request was sent/u,
    );
  });

  it('e-mail: a connection dropped after the server took the message is uncertain, never resent', async () => {
    const peer = await smtpThatDropsAfterData();
    closing.push(() => peer.close());
    const { config, deliver } = notifier({
      producerChannels: ['email'],
      email: { host: '127.0.0.1', port: peer.port, ignoreTLS: true, from: 'giam-sat@soct.sandbox' },
    });
    const { listingId } = await seedListing(store.db, { channels: ['email'], email: 'htx@example.vn' });
    await seedAlert(store.db, listingId, { type: 'zero_sales', state: 'open', openedAt: at('2026-03-01T00:00:00Z') });
    await plan(config, '2026-03-03T03:00:00Z');
    expect(await deliver('2026-03-03T03:01:00Z')).toMatchObject({ uncertain: 1, retried: 0 });
    expect(await deliver('2026-03-03T09:00:00Z')).toMatchObject({ uncertain: 0, sent: 0, retried: 0 });
    expect(peer.messagesTaken()).toBe(1);
  });
});

describe('SMTP requires TLS', () => {
  it('against a server without STARTTLS the channel sends neither the password nor the mail', async () => {
    const logins: string[] = [];
    let mails = 0;
    const server = new SMTPServer({
      disabledCommands: ['STARTTLS'],
      authOptional: false,
      allowInsecureAuth: true,
      onAuth(auth, _session, callback) {
        logins.push(`${auth.username}:${auth.password}`);
        callback(null, { user: auth.username });
      },
      onData(stream, _session, callback) {
        mails += 1;
        stream.resume();
        stream.on('end', () => callback());
      },
    });
    server.listen(0, '127.0.0.1');
    await once(server.server, 'listening');
    closing.push(() => new Promise((resolve) => server.close(() => resolve(undefined))));
    const port = (server.server.address() as AddressInfo).port;
    const { config, deliver } = notifier({
      producerChannels: ['email'],
      email: { host: '127.0.0.1', port, user: 'soct', password: 'mat-khau-smtp', from: 'giam-sat@soct.sandbox' },
    });
    const { listingId } = await seedListing(store.db, { channels: ['email'], email: 'htx@example.vn' });
    await seedAlert(store.db, listingId, { type: 'zero_sales', state: 'open', openedAt: at('2026-03-01T00:00:00Z') });
    await plan(config, '2026-03-03T03:00:00Z');
    const tally = await deliver('2026-03-03T03:01:00Z');
    expect(tally).toMatchObject({ sent: 0, failed: 1 });
    expect(logins).toEqual([]);
    expect(mails).toBe(0);
    const [row] = await outbox();
    expect(row?.lastError).toMatch(/^admin: SMTP /u);
  });
});

/** A port nothing listens on: connections to it are refused at once (nothing sent). */
async function closedPort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A scripted SMTP peer: it takes a message's DATA, then drops the connection without a reply. */
async function smtpThatDropsAfterData(): Promise<{ port: number; messagesTaken(): number; close(): Promise<void> }> {
  let taken = 0;
  const server: Server = createServer((socket) => {
    let inData = false;
    let buffer = '';
    socket.write('220 smtp.test ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('latin1');
      if (inData) {
        if (buffer.includes('\r\n.\r\n')) {
          taken += 1;
          socket.destroy(); // the message is here; the 250 never goes back
        }
        return;
      }
      for (let end = buffer.indexOf('\r\n'); end !== -1; end = buffer.indexOf('\r\n')) {
        const line = buffer.slice(0, end).toUpperCase();
        buffer = buffer.slice(end + 2);
        if (line.startsWith('EHLO')) socket.write('250-smtp.test\r\n250 8BITMIME\r\n');
        else if (line.startsWith('DATA')) {
          inData = true;
          socket.write('354 go ahead\r\n');
          break;
        } else socket.write('250 OK\r\n');
      }
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    messagesTaken: () => taken,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
      }),
  };
}
