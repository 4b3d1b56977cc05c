import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { addUser, createDashboard } from '@ocop-monitor/dashboard';
import { openStore, queryRows } from '@ocop-monitor/monitor';
import { notifyConfigSchema, planNotifications } from '@ocop-monitor/notify';
import { SANDBOX_PROVIDER_CREDENTIALS, startProviderSimulators } from '@ocop-monitor/sandbox';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadConfig } from '../../workers/src/config/load.ts';
import { DashboardClient, DEFAULT_PASSWORD } from '../dashboard-client.ts';
import { seedAlert, seedListing } from './notify-seed.ts';

const run = promisify(execFile);
const CLI = new URL('../../workers/src/cli/main.ts', import.meta.url).pathname;
const LOG_SCRIPT = new URL('./fixtures/log-a-failure.ts', import.meta.url).pathname;

const PLANTED = {
  smtpPassword: 'smtp-PLANTED-pass-7391',
  smsApiKey: 'sms-PLANTED-key-4410',
  smsSecret: 'sms-PLANTED-secret-9921',
  webhookSecret: 'whsec_UExBTlRFRC13ZWJob29rLXNlY3JldC0yMDI2',
};

describe('secrets never appear in an error, a log line, the outbox or a page', () => {
  it('forced failures on every channel, a store failure mid token refresh, logs at debug: no planted or live secret anywhere', {
    timeout: 120_000,
  }, async () => {
    const providers = await startProviderSimulators();
    const dir = mkdtempSync(join(tmpdir(), 'ocop-secrets-'));
    const dataDir = join(dir, 'data');
    try {
      const notify = {
        enabled: true,
        // `notify send` runs on the wall clock: no quiet hours, so the test means the same at any hour.
        quietHours: { start: 0, end: 0 },
        producerChannels: ['zns', 'sms', 'email'],
        zns: {
          apiUrl: providers.zns.url,
          oauthUrl: providers.zns.url,
          ...SANDBOX_PROVIDER_CREDENTIALS.zns,
          templates: { zero_sales: '301002' },
        },
        // Wrong credentials at the SMS provider, an SMTP server that is not there, a webhook that is not there.
        sms: { apiUrl: providers.sms.url, apiKey: PLANTED.smsApiKey, secretKey: PLANTED.smsSecret, brandname: 'SOCT' },
        email: { host: '127.0.0.1', port: 9, user: 'soct', password: PLANTED.smtpPassword, from: 'giam-sat@soct.vn' },
        webhooks: [{ name: 'so-ct', url: 'http://127.0.0.1:9/hook', secret: PLANTED.webhookSecret }],
      };
      const config = join(dir, 'tinh.yaml');
      writeFileSync(config, stringify({ dataDir, notify, log: { level: 'debug' } }));
      chmodSync(config, 0o600);

      // A store with one due message; then the token table refuses updates, so that saving Zalo's
      // rotated refresh token fails — and that failed query's parameters hold the live token.
      const store = await openStore({ dataDir });
      const { listingId } = await seedListing(store.db, {
        channels: ['zalo', 'sms', 'email'],
        zaloPhone: '+84912000111',
        phone: '+84912000111',
        email: 'htx@example.vn',
      });
      await seedAlert(store.db, listingId, {
        type: 'zero_sales',
        state: 'open',
        openedAt: new Date('2026-03-01T00:00:00Z'),
      });
      const parsed = notifyConfigSchema.parse(notify);
      await planNotifications(
        store.db,
        parsed,
        new Date('2026-03-03T03:00:00Z'),
        new Set(['zns', 'sms', 'email', 'webhook']),
      );
      await store.db.execute(sql`create function refuse_token_save() returns trigger language plpgsql as $$
        begin raise exception 'token table is read-only today'; end $$`);
      await store.db.execute(
        sql`create trigger refuse_token_save before update on channel_tokens for each row execute function refuse_token_save()`,
      );
      await store.close();

      const outputs: string[] = [];
      const cli = async (...args: string[]) => {
        const done = await run(process.execPath, [CLI, '--config', config, ...args], {
          env: { ...process.env, OCOP_DEBUG: '1', LOG_LEVEL: 'debug' },
        }).catch((error: { stdout: string; stderr: string }) => error);
        outputs.push(done.stdout, done.stderr);
      };
      await cli('notify', 'send');
      await cli('notify', 'send'); // the retries, and the fallbacks they led to
      await cli('notify', 'outbox');
      // The runtime's logger, given a failed store query and objects holding secrets.
      const logged = await run(process.execPath, [LOG_SCRIPT, config], { env: { ...process.env, LOG_LEVEL: 'debug' } });
      outputs.push(logged.stdout, logged.stderr);

      const reopened = await openStore({ dataDir });
      try {
        const rows = await queryRows<{ state: string; last_error: string | null; payload: unknown }>(
          reopened.db,
          sql`select state, last_error, payload from notifications order by id`,
        );
        await addUser(reopened.db, {
          username: 'reviewer',
          displayName: 'Cán bộ',
          password: DEFAULT_PASSWORD,
          role: 'reviewer',
        });
        const app = await createDashboard({
          db: reopened.db,
          freshnessHours: 48,
          confirmAfterHours: 6,
          countedMarketplaces: [],
          secureCookies: false,
        });
        await app.listen({ port: 0, host: '127.0.0.1' });
        const pages: string[] = [];
        try {
          const reviewer = new DashboardClient(`http://127.0.0.1:${(app.server.address() as { port: number }).port}`);
          await reviewer.login('reviewer');
          for (const path of ['/outbox', '/api/outbox', '/outbox?state=pending', '/outbox?state=failed'])
            pages.push((await reviewer.call('GET', path)).body);
        } finally {
          await app.close();
        }
        const live = providers.zns.issued;
        const secrets = [
          ...Object.values(PLANTED),
          SANDBOX_PROVIDER_CREDENTIALS.zns.secretKey,
          SANDBOX_PROVIDER_CREDENTIALS.zns.refreshToken,
          live.refreshToken,
          live.accessToken,
        ].filter((secret): secret is string => Boolean(secret));
        expect(secrets.length).toBeGreaterThanOrEqual(7);
        const haystacks = { outputs: outputs.join('\n'), outbox: JSON.stringify(rows), pages: pages.join('\n') };
        for (const [where, text] of Object.entries(haystacks))
          for (const secret of secrets) expect(text.includes(secret), `${secret} in ${where}`).toBe(false);
        // The failures really happened: a refused token save, channels that fell back or failed.
        const errors = rows.map((row) => row.last_error ?? '').join('\n');
        expect(errors).toContain('the store could not run a query (SQLSTATE P0001)');
        expect(rows.length).toBeGreaterThanOrEqual(2);
        expect(outputs.join('\n')).toContain('the store could not run a query');
      } finally {
        await reopened.close();
      }
    } finally {
      await providers.close();
    }
  });
});

describe('secrets come from the environment or a file, and a readable config file holding them is warned about', () => {
  it('every secret from NAME or NAME_FILE, a webhook’s by its name; a world-readable file with secrets says chmod 600', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ocop-secret-files-'));
    const file = (name: string, text: string) => {
      const path = join(dir, name);
      writeFileSync(path, `${text}\n`, { mode: 0o600 });
      return path;
    };
    const yaml = join(dir, 'tinh.yaml');
    writeFileSync(
      yaml,
      stringify({
        notify: {
          enabled: true,
          email: { host: 'smtp.soct.vn', from: 'giam-sat@soct.vn', user: 'soct' },
          webhooks: [{ name: 'so-ct', url: 'https://hooks.soct.vn/ocop', secret: 'whsec_placeholderplaceholder00' }],
        },
      }),
    );
    chmodSync(yaml, 0o644);
    const warnings: string[] = [];
    const config = loadConfig({
      file: yaml,
      warn: (line) => warnings.push(line),
      env: {
        OCOP_SMTP_PASSWORD_FILE: file('smtp', 'mat-khau-tu-tep'),
        OCOP_WEBHOOK_SECRET_SO_CT_FILE: file('hook', 'whsec_dGhlLXJlYWwtc2VjcmV0LWZyb20tYS1maWxl'),
        DATABASE_URL_FILE: file('db', 'postgres://ocop:mk@127.0.0.1:5432/ocop'),
      },
    });
    expect(config.notify.email?.password).toBe('mat-khau-tu-tep');
    expect(config.notify.webhooks[0]?.secret).toBe('whsec_dGhlLXJlYWwtc2VjcmV0LWZyb20tYS1maWxl');
    expect(config.databaseUrl).toBe('postgres://ocop:mk@127.0.0.1:5432/ocop');
    expect(warnings).toEqual([
      expect.stringMatching(/holds secrets \(notify\.webhooks\.0\.secret\) and other users can read it: chmod 600/u),
    ]);
    chmodSync(yaml, 0o600);
    warnings.length = 0;
    loadConfig({ file: yaml, warn: (line) => warnings.push(line), env: {} });
    expect(warnings).toEqual([]);
  });
});
