import type { AfterAlertsHook, Database } from '@ocop-monitor/monitor';
import {
  type Channel,
  createEmailChannel,
  createWebhookChannel,
  type DeliveryTally,
  deliverDue,
  type NotifyConfig,
  planNotifications,
} from '@ocop-monitor/notify';

/** The notification side of a process: the configured channels, the outbox hook, delivery. */
export interface Notifier {
  enabled: boolean;
  channels: ReadonlyMap<string, Channel>;
  /** Writes the outbox in the transaction that changed alerts; undefined when notifications are off. */
  afterAlerts: AfterAlertsHook | undefined;
  /** Delivers what is due now (null when notifications are off). */
  deliver(db: Database, now?: () => Date): Promise<DeliveryTally | null>;
  close(): Promise<void>;
}

export function createNotifier(config: NotifyConfig): Notifier {
  const channels = new Map<string, Channel>();
  if (config.enabled && config.email) channels.set('email', createEmailChannel(config.email));
  if (config.enabled && config.webhooks.length) channels.set('webhook', createWebhookChannel(config.webhooks));
  const available = new Set(channels.keys());
  return {
    enabled: config.enabled,
    channels,
    afterAlerts: config.enabled
      ? async (tx, now) => {
          await planNotifications(tx, config, now, available);
        }
      : undefined,
    deliver: async (db, now) => (config.enabled ? deliverDue(db, channels, config, now ? { now } : {}) : null),
    close: async () => {
      for (const channel of channels.values()) await channel.close?.();
    },
  };
}

/** One line for a command's output. */
export function formatDelivery(tally: DeliveryTally): string {
  return `Thông báo / notifications: sent ${tally.sent}, retrying ${tally.retried}, deferred ${tally.deferred}, fell back ${tally.fellBack}, failed ${tally.failed}, uncertain ${tally.uncertain}`;
}
