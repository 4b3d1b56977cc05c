import { type Channel, listOutbox, OUTBOX_STATES } from '@ocop-monitor/notify';
import { formatDelivery } from '../notifier.ts';
import type { Runtime } from '../runtime.ts';
import { openConfiguredStore } from '../store-runtime.ts';
import { UsageError } from './usage-error.ts';

function needsNotify(runtime: Runtime): void {
  if (!runtime.notifier.enabled)
    throw new UsageError(
      'notifications are off: set notify.enabled and a channel (notify.email, notify.webhooks) in your config',
    );
}

/** `notify outbox [--state S] [--json]`: what was sent to whom, what waits, and why something failed. */
export async function notifyOutboxCommand(
  runtime: Runtime,
  options: { state?: string; json?: boolean },
): Promise<void> {
  if (options.state && !(OUTBOX_STATES as readonly string[]).includes(options.state))
    throw new UsageError(`--state is one of ${OUTBOX_STATES.join(', ')}`);
  const store = await openConfiguredStore(runtime.config);
  try {
    const entries = await listOutbox(store.db, { state: options.state });
    if (options.json) {
      process.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
      return;
    }
    if (entries.length === 0) process.stdout.write('Hộp thư đi trống / the outbox is empty\n');
    for (const e of entries) {
      process.stdout.write(
        `#${e.id} ${e.state.padEnd(10)} ${e.channel.padEnd(8)} ${e.recipient} — ${e.subject ?? e.key}${e.lastError ? ` (${e.lastError})` : ''}\n`,
      );
    }
  } finally {
    await store.close();
  }
}

/** `notify send`: delivers what is due now (the workers do it after each run; this is by hand). */
export async function notifySendCommand(runtime: Runtime): Promise<void> {
  needsNotify(runtime);
  const store = await openConfiguredStore(runtime.config);
  try {
    const tally = await runtime.notifier.deliver(store.db);
    if (tally) process.stdout.write(`${formatDelivery(tally)}\n`);
  } finally {
    await store.close();
  }
}

/** `notify test --channel email|webhook --to ADDRESS`: one test message through a configured channel, now. */
export async function notifyTestCommand(runtime: Runtime, options: { channel: string; to: string }): Promise<void> {
  needsNotify(runtime);
  const store = await openConfiguredStore(runtime.config);
  try {
    // A ZNS test goes through a real approved template: the first one configured.
    const templateType = Object.keys(runtime.config.notify.zns?.templates ?? {})[0] ?? 'test';
    await sendTest(runtime.notifier.channelsFor(store.db), options, templateType);
  } finally {
    await store.close();
  }
}

async function sendTest(
  channels: ReadonlyMap<string, Channel>,
  options: { channel: string; to: string },
  templateType: string,
): Promise<void> {
  const channel = channels.get(options.channel);
  if (!channel)
    throw new UsageError(
      `channel "${options.channel}" is not configured; configured: ${[...channels.keys()].join(', ') || 'none'}`,
    );
  const text = 'Đây là thư thử của hệ thống giám sát sản phẩm OCOP. / A test message from the OCOP monitor.';
  const result = await channel.send({
    key: `test:${Date.now()}`,
    recipient: options.to,
    payload:
      options.channel === 'webhook'
        ? { type: 'test', timestamp: new Date().toISOString(), data: { text } }
        : {
            subject: 'Thử thông báo / test notification',
            text,
            html: `<p>${text}</p>`,
            sms: text,
            facts: {
              type: templateType,
              producerName: 'Thử / test',
              productName: 'Thử / test',
              marketplace: '-',
              openedAt: new Date().toISOString(),
              listingUrl: '-',
            },
          },
  });
  if (result.outcome !== 'sent')
    throw new UsageError(`the test message was not sent: ${result.outcome}: ${result.error}`);
  process.stdout.write(`Đã gửi / sent via ${options.channel} to ${options.to}\n`);
}
