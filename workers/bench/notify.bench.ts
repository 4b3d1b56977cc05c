// pnpm bench:notify — the notification outbox at volume: N producer messages (ZNS first, SMS and
// e-mail behind) delivered through the BullMQ notify queue to the sandbox's simulated Zalo ZNS,
// SMS and SMTP providers. Prints messages/s and what 1,000 alerts cost in provider calls (and VND,
// at the indicative prices of shared/notes/notifications.md). Needs PostgreSQL and Redis.

import { openRun, openStore } from '@ocop-monitor/monitor';
import { notifyConfigSchema } from '@ocop-monitor/notify';
import { startProviderSimulators } from '@ocop-monitor/sandbox';
import { sql } from 'drizzle-orm';
import { benchDatabase } from '../../packages/monitor/bench/province-store.ts';
import { loadConfig } from '../src/config/load.ts';
import { QueueEngine } from '../src/queue/engine.ts';
import { SIMULATED_CLOCK_ENGINE } from '../src/queue/job-subjects.ts';
import { createRuntime } from '../src/runtime.ts';
import { sandboxNotifyLayer } from '../src/sandbox-config.ts';

const POSTGRES = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 2_000);
// Indicative prices per message (VND, before VAT): ZNS custom template ~200, SMS brandname ~600.
const PRICE_VND = { zns: 200, sms: 600, email: 0 } as const;

const database = await benchDatabase(POSTGRES);
const providers = await startProviderSimulators();
const config = loadConfig({
  overrides: { log: { level: 'error' }, queue: { prefix: `{ocop-notifybench-${process.pid}}` } },
  env: {},
});
const runtime = createRuntime({ ...config, notify: notifyConfigSchema.parse(sandboxNotifyLayer(providers)) });
const store = await openStore({ databaseUrl: database.url });
const engine = await QueueEngine.start(runtime, store, REDIS, {
  checks: false,
  runs: false,
  scheduler: false,
  notify: true,
});
try {
  const facts = (i: number) => ({
    alertId: i,
    type: 'zero_sales',
    producerName: `HTX số ${i}`,
    productName: `Sản phẩm OCOP số ${i}`,
    marketplace: 'voso',
    listingUrl: `https://voso.vn/san-pham-${i}-p${i}.html`,
    evidence: { windowDays: 30, soldNow: 0 },
    openedAt: '2026-03-01T00:00:00.000Z',
  });
  for (let i = 0; i < MESSAGES; i += 500) {
    const values = Array.from({ length: Math.min(500, MESSAGES - i) }, (_, j) => {
      const n = i + j;
      const phone = `+8491${String(1_000_000 + n).slice(-7)}`;
      const payload = {
        subject: `Sản phẩm OCOP số ${n}`,
        text: 't',
        html: 'h',
        sms: `[OCOP] San pham so ${n} chua co don hang 30 ngay tren voso.vn.`,
        facts: facts(n),
        fallbacks: [
          { channel: 'sms', recipient: phone },
          { channel: 'email', recipient: `htx-${n}@example.vn` },
        ],
      };
      return sql`(${`bench:${n}:zns:v1`}, 'alert', ${phone}, 'zns', 'v1', ${JSON.stringify(payload)}::jsonb, 'pending', '2026-03-01T01:00:00Z')`;
    });
    await store.db.execute(
      sql`insert into notifications (key, kind, recipient, channel, template_version, payload, state, not_before) values ${sql.join(values, sql`, `)}`,
    );
  }
  const started = performance.now();
  // 08:00 in Asia/Ho_Chi_Minh, outside quiet hours: the clock of a run recorded in the store (jobs carry none).
  const run = await openRun(store.db, '2026-03-01', new Date('2026-03-01T01:00:00Z'), SIMULATED_CLOCK_ENGINE);
  await engine.requestDelivery(run.id);
  for (;;) {
    const [row] = (
      (await store.db.execute(
        sql`select count(*)::int as n from notifications where state in ('pending', 'sending')`,
      )) as unknown as { rows: Array<{ n: number }> }
    ).rows;
    if ((row?.n ?? 0) === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const seconds = (performance.now() - started) / 1000;
  const calls = {
    zns: providers.zns.messages.length,
    sms: providers.sms.messages.length,
    email: providers.smtp.mails.length,
  };
  // ZNS attempts that fell back were calls too: one per fallen-back message, plus token refreshes.
  const [fell] = (
    (await store.db.execute(
      sql`select count(*)::int as n from notifications where state = 'fell_back' and channel = 'zns'`,
    )) as unknown as { rows: Array<{ n: number }> }
  ).rows;
  const providerCalls = calls.zns + (fell?.n ?? 0) + providers.zns.refreshes + calls.sms + calls.email;
  const vnd = calls.zns * PRICE_VND.zns + calls.sms * PRICE_VND.sms;
  process.stdout.write(
    `${MESSAGES} producer messages through the notify queue (one worker, PostgreSQL, local simulated providers)\n`,
  );
  process.stdout.write(`  throughput        ${Math.round(MESSAGES / seconds)} messages/s (${seconds.toFixed(1)} s)\n`);
  process.stdout.write(
    `  delivered         ZNS ${calls.zns}, fell back to SMS ${calls.sms}, e-mail ${calls.email}, token refreshes ${providers.zns.refreshes}\n`,
  );
  process.stdout.write(
    `  per 1,000 alerts  ${Math.round((providerCalls / MESSAGES) * 1000)} provider calls, ~${Math.round((vnd / MESSAGES) * 1000).toLocaleString('en')} VND\n`,
  );
} finally {
  await engine.obliterate();
  await engine.close();
  await runtime.close();
  await store.close();
  await providers.close();
  await database.drop();
}
